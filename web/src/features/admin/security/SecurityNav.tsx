// The sections of the security administration.
import { NavLink } from 'react-router';
import { useSession } from '../../../session.tsx';

export function SecurityNav() {
  const abilities = useSession().user?.abilities;
  return (
    <nav aria-label="Security administration" className="sub-nav">
      <ul>
        {abilities?.manageSettings ? (
          <li>
            <NavLink to="/admin/security" end>
              Settings
            </NavLink>
          </li>
        ) : null}
        {abilities?.manageSettings ? (
          <li>
            <NavLink to="/admin/security/intake">Report intake</NavLink>
          </li>
        ) : null}
        {abilities?.readSecurityLog ? (
          <li>
            <NavLink to="/admin/security/events">Security events</NavLink>
          </li>
        ) : null}
        {abilities?.manageIpBlocks ? (
          <li>
            <NavLink to="/admin/security/ip-blocks">Blocked IP addresses</NavLink>
          </li>
        ) : null}
        {abilities?.readOutbox ? (
          <li>
            <NavLink to="/admin/security/outbox">Outbox</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
