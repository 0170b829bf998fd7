// Creating a custom group.
import { useState, type SubmitEvent } from 'react';
import { api, type Group } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { TextField } from '../../../ui/TextField.tsx';

export function GroupCreateForm({ onCreated }: { onCreated: (group: Group) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation<Group>({
    onSuccess: (group) => {
      setName('');
      setDescription('');
      onCreated(group);
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() => api.groups.create({ name, description }));
  };

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
