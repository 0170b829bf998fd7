// What the account services share (account-service.ts, account-recovery.ts): the signed-in user an operation
// needs, a password proved (a wrong one counts as a failed sign-in and can lock the account) or checked against
// the password policy, and the attempt counters (sign-in attempts; codes given with a reset link).
import type { Session, UserSession } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { findUser } from '../domain/users/repository.ts';
import { AppError, fieldError } from '../errors/catalog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { enqueueMail } from '../mail/mailer.ts';
import type { SecuritySettings } from '../settings/security-settings.ts';
import * as accountRepo from './account-repository.ts';
import type { HashGate } from './hash-gate.ts';
import { checkPassword, passwordPolicyOf } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import * as throttle from './throttle-repository.ts';
import { attemptCounter } from './attempts.ts';
import { resetCodeCounter } from './reset-code.ts';
import { readSetting } from '../settings/repository.ts';

export interface AccountDeps {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
  gate: HashGate;
}

export function requireUser(s: Session): UserSession {
  if (s.kind !== 'user') throw new AppError('unauthenticated');
  return s;
}

function refusePassword(field: string, reasons: string[]): AppError {
  return new AppError('validation', `${field}: ${reasons.join(' ')}`, { fields: reasons.map((message) => ({ field, message })) });
}

export function accountProofs({ db, clock, jobs, gate }: AccountDeps) {
  /** Checks a password of the user; a wrong one counts as a failed sign-in (and can lock the account). */
  async function provePassword(s: UserSession, password: string, field: string): Promise<void> {
    const settings = await readSetting(db, 'security');
    const hash = await accountRepo.passwordHashOf(db, s.userId);
    const ok = await gate.run('clean', () => verifyPassword(hash ?? '', password));
    if (ok && hash) return;
    await registerFailure(s, s.userId, settings);
    throw fieldError(field, 'is not your current password.');
  }

  async function registerFailure(s: Session, userId: number, settings: SecuritySettings): Promise<void> {
    const at = clock.now();
    await db.transaction(async (tx) => {
      const n = await throttle.reserveAccountAttempt(tx, userId, at);
      if (n !== undefined && n >= settings.lockoutThreshold && (await throttle.lockAccount(tx, userId, at, null))) {
        await recordAudit(s, tx, at, { category: 'security', action: 'account.locked', targetType: 'user', targetId: userId });
        await enqueueMail(jobs, tx, { kind: 'account_locked', userId });
      }
      await recordAudit(s, tx, at, { category: 'security', action: 'credential.check_failed', targetType: 'user', targetId: userId });
    });
  }

  const counter = attemptCounter({ db, clock, jobs });

  const countResetCode = resetCodeCounter({ db, counter });

  async function newPasswordHash(s: Session, userId: number, password: string, field: string): Promise<string> {
    const settings = await readSetting(db, 'security');
    const user = await findUser(s, db, userId);
    const reasons = checkPassword(password, { username: user?.username, email: user?.email }, passwordPolicyOf(settings));
    if (reasons.length > 0) throw refusePassword(field, reasons);
    return hashPassword(password);
  }

  return { provePassword, registerFailure, counter, countResetCode, newPasswordHash };
}

export type AccountProofs = ReturnType<typeof accountProofs>;
