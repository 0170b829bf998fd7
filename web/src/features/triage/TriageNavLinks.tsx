// The main-navigation entries of the security team's pages: the report inbox, and the dashboard with the
// number of unread alerts (refreshed on every navigation).
import { useEffect } from 'react';
import { NavLink, useLocation } from 'react-router';
import { refreshUnreadAlerts, useUnreadAlerts } from './alerts.ts';
import './triage.css';

export function TriageNavLinks() {
  const location = useLocation();
  const unread = useUnreadAlerts();
  useEffect(() => {
    void refreshUnreadAlerts();
  }, [location.pathname]);
  return (
    <>
      <li>
        <NavLink to="/reports">Reports</NavLink>
      </li>
      <li>
        <NavLink to="/dashboard">
          Dashboard
          {unread ? (
            <span className="nav-count">
              <span aria-hidden="true">{unread}</span>
              <span className="visually-hidden">
                , {unread} unread {unread === 1 ? 'alert' : 'alerts'}
              </span>
            </span>
          ) : null}
        </NavLink>
      </li>
    </>
  );
}
