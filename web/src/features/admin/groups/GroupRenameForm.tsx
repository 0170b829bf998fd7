// Renaming a group and changing its description.
import { useState, type SubmitEvent } from 'react';
import { api, asApiError, type ApiError, type Group } from '../../../api.ts';
import { fieldMessages } from '../../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextField } from '../../../ui/TextField.tsx';

export function GroupRenameForm({ group, onSaved }: { group: Group; onSaved: (group: Group) => void }) {
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const updated = await api.groups.update(group.id, { name, description });
      setError(undefined);
      setSaved(true);
      onSaved(updated);
    } catch (err) {
      setSaved(false);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="rename-heading" className="card">
      <h2 id="rename-heading">Name and description</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['name', 'description']} />
        {saved ? <StatusMessage>Saved.</StatusMessage> : null}
        <TextField label="Name" name="name" required value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
        <TextField
          label="Description"
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={fields.description}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </form>
    </section>
  );
}
