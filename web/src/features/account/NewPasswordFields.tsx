// Choosing a password: the new one with the policy in its hint, and the same again. Used wherever a password
// is chosen (changing it, a reset link, an invitation); the server checks the policy and lists every reason it
// refuses a password for under the field. That the two are the same is checked before sending.
import { ApiError } from '../../api.ts';
import { TextField } from '../../ui/TextField.tsx';

export const NEW_PASSWORD_HINT =
  'A long phrase of unrelated words works well (the minimum is usually 12 characters). It must not be a common password or contain your username or e-mail address.';

/** The password's name in labels and messages: "new password" where it replaces one, else "password". */
type What = 'new password' | 'password';

const capitalised = (what: What) => what.charAt(0).toUpperCase() + what.slice(1);

/** The error for two different passwords (on the field `confirmPassword`), or undefined when they are the same. */
export function passwordsDiffer(password: string, again: string, what: What = 'new password'): ApiError | undefined {
  return password === again
    ? undefined
    : new ApiError(0, 'client', `The two ${what}s are not the same.`, [
        { field: 'confirmPassword', message: `does not match the ${what}.` },
      ]);
}

interface Props {
  what?: What;
  password: string;
  again: string;
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
  /** The messages of the fields `newPassword` and `confirmPassword`. */
  errors: Record<string, string[]>;
}

export function NewPasswordFields({ what = 'new password', password, again, onPassword, onAgain, errors }: Props) {
  return (
    <>
      <TextField
        label={capitalised(what)}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.newPassword}
      />
      <TextField
        label={`${capitalised(what)} again`}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        value={again}
        onChange={(e) => onAgain(e.target.value)}
        error={errors.confirmPassword}
      />
    </>
  );
}
