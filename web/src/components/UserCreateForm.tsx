// Creating a user account. Every field error the API reports is shown next to its input.
import { useState, type FormEvent } from 'react';
import { api, asApiError, type ApiError, type User } from '../api.ts';
import { fieldMessages } from '../fieldErrors.ts';
import { useErrorFocus } from '../hooks/useErrorFocus.ts';
import { CheckboxField } from './CheckboxField.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { TextField } from './TextField.tsx';

const FIELDS = ['username', 'displayName', 'email', 'password', 'isAdmin'] as const;

export function UserCreateForm({ onCreated }: { onCreated(user: User): void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const user = await api.users.create({
        username,
        password,
        isAdmin,
        ...(displayName.trim() ? { displayName } : {}),
        ...(email.trim() ? { email } : {}),
      });
      setError(undefined);
      setUsername('');
      setDisplayName('');
      setEmail('');
      setPassword('');
      setIsAdmin(false);
      onCreated(user);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
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
      <TextField label="Display name" name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fields.displayName} />
      <TextField label="E-mail" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fields.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        hint="At least 12 characters, not containing the username."
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fields.password}
      />
      <CheckboxField label="Administrator" name="isAdmin" checked={isAdmin} onChange={setIsAdmin} error={fields.isAdmin} />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
