// Confirming an e-mail address with the mailed link (/verify-email#token=...).
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useFragmentToken } from './useFragmentToken.ts';
import { LinkNotWorking, useSpentToken } from './mailedLink.tsx';
import { useSession } from '../../session.tsx';

export function VerifyEmailPage() {
  const token = useFragmentToken();
  return <VerifyEmail key={token ?? ''} token={token} />;
}

function VerifyEmail({ token }: { token: string | undefined }) {
  const { user } = useSession();
  const state = useSpentToken(token, (t) => api.recovery.verifyEmail(t), 'verification');

  return (
    <div className="narrow">
      {state.kind === 'working' ? (
        <>
          <PageHeading title="Confirming your e-mail address" />
          <Loading what="Confirming" />
        </>
      ) : state.kind === 'done' ? (
        <>
          <PageHeading title="E-mail address confirmed" />
          <StatusMessage>
            <p>Thank you: your e-mail address is confirmed.</p>
          </StatusMessage>
          <p>{user ? <Link to="/account">Back to my account</Link> : <Link to="/sign-in">Sign in</Link>}</p>
        </>
      ) : (
        <LinkNotWorking kind="confirmation" error={state.error}>
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
        </LinkNotWorking>
      )}
    </div>
  );
}
