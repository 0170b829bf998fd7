// Links an administrator sends: the invitation of an account created without a password (the user chooses one
// with a single-use link valid seven days; only its hash is stored), and a password-reset link for any user with
// an address. Accepting an invitation sets the password and confirms the address the link went to.
import type { Session } from '../access/session.ts';
import { installationFacts } from '../domain/installation/policy.ts';
import { authorize as authorizeUser } from '../domain/users/policy.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { findUser, setPasswordHash } from '../domain/users/repository.ts';
import { AppError, fieldError, notFound } from '../errors/catalog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { readSetting } from '../settings/repository.ts';
import * as accountRepo from './account-repository.ts';
import { consumeEmailToken, peekEmailToken } from './email-token-repository.ts';
import { checkPassword, passwordPolicyOf } from './password-policy.ts';
import { hashPassword } from './passwords.ts';

const INVALID =
  'This invitation link is not valid: it may have expired (after seven days), been used already, or been replaced by a newer one.';

export interface InvitationDeps {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
}

export function invitationService({ db, clock, jobs }: InvitationDeps) {
  async function mailable(s: Session, userId: number) {
    authorizeUser(installationFacts(s), 'sendLinks', { id: userId });
    const user = await findUser(s, db, userId);
    if (!user) throw notFound('There is no such user.');
    if (user.disabled) throw new AppError('conflict', 'The account is disabled; enable it first.');
    if (!user.email)
      throw new AppError('conflict', 'The user has no e-mail address; add one first.', {
        fields: [{ field: 'email', message: 'is needed to send the link.' }],
      });
    return user;
  }

  return {
    /** Sends the invitation again (a new link replaces the old one), while the user has not chosen a password. */
    async resendInvitation(s: Session, userId: number) {
      const user = await mailable(s, userId);
      if (user.has_password) throw new AppError('conflict', 'The user has a password already; send a password-reset link instead.');
      await jobs.ready();
      await db.transaction(async (tx) => {
        await enqueueMail(jobs, tx, { kind: 'invitation', userId });
        await recordAudit(s, tx, clock.now(), {
          category: 'security',
          action: 'user.invitation_sent',
          targetType: 'user',
          targetId: userId,
          after: { email: user.email },
        });
      });
    },

    /** An administrator sends the user a password-reset link (the user's password stays until it is used). */
    async sendPasswordResetLink(s: Session, userId: number) {
      const user = await mailable(s, userId);
      await jobs.ready();
      await db.transaction(async (tx) => {
        await enqueueMail(jobs, tx, { kind: 'password_reset_by_admin', userId });
        await recordAudit(s, tx, clock.now(), {
          category: 'security',
          action: 'password.reset_link_sent',
          targetType: 'user',
          targetId: userId,
          after: { email: user.email },
        });
      });
    },

    /** Whom a live invitation link is for (the page shows it and checks the password against it). */
    async checkInvitation(_s: Session, token: string): Promise<{ username: string }> {
      const live = await peekEmailToken(db, clock.now(), 'invitation', token);
      const user = live ? await accountRepo.accountForSecondFactor(db, live.user_id) : undefined;
      if (!user || user.disabled) throw fieldError('token', INVALID);
      return { username: user.username };
    },

    /** Sets the invited user's password with the link, once; confirms the address the link went to. */
    async acceptInvitation(s: Session, input: { token: string; newPassword: string }) {
      const at = clock.now();
      const live = await peekEmailToken(db, at, 'invitation', input.token);
      // The link proves the invitation mail was read: it may name its account.
      const user = live ? await accountRepo.accountForSecondFactor(db, live.user_id) : undefined;
      if (!live || !user || user.disabled) throw fieldError('token', INVALID);
      const settings = await readSetting(db, 'security');
      const reasons = checkPassword(input.newPassword, { username: user.username, email: live.email }, passwordPolicyOf(settings));
      if (reasons.length > 0) {
        throw new AppError('validation', `newPassword: ${reasons.join(' ')}`, {
          fields: reasons.map((message) => ({ field: 'newPassword', message })),
        });
      }
      const hash = await hashPassword(input.newPassword);
      await db.transaction(async (tx) => {
        const used = await consumeEmailToken(tx, at, 'invitation', input.token);
        if (!used) throw fieldError('token', INVALID);
        await setPasswordHash(s, tx, at, used.user_id, hash);
        await accountRepo.passwordChanged(tx, used.user_id, at);
        await accountRepo.markEmailVerified(tx, used.user_id, used.email, at);
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'user.invitation_accepted',
          targetType: 'user',
          targetId: used.user_id,
        });
      });
    },
  };
}

export type InvitationService = ReturnType<typeof invitationService>;
