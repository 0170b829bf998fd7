// Routes behind sign-in: a signed-out visitor is sent to the sign-in page, which returns them here after.
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../session.tsx';
import { Loading } from './Loading.tsx';

export function RequireAuth() {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading what="Checking your session" />;
  if (user === null) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return <Outlet />;
}
