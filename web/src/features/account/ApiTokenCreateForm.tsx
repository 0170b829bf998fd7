// Creating a personal API token for scripts. The token is shown once, right after it is made: the server
// keeps only its hash. Making a token is a sensitive change (it may ask for the password again).
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { api, type ApiToken, type ApiTokenScope } from '../../api.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';

const EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '366', label: 'One year (366 days)' },
] as const;

function NewToken({ token, info, onDone }: { token: string; info: ApiToken; onDone: () => void }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <section aria-labelledby="new-token-heading" className="new-token">
      <h3 id="new-token-heading" tabIndex={-1} ref={ref}>
        Your new token “{info.name}”
      </h3>
      <div className="alert alert-warning">
        <p className="alert-message">Copy this token now: it is shown only this once.</p>
        <p>
          Send it as the header “Authorization: Bearer …”. Anyone who has it can act as you within its scopes until it expires or you revoke
          it.
        </p>
      </div>
      <p className="secret">
        <code data-token>{token}</code>
      </p>
      <button type="button" onClick={onDone}>
        I have copied the token
      </button>
    </section>
  );
}

export function ApiTokenCreateForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(false);
  const [days, setDays] = useState('30');
  const [created, setCreated] = useState<{ token: string; info: ApiToken } | undefined>(undefined);
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation<{ token: string; info: ApiToken }>({
    onSuccess: (result) => {
      setCreated(result);
      setName('');
      onCreated();
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const scopes: ApiTokenScope[] = [...(read ? (['read'] as const) : []), ...(write ? (['write'] as const) : [])];
    void run(() => api.me.createToken({ name, scopes, expiresInDays: Number(days) }));
  };

  const heading = <h2 id="create-token-heading">Create a token</h2>;
  if (created) {
    return (
      <>
        {heading}
        <NewToken token={created.token} info={created.info} onDone={() => setCreated(undefined)} />
      </>
    );
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {heading}
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['name', 'scopes', 'expiresInDays']} />
      <TextField
        label="Name"
        name="name"
        hint="What the token is for, such as “nightly export script”."
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <fieldset
        className={fields.scopes ? 'fieldset field-invalid' : 'fieldset'}
        aria-describedby={fields.scopes ? 'token-scopes-error' : undefined}
      >
        <legend>Scopes</legend>
        <CheckboxField label="Read (look things up)" name="scope-read" checked={read} onChange={setRead} />
        <CheckboxField label="Write (make changes)" name="scope-write" checked={write} onChange={setWrite} />
        {fields.scopes ? (
          <p className="field-error" id="token-scopes-error">
            Scopes: {fields.scopes}
          </p>
        ) : null}
      </fieldset>
      <SelectField
        label="Expires after"
        name="expiresInDays"
        options={EXPIRY}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        error={fields.expiresInDays}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}
