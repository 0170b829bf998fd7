// Second sign-in step for accounts with an authenticator app: the current 6-digit code, or one of the
// recovery codes (each works once). A wrong code counts as a failed sign-in.
import { useState, type SubmitEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { asApiError, type ApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';
import { pathAfterStep, useReturnTo } from './useReturnTo.ts';
import { signInPathFor } from './returnTo.ts';
import { useSession } from '../../session.tsx';

export function SecondFactorPage() {
  const { user, next, completeSecondFactor, signOut } = useSession();
  const returnTo = useReturnTo();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  if (user === undefined) return <Loading what="Checking your session" />;
  if (next !== 'second_factor' && !busy && !error) {
    return <Navigate to={user ? pathAfterStep(next, returnTo) : signInPathFor(returnTo)} replace />;
  }

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const me = await completeSecondFactor(code.trim());
      void navigate(pathAfterStep(me.next, returnTo), { replace: true });
    } catch (err) {
      setError(asApiError(err));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const startOver = async () => {
    await signOut().catch(() => undefined);
    void navigate(signInPathFor(returnTo), { replace: true });
  };

  const expired = error?.id === 'unauthenticated';
  const fields = fieldMessages(error);
  return (
    <div className="narrow">
      <PageHeading title="Enter your authentication code" />
      <p>Your password was accepted. Open your authenticator app and enter the 6-digit code it shows for Parapet.</p>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['code']}>
        {expired ? (
          <p>
            <Link to={signInPathFor(returnTo)}>Sign in again</Link>.
          </p>
        ) : null}
      </ErrorAlert>
      <form ref={formRef} onSubmit={submit} noValidate className="form card">
        <TextField
          label="Authentication code"
          name="code"
          hint="The 6-digit code, or one of your recovery codes (such as abcd-efgh-jkmn) if you cannot use the app."
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fields.code}
        />
        <button type="submit" disabled={busy || expired}>
          {busy ? 'Checking…' : 'Continue'}
        </button>
      </form>
      <p className="after-form">
        <button type="button" className="button-link" onClick={startOver}>
          Sign in as someone else
        </button>
      </p>
    </div>
  );
}
