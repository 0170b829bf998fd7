// The sections of "My account".
import { NavLink } from 'react-router';

export function AccountNav() {
  return (
    <nav aria-label="My account" className="sub-nav">
      <ul>
        <li>
          <NavLink to="/account" end>
            Password and e-mail
          </NavLink>
        </li>
        <li>
          <NavLink to="/account/two-factor">Second factor</NavLink>
        </li>
        <li>
          <NavLink to="/account/sessions">Sessions</NavLink>
        </li>
        <li>
          <NavLink to="/account/api-tokens">API tokens</NavLink>
        </li>
      </ul>
    </nav>
  );
}
