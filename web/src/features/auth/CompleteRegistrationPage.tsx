// Completing a self-registration with the mailed link (/complete-registration#token=...): the account is
// created (its address confirmed by the link), then the user signs in.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { accountAdminApi } from './accountAdminApi.ts';
import { ApiError, asApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useFragmentToken } from './useFragmentToken.ts';

type State = { kind: 'working' } | { kind: 'created'; username: string } | { kind: 'failed'; error: ApiError };

export function CompleteRegistrationPage() {
  const token = useFragmentToken();
  return <CompleteRegistration key={token ?? ''} token={token} />;
}

function CompleteRegistration({ token }: { token: string | undefined }) {
  const [state, setState] = useState<State>(() =>
    // The page is keyed on the token: without one it can only say so.
    token
      ? { kind: 'working' }
      : {
          kind: 'failed',
          error: new ApiError(0, 'client', 'This address has no registration token. Open the link from the mail exactly as it was sent.'),
        },
  );
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return; // the link works once: never send it twice
    sent.current = true;
    accountAdminApi
      .completeRegistration(token)
      .then((r) => setState({ kind: 'created', username: r.username }))
      .catch((err: unknown) => setState({ kind: 'failed', error: asApiError(err) }));
  }, [token]);

  return (
    <div className="narrow">
      {state.kind === 'working' ? (
        <>
          <PageHeading title="Creating your account" />
          <Loading what="Creating your account" />
        </>
      ) : state.kind === 'created' ? (
        <>
          <PageHeading title="Your account is ready" />
          <StatusMessage>
            <p>The account {state.username} is created and your e-mail address is confirmed.</p>
          </StatusMessage>
          <p>
            <Link to="/sign-in">Sign in</Link> with the username and password you chose.
          </p>
        </>
      ) : (
        <>
          <PageHeading title="This registration link does not work" />
          <ErrorAlert error={state.error} />
          <p>Registration links work once, within 24 hours. Register again if you need to.</p>
        </>
      )}
    </div>
  );
}
