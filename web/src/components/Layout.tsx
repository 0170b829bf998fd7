// Every page: a skip link, the banner with navigation, and the main landmark the page renders into.
import { Outlet } from 'react-router';
import { NavBar } from './NavBar.tsx';

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
    </>
  );
}
