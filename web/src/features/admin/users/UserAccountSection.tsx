// Administration: a user's account — disable (offboard) or enable it again, and the links an administrator can
// mail: a password-reset link, or the invitation again while the user has not chosen a password yet.
import { accountAdminApi } from '../../auth/accountAdminApi.ts';
import type { User } from '../../../api.ts';
import { useAction } from '../../../hooks/useAction.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';

export function UserAccountSection({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { error, done, busy, alertRef, act } = useAction(onChanged);
  const invited = !user.security.passwordSet;

  return (
    <section aria-labelledby="user-account-heading" className="card user-account-card">
      <h2 id="user-account-heading">Account</h2>
      <ErrorAlert error={error} alertRef={alertRef} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <p>
        {user.disabled
          ? `${user.username} is disabled: the account cannot sign in, and its sessions and API tokens do not work.`
          : `${user.username} is active.`}
      </p>
      <div className="button-row">
        {user.disabled && user.abilities.update ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              act(async () => {
                await accountAdminApi.setDisabled(user.id, false);
                return `Enabled ${user.username}. They can sign in again.`;
              })
            }
          >
            Enable {user.username}
          </button>
        ) : null}
        {user.abilities.disable ? (
          <button
            type="button"
            className="button-danger"
            disabled={busy}
            onClick={() =>
              act(async () => {
                await accountAdminApi.setDisabled(user.id, true);
                return `Disabled ${user.username}. The account cannot sign in any more.`;
              })
            }
          >
            Disable {user.username}
          </button>
        ) : null}
      </div>
      {user.email && !user.disabled && user.abilities.sendLinks ? (
        <>
          <h3>Links by e-mail</h3>
          <p className="hint">Mailed to {user.email}. Each link works once.</p>
          <div className="button-row">
            {invited ? (
              <button
                type="button"
                className="button-secondary"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    await accountAdminApi.resendInvitation(user.id);
                    return `Sent the invitation to ${user.email} again. The earlier link no longer works.`;
                  })
                }
              >
                Send the invitation again
              </button>
            ) : (
              <button
                type="button"
                className="button-secondary"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    await accountAdminApi.sendPasswordResetLink(user.id);
                    return `Sent a password-reset link to ${user.email}. It works once, within one hour.`;
                  })
                }
              >
                Send a password-reset link
              </button>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
