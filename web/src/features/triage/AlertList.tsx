// My alerts (new reports for my teams, assignments, SLA warnings), newest first; unread ones marked in words,
// each linked to its report, marked read one by one or all at once.
import { Link } from 'react-router';
import { setUnreadAlerts } from './alerts.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { reportsApi } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { Time } from '../../ui/Time.tsx';

export function AlertList() {
  const alerts = useApiQuery(['reportsApi.notifications'], async () => {
    const answer = await reportsApi.notifications();
    setUnreadAlerts(answer.items.filter((a) => !a.read).length);
    return answer.items;
  });
  const { error, done, busy, alertRef, act } = useAction(alerts.reload);
  const unread = alerts.data?.filter((a) => !a.read).length ?? 0;

  return (
    <section aria-labelledby="alerts-heading" className="card">
      <h2 id="alerts-heading">My alerts</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ErrorAlert error={error ?? alerts.error} alertRef={alertRef} />
      {alerts.data ? (
        <>
          <p>
            {unread === 0 ? 'No unread alerts.' : `${unread} unread ${unread === 1 ? 'alert' : 'alerts'}.`}
            {unread > 0 ? (
              <>
                {' '}
                <button
                  type="button"
                  className="button-secondary"
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      const { marked } = await reportsApi.markRead();
                      return `Marked ${marked} ${marked === 1 ? 'alert' : 'alerts'} as read.`;
                    })
                  }
                >
                  Mark all as read
                </button>
              </>
            ) : null}
          </p>
          {alerts.data.length > 0 ? (
            <ul className="alert-list">
              {alerts.data.map((a) => (
                <li key={a.id} className={a.read ? 'alert-item' : 'alert-item alert-unread'}>
                  <div>
                    {a.read ? null : <span className="tag tag-attention">Unread</span>}
                    {a.reportId ? <Link to={`/reports/${a.reportId}`}>{a.message}</Link> : <span>{a.message}</span>}
                    <span className="row-note">
                      <Time value={a.at} />
                    </span>
                  </div>
                  {a.read ? null : (
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={busy}
                      onClick={() =>
                        act(async () => {
                          await reportsApi.markRead([a.id]);
                          return 'Marked as read.';
                        })
                      }
                    >
                      Mark as read<span className="visually-hidden">: {a.message}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : alerts.loading ? (
        <Loading what="Loading alerts" />
      ) : null}
    </section>
  );
}
