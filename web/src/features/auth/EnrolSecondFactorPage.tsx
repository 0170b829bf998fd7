// The forced step when administrators require a second factor for staff accounts and this account has
// none yet: set up an authenticator app before anything else.
import { Navigate, useNavigate } from 'react-router';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { TotpSetup } from '../account/TotpSetup.tsx';
import { pathAfterStep, useReturnTo } from './useReturnTo.ts';
import { useSession } from '../../session.tsx';

export function EnrolSecondFactorPage() {
  const { next, refresh } = useSession();
  const returnTo = useReturnTo();
  const navigate = useNavigate();

  if (next !== 'enrol_second_factor') return <Navigate to={pathAfterStep(next, returnTo)} replace />;

  return (
    <div className="narrow-wide">
      <PageHeading title="Set up a second factor" />
      <p>Your administrators require a second factor for staff accounts. Set up an authenticator app to continue.</p>
      <section className="card" aria-label="Authenticator app">
        <TotpSetup
          onEnabled={async () => {
            const me = await refresh();
            void navigate(pathAfterStep(me.next, returnTo), { replace: true });
          }}
        />
      </section>
    </div>
  );
}
