// Administration: mail Parapet wrote to its outbox folder (when no SMTP server is configured), newest first.
// Secret links (password reset, address confirmation) are redacted by the server.
import { api } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { SecurityNav } from './SecurityNav.tsx';
import { Time } from '../../../ui/Time.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';

export function OutboxPage() {
  const outbox = useApiQuery(['security.outbox'], () => api.security.outbox(100));
  const items = outbox.data?.items ?? [];
  return (
    <>
      <PageHeading title="Outbox" />
      <SecurityNav />
      <p>
        Without an SMTP server (<code>SMTP_URL</code>), Parapet writes its mail as files to the outbox folder of its data directory. Here
        are the newest 100, with every secret link redacted.
      </p>
      <div className="button-row toolbar">
        <button type="button" className="button-secondary" onClick={outbox.reload} disabled={outbox.loading}>
          Refresh
        </button>
      </div>
      <ErrorAlert error={outbox.error} />
      {outbox.data ? (
        items.length === 0 ? (
          <p className="muted">The outbox is empty.</p>
        ) : (
          <ol className="mail-list" aria-label="Mail in the outbox, newest first">
            {items.map((m) => (
              <li key={m.id}>
                <article className="card mail" aria-labelledby={`mail-${m.id}`}>
                  <h2 id={`mail-${m.id}`}>{m.subject || '(no subject)'}</h2>
                  <dl className="mail-headers">
                    <div>
                      <dt>To</dt>
                      <dd>{m.to}</dd>
                    </div>
                    <div>
                      <dt>Date</dt>
                      <dd>
                        <Time value={m.date} />
                      </dd>
                    </div>
                  </dl>
                  <pre className="mail-text">{m.text}</pre>
                </article>
              </li>
            ))}
          </ol>
        )
      ) : outbox.loading ? (
        <Loading what="Loading the outbox" />
      ) : null}
    </>
  );
}
