// Sign-in with the brute-force defences of seed 004:
// - a client IP with `ipFailureLimit` failures within `ipWindowMinutes` is blocked for `ipBlockMinutes` (429);
// - `lockoutThreshold` consecutive failures lock the account (administrator unlock, or timed with growing
//   waits), and the owner is told by e-mail.
// Each attempt is counted and committed BEFORE the password is hashed, so the limits hold exactly under
// concurrency and across instances; locked and blocked attempts are refused without hashing. Unknown user,
// wrong password and locked account give the same answer after about the same time.
import { userSession, type Session } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors/catalog.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { usernameKey } from '../domain/users/repository.ts';
import { ipInList, parseCidrList } from '../http/client-ip.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { readSecuritySettings, type SecuritySettings } from '../settings/security-settings.ts';
import { AdmissionGate, HashGate, equalisingDelay } from './hash-gate.ts';
import { IpReputation } from './ip-reputation.ts';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { createStoredSession, deleteOtherUserSessions, deleteStoredSession } from './session-store.ts';
import * as throttle from './throttle-repository.ts';
import { newToken } from './tokens.ts';
import { setPasswordHash } from '../domain/users/repository.ts';

export const SIGN_IN_FAILED_MESSAGE =
  'Sign-in failed. Check your username and password. After repeated failures an account is locked for its protection; its owner is told by e-mail.';

export interface SignInDeps {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
  /** Admission for hashing. */
  gate: HashGate;
  /** Admission for whole sign-in attempts (default: 4 at a time, clean IPs first, 64 suspect ones waiting). */
  admission?: AdmissionGate;
  /** This process's memory of failing and blocked IPs (a hint; the database holds the limits). */
  reputation?: IpReputation;
}

/** How long a failure makes an IP's later attempts wait behind clean ones. */
const SUSPECT_WINDOW_MS = 15 * 60_000;
/** How long a successful sign-in lets an IP's later attempts go first. */
const TRUSTED_WINDOW_MS = 24 * 60 * 60_000;

export interface SignInInput {
  username: string;
  password: string;
  userAgent: string;
  previousToken?: string;
  previousData?: Record<string, unknown>;
}

export interface SignInResult {
  token: string;
  user: { id: number; username: string; isAdmin: boolean };
  mfaRequired: boolean;
  mustChangePassword: boolean;
  staff: boolean;
  /** Administrators require a second factor for staff, and this staff account has none yet. */
  mfaEnrolmentRequired: boolean;
}

const failed = () => new AppError('sign_in_failed', SIGN_IN_FAILED_MESSAGE);

function lockUntil(settings: SecuritySettings, at: Date, lockCount: number): Date | null {
  if (settings.lockoutMode === 'admin') return null;
  const minutes = settings.lockoutBaseMinutes * 2 ** Math.min(lockCount, 10);
  return new Date(at.getTime() + minutes * 60_000);
}

