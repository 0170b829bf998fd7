// Changing one's password: the current one (or the one-time password), the new one twice. The server
// checks the policy; every reason it refuses a new password for is listed under the field.
import { useState, type SubmitEvent } from 'react';
import { api, asApiError } from '../../api.ts';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { NewPasswordFields, passwordsDiffer } from './NewPasswordFields.tsx';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

interface Props {
  currentLabel: string;
  submitText: string;
  onChanged: () => void | Promise<void>;
}

export function PasswordChangeForm({ currentLabel, submitText, onChanged }: Props) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const change = useFormMutation();
  const { error, busy, formRef, alertRef } = change;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const differ = passwordsDiffer(newPassword, confirmPassword);
    if (differ) {
      change.setError(differ);
      return;
    }
    await change.run(async () => {
      try {
        await api.me.changePassword(currentPassword, newPassword);
      } catch (err) {
        // A wrong current password is typed again.
        if (asApiError(err).fields.some((f) => f.field === 'currentPassword')) setCurrentPassword('');
        throw err;
      }
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
      await onChanged();
    });
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
      <NewPasswordFields
        password={newPassword}
        again={confirmPassword}
        onPassword={setNewPassword}
        onAgain={setConfirmPassword}
        errors={fields}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : submitText}
      </button>
    </form>
  );
}
