// Second-factor codes given with a password-reset link are counted before they are checked, like sign-in
// codes (attempts.ts: the account's consecutive failures and the client IP's window), and one link takes at most
// MAX_CODES_PER_RESET_LINK codes: then it is spent and a new one must be asked for.
import type { Session } from '../access/session.ts';
import type { Database } from '../db/database.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { fieldError } from '../errors/catalog.ts';
import type { SecuritySettings } from '../settings/security-settings.ts';
import { accountForSecondFactor } from './account-repository.ts';
import { ipBlockedError, type AttemptCounter } from './attempts.ts';
import { MAX_CODES_PER_RESET_LINK, countResetLinkCode, spendResetLink } from './recovery-limit-repository.ts';

export interface ResetCodeDeps {
  db: Database;
  counter: AttemptCounter;
}

export function resetCodeCounter({ db, counter }: ResetCodeDeps) {
  return async function countResetCode(s: Session, token: string, userId: number, settings: SecuritySettings, at: Date) {
    const given = await countResetLinkCode(db, at, token);
    if (given === undefined)
      throw fieldError('token', 'This reset link is not valid: it may have expired (after one hour) or been used already.');
    if (given > MAX_CODES_PER_RESET_LINK) {
      await db.transaction(async (tx) => {
        await spendResetLink(tx, at, token);
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'password.reset_link_spent',
          targetType: 'user',
          targetId: userId,
          after: { codes: given - 1 },
        });
      });
      throw fieldError('token', 'Too many wrong codes were given with this reset link, so it no longer works. Ask for a new one.');
    }
    const lockCount = (await accountForSecondFactor(db, userId))?.lock_count ?? 0;
    const target = { accountId: userId, lockCount, device: undefined };
    const { reservation, refusal } = await db.transaction((tx) => counter.reserve(s, tx, settings, at, target));
    if (refusal === 'ip_blocked') throw ipBlockedError(s.ip, new Date(at.getTime() + settings.ipBlockMinutes * 60_000), at);
    // A locked account may still be reset: the link proves its mailbox, and the codes are bounded per link and IP.
    return { reservation, target };
  };
}
