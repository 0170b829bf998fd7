// Self-registration of reporter accounts (seed 003: reporters may register to follow their reports), without
// telling anyone whether a username or address is taken: every valid request gets the same answer ("check your
// mail") after the same work (the password is always hashed), and the mail decides:
// - a free username at a new address: a single-use link (valid REGISTRATION_LINK_HOURS) that creates the account,
//   its address already confirmed;
// - an address that already has an account: its owner is told that someone tried, and how to sign in or reset;
// - a taken username: the address is told to choose another name (only the mailbox learns it).
// At most REGISTRATIONS_PER_IP_HOUR requests per client IP (429; this does not depend on any account) and
// REGISTRATION_MAILS_PER_ADDRESS_HOUR mails per address per hour (over it: the same answer, no mail).
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../db/database.ts';
import { AppError, fieldError } from '../../errors/catalog.ts';
import { enqueueMail } from '../../mail/mailer.ts';
import { readSetting } from '../../settings/repository.ts';
import { recordAudit } from '../audit/repository.ts';
import * as registrations from './registration-repository.ts';
import * as repo from './repository.ts';
import { checkNewAccount } from './service.ts';

export const REGISTRATIONS_PER_IP_HOUR = 5;
export const REGISTRATION_MAILS_PER_ADDRESS_HOUR = 3;
export const REGISTRATION_LINK_HOURS = 24;
const HOUR_MS = 3_600_000;

export const REGISTRATION_ANSWER =
  'Check your mail: we sent a message to the address you gave. It tells you how to complete the registration (the link works once, within 24 hours). If nothing arrives, check the address and try again later.';

export function registrationService({ db, clock, jobs }: Deps) {
  return {
    /** Records a registration request and mails its outcome; the caller answers REGISTRATION_ANSWER. */
    async request(s: Session, input: { username: string; password: string; email: string; displayName?: string }): Promise<void> {
      if (s.kind !== 'anonymous') throw new AppError('conflict', 'You are already signed in; sign out to register another account.');
      if (!input.email.trim()) throw fieldError('email', 'is needed, so you can receive news about your reports and reset your password.');
      const account = await checkNewAccount(input, await readSetting(db, 'security'));
      const { email } = account;
      if (email === null) throw new Error('Internal error: a checked account with an address has none.');
      if (!jobs) throw new Error('register: no job queue');
      await jobs.ready();
      const at = clock.now();
      await db.transaction(async (tx) => {
        const recent = await registrations.countRecentRegistrations(tx, s.ip, email, new Date(at.getTime() - HOUR_MS));
        if (recent.fromIp >= REGISTRATIONS_PER_IP_HOUR) {
          throw new AppError('rate_limited', 'Too many registrations were asked for from your network in the last hour; try again later.', {
            details: { retryAfterSeconds: 3600 },
          });
        }
        const conflicts = await registrations.registrationConflicts(tx, email, repo.usernameKey(account.username));
        const outcome: registrations.RegistrationOutcome =
          recent.toAddress >= REGISTRATION_MAILS_PER_ADDRESS_HOUR
            ? 'limited'
            : conflicts.emailOwner !== undefined
              ? 'email_taken'
              : conflicts.nameTaken
                ? 'name_taken'
                : 'new';
        const id = await registrations.insertRegistration(tx, at, {
          username: account.username,
          displayName: account.displayName,
          email,
          passwordHash: outcome === 'new' ? account.passwordHash : null,
          outcome,
          existingUserId: outcome === 'email_taken' ? conflicts.emailOwner : undefined,
          ip: s.ip,
          expiresAt: new Date(at.getTime() + REGISTRATION_LINK_HOURS * HOUR_MS),
        });
        if (outcome !== 'limited') await enqueueMail(jobs, tx, { kind: 'registration', registrationId: id });
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'user.registration_requested',
          targetType: 'registration',
          targetId: id,
          after: { outcome },
        });
      });
    },

    /** Completes a registration with the link from its mail: creates the account, its address confirmed. */
    async complete(s: Session, token: string): Promise<{ id: number; username: string }> {
      const at = clock.now();
      try {
        return await db.transaction(async (tx) => {
          const r = await registrations.useRegistrationLink(tx, at, token);
          if (!r || !r.password_hash) {
            throw fieldError(
              'token',
              'This registration link is not valid: it may have expired (after 24 hours) or been used already. Register again.',
            );
          }
          const id = await repo.insertUser(s, tx, at, {
            username: r.username,
            displayName: r.display_name,
            email: r.email,
            isAdmin: false,
            passwordHash: r.password_hash,
            emailVerifiedAt: at,
          });
          await recordAudit(s, tx, at, {
            action: 'user.registered',
            targetType: 'user',
            targetId: id,
            after: { username: r.username, displayName: r.display_name, email: r.email, isAdmin: false },
          });
          return { id, username: r.username };
        });
      } catch (err) {
        if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
          throw new AppError('name_taken', 'Someone registered this username after you asked for it; register again with another name.', {
            fields: [{ field: 'token', message: 'names a username that is taken now.' }],
          });
        }
        throw err;
      }
    },
  };
}

export type RegistrationService = ReturnType<typeof registrationService>;
