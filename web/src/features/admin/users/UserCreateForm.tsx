// Creating a user account: by invitation (the user gets a mailed link and chooses a password; the default), or
// with a one-time password the administrator hands over, which the user must change at the first sign-in.
// Every field error the API reports is shown next to its input.
import { useState, type SubmitEvent } from 'react';
import { api, type User } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { CheckboxField } from '../../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { TextField } from '../../../ui/TextField.tsx';

const FIELDS = ['username', 'displayName', 'email', 'password', 'isAdmin'] as const;

type Mode = 'invite' | 'password';

export function UserCreateForm({ onCreated }: { onCreated: (user: User) => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [mode, setMode] = useState<Mode>('invite');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation<User>({
    onSuccess: (user) => {
      setUsername('');
      setDisplayName('');
      setEmail('');
      setPassword('');
      setIsAdmin(false);
      onCreated(user);
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() =>
      api.users.create({
        username,
        isAdmin,
        ...(mode === 'password' ? { password } : {}),
        ...(displayName.trim() ? { displayName } : {}),
        ...(email.trim() ? { email } : {}),
      }),
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <h2 id="create-user-heading">Create a user</h2>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={FIELDS} />
      <TextField
        label="Username"
        name="username"
        hint="Letters, digits and . _ @ - only."
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={fields.username}
      />
      <TextField
        label="Display name"
        name="displayName"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        error={fields.displayName}
      />
      <TextField
        label="E-mail"
        name="email"
        type="email"
        hint={mode === 'invite' ? 'The invitation goes to this address.' : undefined}
        required={mode === 'invite'}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fields.email}
      />
      <fieldset className="fieldset">
        <legend>Password</legend>
        <div className="field field-checkbox">
          <input type="radio" id="create-user-invite" name="passwordMode" checked={mode === 'invite'} onChange={() => setMode('invite')} />
          <label htmlFor="create-user-invite">
            Send an invitation by e-mail: the user chooses a password (the link works once, for seven days)
          </label>
        </div>
        <div className="field field-checkbox">
          <input
            type="radio"
            id="create-user-password"
            name="passwordMode"
            checked={mode === 'password'}
            onChange={() => setMode('password')}
          />
          <label htmlFor="create-user-password">
            Set a one-time password and hand it over: the user must change it at the first sign-in
          </label>
        </div>
      </fieldset>
      {mode === 'password' ? (
        <TextField
          label="One-time password"
          name="password"
          type="password"
          hint="At least 12 characters, not containing the username."
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
      ) : null}
      <CheckboxField label="Administrator" name="isAdmin" checked={isAdmin} onChange={setIsAdmin} error={fields.isAdmin} />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : mode === 'invite' ? 'Create user and send the invitation' : 'Create user'}
      </button>
    </form>
  );
}
