// Every page: a skip link, the banner with navigation, the main landmark the page renders into, and the
// re-authentication dialog that sensitive changes may open.
import { Outlet } from 'react-router';
import { NavBar } from './NavBar.tsx';
import { ReauthenticationDialog } from './ReauthenticationDialog.tsx';

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <NavBar />
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <ReauthenticationDialog />
    </>
  );
}
