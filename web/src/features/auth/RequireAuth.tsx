// Routes behind sign-in. A signed-out visitor is sent to the sign-in page (with ?returnTo= this page); a
// session that must first take one step (enter its second factor, choose a new password, set up a second
// factor) is sent to that step's page, whatever it asked for, and returns here afterwards.
import { Navigate, Outlet, useLocation } from 'react-router';
import { signInPathFor, withReturnTo } from './returnTo.ts';
import { stepPath, useSession } from '../../session.tsx';
import { Loading } from '../../ui/Loading.tsx';

export function RequireAuth() {
  const { user, next, signedOut } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading what="Checking your session" />;
  const here = `${location.pathname}${location.search}`;
  const step = stepPath(next);
  if (step && location.pathname !== step) {
    return <Navigate to={withReturnTo(step, here)} replace />;
  }
  // After signing out on purpose there is nothing to return to; a session that ended by itself returns here.
  if (user === null) return <Navigate to={signedOut ? '/sign-in' : signInPathFor(here)} replace />;
  return <Outlet />;
}
