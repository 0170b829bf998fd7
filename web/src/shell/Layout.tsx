// Every page: a skip link, the banner with navigation, the main landmark the page renders into, and the
// re-authentication dialog that sensitive changes may open.
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Loading } from '../ui/Loading.tsx';
import { NavBar } from './NavBar.tsx';
import { ReauthenticationDialog } from '../features/auth/ReauthenticationDialog.tsx';

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <NavBar />
      <main id="main" className="content" tabIndex={-1}>
        {/* Staff pages load their code on first use (App.tsx). */}
        <Suspense fallback={<Loading what="Loading the page" />}>
          <Outlet />
        </Suspense>
      </main>
      <ReauthenticationDialog />
    </>
  );
}
