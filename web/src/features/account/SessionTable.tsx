// Sessions of one user: where and with what each was signed in, when it was last used, and a button to
// end each (the caller's own session is marked and cannot be ended here: signing out does that).
import type { SessionInfo } from '../../api.ts';
import { describeUserAgent } from '../../lib/userAgent.ts';
import { Time } from '../../ui/Time.tsx';

interface Props {
  sessions: SessionInfo[];
  caption: string;
  busy: boolean;
  onRevoke: (session: SessionInfo) => void;
}

export function SessionTable({ sessions, caption, busy, onRevoke }: Props) {
  return (
    <table className="data-table sessions">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Browser</th>
          <th scope="col">IP address</th>
          <th scope="col">Signed in</th>
          <th scope="col">Last active</th>
          <th scope="col">Ends at the latest</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s, i) => {
          const name = `${describeUserAgent(s.userAgent)}, ${s.ip}`;
          return (
            <tr key={s.id} data-session-id={s.id} className={s.current ? 'current-row' : undefined}>
              <th scope="row">
                {describeUserAgent(s.userAgent)}
                {s.current ? <span className="badge">This session</span> : null}
                <span className="row-note ua" title={s.userAgent}>
                  {s.userAgent || 'no user agent'}
                </span>
              </th>
              <td>{s.ip}</td>
              <td>
                <Time value={s.createdAt} />
              </td>
              <td>
                <Time value={s.lastSeenAt} />
              </td>
              <td>
                <Time value={s.expiresAt} />
              </td>
              <td className="actions">
                {s.current ? (
                  <span className="muted">Current</span>
                ) : (
                  <button type="button" className="button-secondary" disabled={busy} onClick={() => onRevoke(s)}>
                    End
                    <span className="visually-hidden">
                      {' '}
                      session {i + 1}: {name}
                    </span>
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
