// My account: my sessions — every browser signed in as me. End one, or all but this one.
import { api } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { SessionTable } from './SessionTable.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useAction } from '../../hooks/useAction.ts';

export function AccountSessionsPage() {
  const sessions = useApiQuery(['me.sessions'], () => api.me.sessions());
  const { error, done, busy, alertRef, act } = useAction(sessions.reload);

  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;
  return (
    <>
      <PageHeading title="Sessions" />
      <p>
        Each browser or device signed in as you has a session. End any you do not recognise, then change your password. Sessions also end
        after 30 minutes without use and at the latest 12 hours after signing in (unless your administrators set other limits).
      </p>
      <ErrorAlert error={error ?? sessions.error} alertRef={alertRef} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {sessions.data ? (
        <>
          <SessionTable
            sessions={items}
            caption={items.length === 1 ? 'Your only session is this one.' : `Your ${items.length} sessions, most recently used first`}
            busy={busy}
            onRevoke={(s) =>
              act(async () => {
                await api.me.revokeSession(s.id);
                return `Ended the session from ${s.ip}. That browser is signed out at its next request.`;
              })
            }
          />
          {others > 0 ? <p className="muted">Ending all other sessions also revokes your API tokens (sign out everywhere).</p> : null}
          {others > 0 ? (
            <button
              type="button"
              className="button-danger"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  const { ended } = await api.me.revokeOtherSessions();
                  return `${ended === 1 ? 'Ended 1 other session.' : `Ended ${ended} other sessions.`} Your API tokens were revoked too.`;
                })
              }
            >
              End all other sessions
            </button>
          ) : null}
        </>
      ) : sessions.loading ? (
        <Loading what="Loading your sessions" />
      ) : null}
    </>
  );
}
