// The banner: product name, main navigation for signed-in users, who is signed in, their account, and
// signing out. While the session must first take a step (a new password, a second factor), only signing
// out is offered. The security team's pages and the administration appear only when the server says the
// user may use them (GET /api/session abilities).
import { useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { useSession } from '../session.tsx';
import { ReporterNav } from './ReporterNav.tsx';
import { TriageNavLinks } from '../features/triage/TriageNavLinks.tsx';

export function NavBar() {
  const { user, next, signOut } = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const restricted = next !== 'done';
  const abilities = user?.abilities;

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
      void navigate('/sign-in');
    }
  };

  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          Parapet
        </Link>
        {user ? (
          <>
            {restricted ? null : (
              <nav aria-label="Main" className="main-nav">
                <ul>
                  <li>
                    <NavLink to="/" end>
                      Home
                    </NavLink>
                  </li>
                  {abilities?.triage ? <TriageNavLinks /> : null}
                  {abilities?.manageUsers ? (
                    <li>
                      <NavLink to="/admin/users">Users</NavLink>
                    </li>
                  ) : null}
                  {abilities?.manageGroups ? (
                    <li>
                      <NavLink to="/admin/groups">Groups</NavLink>
                    </li>
                  ) : null}
                  {abilities?.manageProducts ? (
                    <li>
                      <NavLink to="/admin/products">Products</NavLink>
                    </li>
                  ) : null}
                  {abilities?.manageSettings ? (
                    <>
                      <li>
                        <NavLink to="/admin/security">Security</NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/disclosure">Disclosure</NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/report-settings">Report settings</NavLink>
                      </li>
                    </>
                  ) : null}
                </ul>
              </nav>
            )}
            <div className="user-menu">
              <span className="signed-in-as">
                Signed in as <strong>{user.username}</strong>
                {abilities?.administer ? ' (administrator)' : ''}
              </span>
              {restricted ? null : (
                <NavLink to="/account" className="account-link">
                  My account
                </NavLink>
              )}
              <button type="button" className="button-secondary" onClick={onSignOut} disabled={signingOut}>
                Sign out
              </button>
            </div>
          </>
        ) : null}
      </div>
      <ReporterNav />
    </header>
  );
}
