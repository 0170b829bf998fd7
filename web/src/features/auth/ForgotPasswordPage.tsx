// Asking for a password reset link. The answer is the same whether or not the account exists (so this
// page cannot be used to find out who has an account): the server's neutral message.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useFormMutation } from '../../hooks/useFormMutation.ts';

export function ForgotPasswordPage() {
  const [login, setLogin] = useState('');
  const request = useFormMutation<{ message: string }>();
  const { error, done: sent, busy, fields, formRef, alertRef } = request;

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    // The server's neutral answer is the status message.
    void request.run(
      () => api.recovery.requestReset(login.trim()),
      (answer) => answer.message,
    );
  };

  return (
    <div className="narrow">
      <PageHeading title="Reset your password" />
      {sent ? (
        <>
          <StatusMessage>
            <p>{sent}</p>
          </StatusMessage>
          <p>
            The link in the mail opens a page where you choose a new password. If nothing arrives, check the address with an administrator.
          </p>
        </>
      ) : (
        <>
          <p>Enter your username or e-mail address. If the account has an e-mail address, a link to choose a new password is sent to it.</p>
          <ErrorAlert error={error} alertRef={alertRef} shownFields={['login']} />
          <form ref={formRef} onSubmit={submit} noValidate className="form card">
            <TextField
              label="Username or e-mail address"
              name="login"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={login}
              onChange={(e) => setLogin(e.target.value)}
              error={fields.login}
            />
            <button type="submit" disabled={busy}>
              {busy ? 'Sending…' : 'Send a reset link'}
            </button>
          </form>
        </>
      )}
      <p className="after-form">
        <Link to="/sign-in">Back to sign-in</Link>
      </p>
    </div>
  );
}
