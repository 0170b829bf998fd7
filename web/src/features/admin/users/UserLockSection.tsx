// Administration: a user's sign-in state — locked or not after failed sign-ins (with Unlock), consecutive
// failures, second factor, a pending forced password change.
import { Link } from 'react-router';
import { api, type User } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { Time } from '../../../ui/Time.tsx';

export function UserLockSection({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { run, error, done, busy, alertRef } = useFormMutation({ onSuccess: onChanged });
  const security = user.security;

  const unlock = () => run(() => api.security.unlock(user.id), `Unlocked ${user.username}. They can sign in again.`);

  return (
    <section aria-labelledby="sign-in-state-heading" className="card">
      <h2 id="sign-in-state-heading">Sign-in state</h2>
      <ErrorAlert error={error} alertRef={alertRef} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <dl className="details details-compact">
        <div>
          <dt>Account lock</dt>
          <dd>
            {security.locked ? (
              <strong className="state-locked">
                Locked
                {security.lockedUntil ? (
                  <>
                    {' '}
                    until <Time value={security.lockedUntil} />
                  </>
                ) : (
                  ' until an administrator unlocks it (devices where the user signed in before still can)'
                )}
              </strong>
            ) : (
              'Not locked'
            )}
          </dd>
        </div>
        <div>
          <dt>Failed sign-ins in a row</dt>
          <dd>{security.failedSignIns}</dd>
        </div>
        <div>
          <dt>Second factor</dt>
          <dd>{security.mfaEnabled ? 'Authenticator app' : 'None'}</dd>
        </div>
        <div>
          <dt>Password</dt>
          <dd>
            {!security.passwordSet
              ? 'Not chosen yet (invitation sent)'
              : security.mustChangePassword
                ? 'One-time password: must be changed at the next sign-in'
                : 'Chosen by the user'}
          </dd>
        </div>
        <div>
          <dt>E-mail address</dt>
          <dd>{!user.email ? 'None' : user.emailVerified ? 'Confirmed' : 'Not confirmed'}</dd>
        </div>
      </dl>
      {user.abilities.unlock ? (
        <button type="button" onClick={unlock} disabled={busy}>
          Unlock {user.username}
        </button>
      ) : null}
      <p className="after-form">
        <Link to={`/admin/security/events?userId=${user.id}`}>Security events of {user.username}</Link>
      </p>
    </section>
  );
}
