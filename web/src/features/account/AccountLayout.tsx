// "My account": every signed-in user's own security settings, one section per page.
import { Outlet } from 'react-router';
import { AccountNav } from './AccountNav.tsx';

export function AccountLayout() {
  return (
    <>
      <p className="area-title">My account</p>
      <AccountNav />
      <Outlet />
    </>
  );
}
