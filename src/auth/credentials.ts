// Ending a user's credentials: the one command every credential or account-state event calls, in the
// caller's transaction. It ends the user's sessions (optionally all but the caller's current one), revokes
// every API token, voids unused password-reset links and forgets the user's known devices (a device cookie
// earned with the old credentials no longer exempts anyone from the sign-in lock), and writes one security
// event saying why.
//
// Who calls it, and whether the acting session survives (docs/ARCHITECTURE.md "Sign-in and sessions"):
//   password_changed            own password change (also the forced first one)   current session kept
//   password_reset              reset link completed (no session of the user acts) none kept
//   sessions_ended              "end all sessions": own (kept) / an administrator's for a user (none kept,
//                               unless the administrator ends their own)
//   mfa_enabled, mfa_disabled,  second factor enrolled or removed, recovery codes  current session kept
//   recovery_codes_replaced     replaced
//   account_disabled            an administrator disables the account            none kept
//   administrator_granted       the user becomes an administrator                 none kept
//   staff_console_granted       the user may now use the staff console            none kept
// Losing rights needs no call: rights are read from the database on every request.
import type { Session } from '../access/session.ts';
import type { Queryable } from '../db/database.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { revokeAllApiTokens } from './api-token-repository.ts';
import { voidEmailTokens } from './email-token-repository.ts';
import { forgetDevices } from './known-device-repository.ts';
import { deleteOtherUserSessions } from './session-store.ts';

export type CredentialEvent =
  | 'password_changed'
  | 'password_reset'
  | 'password_set_by_administrator'
  | 'sessions_ended'
  | 'mfa_enabled'
  | 'mfa_disabled'
  | 'recovery_codes_replaced'
  | 'account_disabled'
  | 'administrator_granted'
  | 'staff_console_granted';

export interface EndedCredentials {
  sessionsEnded: number;
  tokensRevoked: number;
  resetLinksVoided: number;
  devicesForgotten: number;
}

/**
 * Ends every session of `userId` except `keepSessionId` (the caller's own session, when it may survive),
 * revokes all of the user's API tokens and voids their unused reset links. Audited as `credentials.ended`.
 */
export async function endCredentials(
  s: Session,
  tx: Queryable,
  at: Date,
  userId: number,
  reason: CredentialEvent,
  options: { keepSessionId?: string } = {},
): Promise<EndedCredentials> {
  const sessionsEnded = await deleteOtherUserSessions(tx, userId, options.keepSessionId);
  const tokensRevoked = await revokeAllApiTokens(tx, userId, at);
  const resetLinksVoided = await voidEmailTokens(tx, at, userId, 'reset_password');
  const devicesForgotten = await forgetDevices(tx, userId);
  await recordAudit(s, tx, at, {
    category: 'security',
    action: 'credentials.ended',
    targetType: 'user',
    targetId: userId,
    after: {
      reason,
      sessionsEnded,
      tokensRevoked,
      resetLinksVoided,
      devicesForgotten,
      currentSessionKept: options.keepSessionId !== undefined,
    },
  });
  return { sessionsEnded, tokensRevoked, resetLinksVoided, devicesForgotten };
}
