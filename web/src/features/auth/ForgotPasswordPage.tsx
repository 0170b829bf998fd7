// Asking for a password reset link. The answer is the same whether or not the account exists (so this
// page cannot be used to find out who has an account): the server's neutral message.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { api, asApiError, type ApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';

export function ForgotPasswordPage() {
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const answer = await api.recovery.requestReset(login.trim());
      setError(undefined);
      setSent(answer.message);
    } catch (err) {
      setSent(undefined);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
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
