// The sections of the report administration.
import { NavLink } from 'react-router';
import { useSession } from '../../../session.tsx';

export function ReportAdminNav() {
  const abilities = useSession().user?.abilities;
  return (
    <nav aria-label="Report settings" className="sub-nav">
      <ul>
        {abilities?.manageSettings ? (
          <li>
            <NavLink to="/admin/report-settings/templates">Templates</NavLink>
          </li>
        ) : null}
        {abilities?.manageSettings ? (
          <li>
            <NavLink to="/admin/report-settings/sla">SLA targets</NavLink>
          </li>
        ) : null}
        {abilities?.manageCvePool ? (
          <li>
            <NavLink to="/admin/report-settings/cve-pool">CVE pool</NavLink>
          </li>
        ) : null}
        {abilities?.manageCannedResponses ? (
          <li>
            <NavLink to="/admin/report-settings/canned-responses">Canned responses</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
