// Creating a custom group.
import { useState, type SubmitEvent } from 'react';
import { api, asApiError, type ApiError, type Group } from '../../../api.ts';
import { fieldMessages } from '../../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { TextField } from '../../../ui/TextField.tsx';

export function GroupCreateForm({ onCreated }: { onCreated: (group: Group) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const group = await api.groups.create({ name, description });
      setError(undefined);
      setName('');
      setDescription('');
      onCreated(group);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <h2 id="create-group-heading">Create a group</h2>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['name', 'description']} />
      <TextField label="Name" name="name" required value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
      <TextField
        label="Description"
        name="description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fields.description}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create group'}
      </button>
    </form>
  );
}
