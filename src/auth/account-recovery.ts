// Account recovery by a mailed link: asking for a password reset (the same answer whatever the account and the
// limits), whether the link's account needs a second factor, and the reset itself. Part of accountService.
import type { Session } from '../access/session.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { setPasswordHash } from '../domain/users/repository.ts';
import { AppError, fieldError } from '../errors/catalog.ts';
import { enqueueMail } from '../mail/mailer.ts';
import * as accountRepo from './account-repository.ts';
import type { AccountDeps, AccountProofs } from './account-proofs.ts';
import { endCredentials } from './credentials.ts';
import { consumeEmailToken, peekEmailToken } from './email-token-repository.ts';
import * as mfa from './mfa-repository.ts';
import * as recoveryLimits from './recovery-limit-repository.ts';
import { proveSecondFactor } from './second-factor.ts';
import { readSetting } from '../settings/repository.ts';

export function accountRecovery({ db, clock, jobs }: AccountDeps, { counter, countResetCode, newPasswordHash }: AccountProofs) {
  return {
    /**
     * Always the same answer, whether or not the account exists and whether or not a limit was reached; mails a
     * single-use link when the account exists, has an address, and neither it nor the client network is over
     * its limit (recovery-limit-repository.ts).
     */
    async requestPasswordReset(s: Session, login: string) {
      const at = clock.now();
      const account = await accountRepo.accountForReset(db, login);
      await db.transaction(async (tx) => {
        const mail = await recoveryLimits.countResetRequest(tx, at, {
          network: recoveryLimits.networkOf(s.ip),
          userId: account?.email ? account.id : undefined,
        });
        if (mail && account?.email) await enqueueMail(jobs, tx, { kind: 'password_reset', userId: account.id });
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'password.reset_requested',
          targetType: account ? 'user' : 'unknown_user',
          targetId: account ? account.id : '-',
          after: { mailed: mail },
        });
      });
    },

    /** Whether the reset link's account needs a second factor (the form asks for it before submitting). */
    async resetNeedsSecondFactor(_s: Session, token: string): Promise<boolean> {
      const live = await peekEmailToken(db, clock.now(), 'reset_password', token);
      if (!live) throw fieldError('token', 'is not valid or has expired.');
      return Boolean((await mfa.mfaState(db, live.user_id))?.enabled);
    },

    /**
     * Sets a new password from a reset link (and the second factor when set); ends every session and API token.
     * A code is counted before it is checked, like a sign-in code (the account and the client IP), and a link
     * takes at most MAX_CODES_PER_RESET_LINK codes.
     */
    async resetPassword(s: Session, input: { token: string; newPassword: string; code?: string }) {
      const at = clock.now();
      const live = await peekEmailToken(db, at, 'reset_password', input.token);
      if (!live) throw fieldError('token', 'This reset link is not valid: it may have expired (after one hour) or been used already.');
      const hash = await newPasswordHash(s, live.user_id, input.newPassword, 'newPassword');
      const settings = await readSetting(db, 'security');
      const needsCode = Boolean((await mfa.mfaState(db, live.user_id))?.enabled);
      let second: { code: string; guard: Awaited<ReturnType<typeof countResetCode>> } | undefined;
      if (needsCode) {
        if (!input.code) throw new AppError('mfa_failed');
        second = { code: input.code, guard: await countResetCode(s, input.token, live.user_id, settings, at) };
      }
      const done = await db.transaction(async (tx) => {
        if (second && !(await proveSecondFactor(tx, live.user_id, second.code, at))) return false;
        const used = await consumeEmailToken(tx, at, 'reset_password', input.token);
        if (!used) throw fieldError('token', 'This reset link has just been used.');
        if (second) await counter.succeeded(tx, second.guard.reservation, used.user_id);
        await setPasswordHash(s, tx, at, used.user_id, hash);
        await accountRepo.passwordChanged(tx, used.user_id, at);
        await endCredentials(s, tx, at, used.user_id, 'password_reset');
        await recordAudit(s, tx, at, { category: 'security', action: 'password.reset', targetType: 'user', targetId: used.user_id });
        return true;
      });
      if (!done) {
        // Only a wrong second factor makes the transaction return false.
        if (second) await counter.failed(s, second.guard.reservation, settings, second.guard.target, 'password.reset_code_failed');
        throw new AppError('mfa_failed');
      }
    },
  };
}
