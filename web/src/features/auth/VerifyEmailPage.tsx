// Confirming an e-mail address with the mailed link (/verify-email#token=...).
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, asApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useFragmentToken } from './useFragmentToken.ts';
import { useSession } from '../../session.tsx';

type State = { kind: 'checking' } | { kind: 'verified' } | { kind: 'failed'; error: ApiError };

export function VerifyEmailPage() {
  const token = useFragmentToken();
  return <VerifyEmail key={token ?? ''} token={token} />;
}

function VerifyEmail({ token }: { token: string | undefined }) {
  const { user } = useSession();
  const [state, setState] = useState<State>(() =>
    // The page is keyed on the token: without one it can only say so.
    token
      ? { kind: 'checking' }
      : {
          kind: 'failed',
          error: new ApiError(0, 'client', 'This address has no verification token. Open the link from the mail exactly as it was sent.'),
        },
  );
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return; // the token works once: never send it twice
    sent.current = true;
    api.recovery
      .verifyEmail(token)
      .then(() => setState({ kind: 'verified' }))
      .catch((err: unknown) => setState({ kind: 'failed', error: asApiError(err) }));
  }, [token]);

  return (
    <div className="narrow">
      {state.kind === 'checking' ? (
        <>
          <PageHeading title="Confirming your e-mail address" />
          <Loading what="Confirming" />
        </>
      ) : state.kind === 'verified' ? (
        <>
          <PageHeading title="E-mail address confirmed" />
          <StatusMessage>
            <p>Thank you: your e-mail address is confirmed.</p>
          </StatusMessage>
          <p>{user ? <Link to="/account">Back to my account</Link> : <Link to="/sign-in">Sign in</Link>}</p>
        </>
      ) : (
        <>
          <PageHeading title="This confirmation link does not work" />
          <ErrorAlert error={state.error} />
          <p>
            Links work once, within one hour.{' '}
            {user ? (
              <>
                Send a new one from <Link to="/account">my account</Link>.
              </>
            ) : (
              <>
                <Link to="/sign-in">Sign in</Link> to send a new one.
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}
