// Sign in with username and password. A failure shows the server's message (the same generic text for an
// unknown user, a wrong password and a locked account). Success follows the server's `next`: the second
// factor, a forced new password, setting up a second factor, or the page asked for (?returnTo=).
import { useState, type SubmitEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { asApiError, type ApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';
import { pathAfterStep, useReturnTo } from './useReturnTo.ts';
import { useSession } from '../../session.tsx';

export function SignInPage() {
  const { user, next, signIn, loadError } = useSession();
  const returnTo = useReturnTo();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  if (user && !busy) return <Navigate to={pathAfterStep(next, returnTo)} replace />;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const me = await signIn(username, password);
      void navigate(pathAfterStep(me.next, returnTo), { replace: true });
    } catch (err) {
      setError(asApiError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <div className="narrow">
      <PageHeading title="Sign in to Parapet" />
      {loadError ? <p className="muted">{loadError}</p> : null}
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['username', 'password']} />
      <form ref={formRef} onSubmit={submit} noValidate className="form card">
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fields.username}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="after-form">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </div>
  );
}
