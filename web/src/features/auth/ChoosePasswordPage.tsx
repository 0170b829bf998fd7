// The forced first step after signing in with a one-time password (the first administrator's, or one an
// administrator set): choose a new password. Until it is done nothing else is reachable — RequireAuth sends
// every other page here, and the server refuses other requests with password_change_required.
import { Navigate, useNavigate } from 'react-router';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { PasswordChangeForm } from '../account/PasswordChangeForm.tsx';
import { pathAfterStep, useReturnTo } from './useReturnTo.ts';
import { useSession } from '../../session.tsx';

export function ChoosePasswordPage() {
  const { user, next, refresh } = useSession();
  const returnTo = useReturnTo();
  const navigate = useNavigate();

  if (next !== 'change_password') return <Navigate to={pathAfterStep(next, returnTo)} replace />;

  return (
    <div className="narrow">
      <PageHeading title="Choose a new password" />
      <p>
        {user ? <>Welcome, {user.username}. </> : null}
        The password you signed in with was for one use only. Choose your own password to continue; nothing else is available until you do.
      </p>
      <div className="card">
        <PasswordChangeForm
          currentLabel="One-time password"
          submitText="Save my new password"
          onChanged={async () => {
            const me = await refresh();
            void navigate(pathAfterStep(me.next, returnTo), { replace: true, state: { passwordChanged: true } });
          }}
        />
      </div>
    </div>
  );
}
