// The sections of the report administration.
import { NavLink } from 'react-router';

export function ReportAdminNav() {
  return (
    <nav aria-label="Report settings" className="sub-nav">
      <ul>
        <li>
          <NavLink to="/admin/report-settings/templates">Templates</NavLink>
        </li>
        <li>
          <NavLink to="/admin/report-settings/sla">SLA targets</NavLink>
        </li>
        <li>
          <NavLink to="/admin/report-settings/cve-pool">CVE pool</NavLink>
        </li>
        <li>
          <NavLink to="/admin/report-settings/canned-responses">Canned responses</NavLink>
        </li>
      </ul>
    </nav>
  );
}
