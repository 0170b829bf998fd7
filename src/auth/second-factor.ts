// The second step of a sign-in with TOTP: the pending session (password accepted) becomes a full one under a
// new token. Wrong codes are counted like wrong passwords (attempts.ts: the account's consecutive failures and
// the client IP's window, or the known device's failures), the password step does not reset that count, and
// one pending sign-in may try at most MAX_CODES_PER_SIGN_IN codes before the password must be given again.
import { bindsSessionIp } from '../domain/installation/policy.ts';
import { userSession, type Session } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database, Queryable } from '../db/database.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { AppError } from '../errors/catalog.ts';
import { readSetting } from '../settings/repository.ts';
import * as accountRepo from './account-repository.ts';
import { ipBlockedError, type AttemptCounter } from './attempts.ts';
import type { IpReputation } from './ip-reputation.ts';
import * as devices from './known-device-repository.ts';
import * as mfa from './mfa-repository.ts';
import * as sessions from './session-store.ts';
import * as throttle from './throttle-repository.ts';
import { newToken } from './tokens.ts';
import { matchTotp } from './totp.ts';

/** Codes one pending sign-in may try; then the password must be given again. */
export const MAX_CODES_PER_SIGN_IN = 5;

/** Checks a TOTP code (no replay) or a recovery code (single use). */
export async function proveSecondFactor(tx: Queryable, userId: number, code: string, at: Date): Promise<'totp' | 'recovery' | undefined> {
  const state = await mfa.mfaState(tx, userId, { forUpdate: true });
  if (!state?.enabled || !state.secret) return undefined;
  const step = matchTotp(state.secret, code, at);
  if (step !== undefined) return (await mfa.acceptTotpStep(tx, userId, step)) ? 'totp' : undefined;
  return (await mfa.consumeRecoveryCode(tx, userId, code, at)) ? 'recovery' : undefined;
}

export interface SecondFactorInput {
  userId: number;
  /** The pending session's token. */
  token: string;
  code: string;
  userAgent: string;
  deviceToken?: string;
}

export interface SecondFactorDeps {
  db: Database;
  clock: Clock;
  counter: AttemptCounter;
  reputation: IpReputation;
}

export function secondFactorStep(deps: SecondFactorDeps) {
  const { db, clock, counter, reputation } = deps;

  return async function completeSecondFactor(s: Session, input: SecondFactorInput) {
    const settings = await readSetting(db, 'security');
    const at = clock.now();
    // The pending session proved the password of this user; it may read what completing the sign-in needs.
    const user = await accountRepo.accountForSecondFactor(db, input.userId);
    if (!user || user.disabled) throw new AppError('unauthenticated');
    const device = await devices.knownDevice(db, input.deviceToken, user.id, at);
    if (!device) {
      const blockedUntil = await throttle.ipBlockedUntil(db, s.ip, at);
      if (blockedUntil) {
        reputation.blocked(s.ip, blockedUntil, at);
        throw ipBlockedError(s.ip, blockedUntil, at);
      }
    }

    // Count the code against this pending sign-in, then against the account (or device) and the IP.
    const tried = await sessions.countMfaAttempt(db, input.token);
    if (tried === undefined) throw new AppError('unauthenticated', 'Sign in with your password first.');
    if (tried > MAX_CODES_PER_SIGN_IN) {
      await db.transaction(async (tx) => {
        await sessions.deleteStoredSession(tx, input.token);
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'signin.second_factor_abandoned',
          targetType: 'user',
          targetId: user.id,
          after: { codes: tried - 1 },
        });
      });
      throw new AppError('unauthenticated', `Too many wrong codes (${MAX_CODES_PER_SIGN_IN}): sign in with your password again.`);
    }
    const target = { accountId: user.id, lockCount: user.lock_count, device };
    const { reservation, refusal } = await db.transaction((tx) => counter.reserve(s, tx, settings, at, target));
    if (refusal === 'ip_blocked') {
      const until = new Date(at.getTime() + settings.ipBlockMinutes * 60_000);
      reputation.blocked(s.ip, until, at);
      throw ipBlockedError(s.ip, until, at);
    }
    if (refusal === 'locked') {
      await db.transaction(async (tx) => {
        await sessions.deleteStoredSession(tx, input.token);
        await recordAudit(s, tx, at, { category: 'security', action: 'signin.refused_locked', targetType: 'user', targetId: user.id });
      });
      throw new AppError(
        'unauthenticated',
        'The account is locked after repeated failures; sign-in is not possible from here now. Its owner was told by e-mail.',
      );
    }

    const acting = userSession({ id: user.id, username: user.username, isAdmin: user.is_admin }, s.ip, s.requestId);
    const token = newToken();
    const done = await db.transaction(async (tx) => {
      const used = await proveSecondFactor(tx, user.id, input.code, at);
      if (!used) return undefined;
      await counter.succeeded(tx, reservation, user.id);
      await sessions.deleteStoredSession(tx, input.token);
      await sessions.createStoredSession(tx, at, {
        token,
        userId: user.id,
        ip: s.ip,
        userAgent: input.userAgent,
        bindIp: bindsSessionIp({ isAdmin: user.is_admin }, settings),
        absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
      });
      const deviceToken = await devices.rememberDevice(tx, user.id, at, input.deviceToken);
      await recordAudit(acting, tx, at, {
        category: 'security',
        action: 'signin.succeeded',
        targetType: 'user',
        targetId: user.id,
        after: { secondFactor: used, knownDevice: Boolean(device) },
      });
      return { deviceToken };
    });
    if (!done) {
      if (reservation.via === 'account') reputation.failed(s.ip, at);
      const blocked = await counter.failed(s, reservation, settings, target, 'signin.second_factor_failed');
      if (blocked) reputation.blocked(s.ip, blocked, at);
      throw new AppError('mfa_failed');
    }
    reputation.succeeded(s.ip, at);
    return {
      token,
      deviceToken: done.deviceToken,
      user: { id: user.id, username: user.username, isAdmin: user.is_admin },
      staff: user.staff_console,
      mustChangePassword: user.must_change_password,
    };
  };
}
