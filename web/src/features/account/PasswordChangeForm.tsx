// Changing one's password: the current one (or the one-time password), the new one twice. The server
// checks the policy; every reason it refuses a new password for is listed under the field.
import { useState, type SubmitEvent } from 'react';
import { ApiError, api, asApiError } from '../../api.ts';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { TextField } from '../../ui/TextField.tsx';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

interface Props {
  currentLabel: string;
  submitText: string;
  onChanged: () => void | Promise<void>;
}

export const NEW_PASSWORD_HINT =
  'A long phrase of unrelated words works well (the minimum is usually 12 characters). It must not be a common password or contain your username or e-mail address.';

export function PasswordChangeForm({ currentLabel, submitText, onChanged }: Props) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (newPassword !== confirmPassword) {
      setError(
        new ApiError(0, 'client', 'The two new passwords are not the same.', [
          { field: 'confirmPassword', message: 'does not match the new password.' },
        ]),
      );
      return;
    }
    setBusy(true);
    try {
      await api.me.changePassword(currentPassword, newPassword);
      setError(undefined);
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
      await onChanged();
    } catch (err) {
      const failure = asApiError(err);
      setError(failure);
      if (failure.fields.some((f) => f.field === 'currentPassword')) setCurrentPassword('');
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessageLists(error);
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <ErrorAlert error={error} alertRef={alertRef} shownFields={FIELDS} />
      <TextField
        label={currentLabel}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrentPassword(e.target.value)}
        error={fields.currentPassword}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        required
        value={newPassword}
        onChange={(e) => setNewPassword(e.target.value)}
        error={fields.newPassword}
      />
      <TextField
        label="New password again"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        value={confirmPassword}
        onChange={(e) => setConfirmPassword(e.target.value)}
        error={fields.confirmPassword}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : submitText}
      </button>
    </form>
  );
}
