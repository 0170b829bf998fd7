// The strip under the banner for everyone, signed in or not: report a vulnerability, the disclosure
// policy, and for signed-in users their own reports.
import { NavLink } from 'react-router';
import { useSession } from '../session.tsx';
import '../features/reporter/report.css';

export function ReporterNav() {
  const { user, next } = useSession();
  return (
    <nav aria-label="Vulnerability reporting" className="reporter-nav">
      <ul>
        <li>
          <NavLink to="/report">Report a vulnerability</NavLink>
        </li>
        <li>
          <NavLink to="/disclosure-policy">Disclosure policy</NavLink>
        </li>
        {user && next === 'done' ? (
          <li>
            <NavLink to="/reporter" end>
              My reports
            </NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
