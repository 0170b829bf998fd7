// The sections of the security administration.
import { NavLink } from 'react-router';

export function SecurityNav() {
  return (
    <nav aria-label="Security administration" className="sub-nav">
      <ul>
        <li>
          <NavLink to="/admin/security" end>
            Settings
          </NavLink>
        </li>
        <li>
          <NavLink to="/admin/security/intake">Report intake</NavLink>
        </li>
        <li>
          <NavLink to="/admin/security/events">Security events</NavLink>
        </li>
        <li>
          <NavLink to="/admin/security/ip-blocks">Blocked IP addresses</NavLink>
        </li>
        <li>
          <NavLink to="/admin/security/outbox">Outbox</NavLink>
        </li>
      </ul>
    </nav>
  );
}
