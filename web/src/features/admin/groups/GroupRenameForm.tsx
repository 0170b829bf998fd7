// Renaming a group and changing its description.
import { useState, type SubmitEvent } from 'react';
import { api, type Group } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextField } from '../../../ui/TextField.tsx';

export function GroupRenameForm({ group, onSaved }: { group: Group; onSaved: (group: Group) => void }) {
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const { run, error, done, busy, fields, formRef, alertRef } = useFormMutation<Group>({ onSuccess: onSaved });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() => api.groups.update(group.id, { name, description }), 'Saved.');
  };

  return (
    <section aria-labelledby="rename-heading" className="card">
      <h2 id="rename-heading">Name and description</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['name', 'description']} />
        {done ? <StatusMessage>{done}</StatusMessage> : null}
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