export function signInService({ db, clock, jobs, gate, ...options }: SignInDeps) {
  const admission = options.admission ?? new AdmissionGate(2, 64);
  const reputation = options.reputation ?? new IpReputation();

  async function ipBlocked(s: Session): Promise<never> {
    throw new AppError('rate_limited', 'Too many failed sign-ins from your network. Try again later.', {
      details: { reason: 'ip_blocked', ip: s.ip },
    });
  }

  async function attempt(s: Session, input: SignInInput, suspect: boolean): Promise<SignInResult> {
    const settings = await readSecuritySettings(s, db);
    const at = clock.now();
    const blockedUntil = await throttle.ipBlockedUntil(s, db, s.ip, at);
    if (blockedUntil) {
      reputation.blocked(s.ip, blockedUntil);
      return ipBlocked(s);
    }

    // 1. Count the attempt (committed before any hashing).
    const windowStart = new Date(at.getTime() - settings.ipWindowMinutes * 60_000);
    const reservation = await db.transaction(async (tx) => {
      const ip = await throttle.reserveIpAttempt(s, tx, s.ip, at, windowStart);
      const account = await throttle.accountForSignIn(s, tx, usernameKey(input.username));
      const ticket = account ? await throttle.reserveAccountAttempt(s, tx, account.id, at) : undefined;
      if (ip.position > settings.ipFailureLimit) {
        await throttle.blockIp(s, tx, s.ip, at, new Date(at.getTime() + settings.ipBlockMinutes * 60_000));
      }
      return { ip, account, ticket };
    });
    const { ip, account, ticket } = reservation;
    if (ip.position > settings.ipFailureLimit) {
      reputation.blocked(s.ip, new Date(at.getTime() + settings.ipBlockMinutes * 60_000));
      return ipBlocked(s);
    }

    // 2. Locked (or over the threshold through concurrent attempts) or disabled: refuse without hashing.
    if (account && (ticket === undefined || ticket > settings.lockoutThreshold || account.disabled)) {
      reputation.failed(s.ip, at);
      await equalisingDelay(gate);
      await recordAudit(s, db, clock.now(), {
        category: 'security',
        action: 'signin.refused_locked',
        targetType: 'user',
        targetId: account.id,
      });
      throw failed();
    }

    // 3. Hash, through the admission gate (clean IPs first).
    const priority = ip.position <= 1 && !suspect ? 'clean' : 'suspect';
    let ok: boolean;
    try {
      ok = await gate.run(priority, async () =>
        verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), input.password),
      );
    } catch (err) {
      // Not admitted: the attempt was not tried, so it does not count.
      await throttle.forgetIpFailure(s, db, ip.failureId);
      if (account) await throttle.releaseAccountAttempt(s, db, account.id);
      throw err;
    }
    ok = ok && Boolean(account?.password_hash);

    const after = clock.now();
    if (!account || !ok) {
      reputation.failed(s.ip, after);
      if (ip.position >= settings.ipFailureLimit) reputation.blocked(s.ip, new Date(after.getTime() + settings.ipBlockMinutes * 60_000));
      await db.transaction(async (tx) => {
        if (account && ticket !== undefined && ticket >= settings.lockoutThreshold) {
          if (await throttle.lockAccount(s, tx, account.id, after, lockUntil(settings, after, account.lock_count))) {
            await recordAudit(s, tx, after, { category: 'security', action: 'account.locked', targetType: 'user', targetId: account.id, after: { failedSignins: ticket, mode: settings.lockoutMode } });
            await enqueueMail(s, jobs, tx, { kind: 'account_locked', userId: account.id });
            await deleteOtherUserSessions(s, tx, account.id);
          }
        }
        if (ip.position >= settings.ipFailureLimit) {
          await throttle.blockIp(s, tx, s.ip, after, new Date(after.getTime() + settings.ipBlockMinutes * 60_000));
          await recordAudit(s, tx, after, { category: 'security', action: 'ip.blocked', targetType: 'ip', targetId: s.ip, after: { failures: ip.position, minutes: settings.ipBlockMinutes } });
        }
        await recordAudit(s, tx, after, {
          category: 'security',
          action: 'signin.failed',
          targetType: account ? 'user' : 'unknown_user',
          targetId: account ? account.id : '-',
        });
      });
      throw failed();
    }

    // 4. The password is right. Networks the account may sign in from.
    if (account.allowed_networks.length > 0 && !ipInList(s.ip, parseCidrList(account.allowed_networks.join(',')))) {
      await db.transaction(async (tx) => {
        await throttle.resetAccountFailures(s, tx, account.id);
        await recordAudit(s, tx, after, { category: 'security', action: 'signin.network_refused', targetType: 'user', targetId: account.id });
      });
      throw failed();
    }

    const user = { id: account.id, username: account.username, isAdmin: account.is_admin };
    const acting = userSession(user, s.ip, s.requestId);
    const token = newToken();
    const rehash = account.password_hash && needsRehash(account.password_hash) ? await hashPassword(input.password) : undefined;
    await db.transaction(async (tx) => {
      await throttle.resetAccountFailures(acting, tx, account.id);
      await throttle.forgetIpFailure(acting, tx, ip.failureId);
      if (rehash) await setPasswordHash(acting, tx, after, account.id, rehash);
      if (input.previousToken) await deleteStoredSession(acting, tx, input.previousToken);
      await createStoredSession(acting, tx, after, {
        token,
        userId: account.id,
        ip: s.ip,
        userAgent: input.userAgent,
        data: input.previousData,
        bindIp: account.is_admin ? settings.bindSessionIpForAdmins : settings.bindSessionIpForEveryone,
        mfaPending: account.mfa_enabled,
        absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
      });
      await recordAudit(acting, tx, after, {
        category: 'security',
        action: account.mfa_enabled ? 'signin.password_accepted' : 'signin.succeeded',
        targetType: 'user',
        targetId: account.id,
        after: rehash ? { rehashed: true } : undefined,
      });
    });
    reputation.succeeded(s.ip, after);
    return {
      token,
      user,
      mfaRequired: account.mfa_enabled,
      mustChangePassword: account.must_change_password,
      staff: account.staff_console,
      mfaEnrolmentRequired: settings.requireMfaForStaff && (account.is_admin || account.staff_console) && !account.mfa_enabled,
    };
  }

  return {
    /** One sign-in attempt, admitted clean IPs first; an IP this process saw blocked is answered at once. */
    async signIn(s: Session, input: SignInInput): Promise<SignInResult> {
      const now = clock.now();
      if (reputation.blockedUntil(s.ip, now)) return ipBlocked(s);
      const suspect = reputation.isSuspect(s.ip, now, SUSPECT_WINDOW_MS);
      const priority = suspect ? 'suspect' : reputation.isTrusted(s.ip, now, TRUSTED_WINDOW_MS) ? 'trusted' : 'clean';
      return admission.run(priority, () => attempt(s, input, suspect));
    },
  };
}
