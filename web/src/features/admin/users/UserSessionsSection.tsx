// Administration: a user's sessions, with ending one or all of them.
import { api, type User } from '../../../api.ts';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useAction } from '../../../hooks/useAction.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { SessionTable } from '../../account/SessionTable.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';

export function UserSessionsSection({ user }: { user: User }) {
  const sessions = useApiQuery(['security.sessions', user.id], () => api.security.sessions(user.id));
  const { error, done, busy, alertRef, act } = useAction(sessions.reload);

  const items = sessions.data?.items ?? [];
  const endable = items.filter((s) => !s.current).length;
  if (!user.abilities.manageSessions) return null;
  return (
    <section aria-labelledby="user-sessions-heading" className="card">
      <h2 id="user-sessions-heading">Sessions</h2>
      <ErrorAlert error={error ?? sessions.error} alertRef={alertRef} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {sessions.data ? (
        items.length === 0 ? (
          <p className="muted">{user.username} is not signed in anywhere.</p>
        ) : (
          <>
            <SessionTable
              sessions={items}
              caption={`${items.length} ${items.length === 1 ? 'session' : 'sessions'} of ${user.username}`}
              busy={busy}
              onRevoke={(s) =>
                act(async () => {
                  await api.security.revokeSession(user.id, s.id);
                  return `Ended the session of ${user.username} from ${s.ip}.`;
                })
              }
            />
            {endable > 0 ? (
              <button
                type="button"
                className="button-danger"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    const { ended } = await api.security.revokeAllSessions(user.id);
                    return `Ended ${ended} ${ended === 1 ? 'session' : 'sessions'} of ${user.username}.`;
                  })
                }
              >
                End {endable === items.length ? 'all' : 'all other'} sessions of {user.username}
              </button>
            ) : null}
          </>
        )
      ) : sessions.loading ? (
        <Loading what="Loading sessions" />
      ) : null}
    </section>
  );
}
