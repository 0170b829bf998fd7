// The signed-in user's e-mail address: change it (a sensitive change: it may ask for the password again)
// and send a new verification link. A new address is unverified until its link is opened.
import { useState, type SubmitEvent } from 'react';
import { api, type User } from '../../api.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';

export function EmailAddressSection({ user, onChanged }: { user: User; onChanged: () => void }) {
  const [email, setEmail] = useState(user.email ?? '');
  const { run: act, error, done, busy, fields, formRef, alertRef } = useFormMutation({ onSuccess: onChanged });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const address = email.trim();
    void act(() => api.me.changeEmail(address), `Your address is now ${address}. A confirmation link is on its way to it.`);
  };

  return (
    <section aria-labelledby="email-heading" className="card">
      <h2 id="email-heading">E-mail address</h2>
      <p>
        {user.email ? (
          <>
            Mail about your account goes to <strong>{user.email}</strong>
            {user.emailVerified ? ' (confirmed).' : ' (not confirmed yet).'}
          </>
        ) : (
          'Your account has no e-mail address: you cannot reset a forgotten password, and you are not told when your account is locked.'
        )}
      </p>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['email']} />
        <TextField
          label="New e-mail address"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
        <div className="button-row">
          <button type="submit" disabled={busy}>
            Change address
          </button>
          {user.email && !user.emailVerified ? (
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() => act(() => api.me.resendVerification(), `A new confirmation link is on its way to ${user.email}.`)}
            >
              Send a new confirmation link
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
