// Completing a self-registration with the mailed link (/complete-registration#token=...): the account is
// created (its address confirmed by the link), then the user signs in.
import { Link } from 'react-router';
import { accountAdminApi } from './accountAdminApi.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useFragmentToken } from './useFragmentToken.ts';
import { LinkNotWorking, useSpentToken } from './mailedLink.tsx';

export function CompleteRegistrationPage() {
  const token = useFragmentToken();
  return <CompleteRegistration key={token ?? ''} token={token} />;
}

function CompleteRegistration({ token }: { token: string | undefined }) {
  const state = useSpentToken(token, (t) => accountAdminApi.completeRegistration(t), 'registration');

  return (
    <div className="narrow">
      {state.kind === 'working' ? (
        <>
          <PageHeading title="Creating your account" />
          <Loading what="Creating your account" />
        </>
      ) : state.kind === 'done' ? (
        <>
          <PageHeading title="Your account is ready" />
          <StatusMessage>
            <p>The account {state.result.username} is created and your e-mail address is confirmed.</p>
          </StatusMessage>
          <p>
            <Link to="/sign-in">Sign in</Link> with the username and password you chose.
          </p>
        </>
      ) : (
        <LinkNotWorking kind="registration" error={state.error}>
          Registration links work once, within 24 hours. Register again if you need to.
        </LinkNotWorking>
      )}
    </div>
  );
}
