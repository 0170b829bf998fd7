// Sign-in with the brute-force defences of seed 004 (attempts.ts counts them):
// - a client IP with `ipFailureLimit` failures within `ipWindowMinutes` is blocked for `ipBlockMinutes` (429,
//   with Retry-After and the time it ends; administrators can lift it);
// - `lockoutThreshold` consecutive failures lock the account for unknown clients (administrator unlock, or
//   timed with growing waits), and the owner is told by e-mail; the owner's known devices (device cookies,
//   known-device-repository.ts) keep signing in, and a lock ends no session or API token;
// - with a second factor, the password step gives back its own attempt but does not reset the count: only a
//   completed sign-in does (second-factor.ts counts the codes the same way).
// Each attempt is counted and committed BEFORE the password is hashed, so the limits hold exactly under
// concurrency and across instances; locked and blocked attempts are refused without hashing. Unknown user,
// wrong password, locked and disabled accounts give the same answer after about the same time.
import { bindsSessionIp, isStaffAccount } from '../domain/installation/policy.ts';
import { userSession, type Session } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors/catalog.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { setPasswordHash, usernameKey } from '../domain/users/repository.ts';
import { ipInList, parseCidrList } from '../http/client-ip.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { readSetting } from '../settings/repository.ts';
import { attemptCounter, ipBlockedError } from './attempts.ts';
import { AdmissionGate, HashGate, equalisingDelay } from './hash-gate.ts';
import { ipBlockAdministration } from './ip-blocks.ts';
import { IpReputation } from './ip-reputation.ts';
import * as devices from './known-device-repository.ts';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { secondFactorStep } from './second-factor.ts';
import { createStoredSession, deleteStoredSession } from './session-store.ts';
import * as throttle from './throttle-repository.ts';
import { newToken } from './tokens.ts';

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
  /** The device cookie's token, when the browser has one. */
  deviceToken?: string;
}

export interface SignInResult {
  token: string;
  user: { id: number; username: string; isAdmin: boolean };
  mfaRequired: boolean;
  mustChangePassword: boolean;
  staff: boolean;
  /** Administrators require a second factor for staff, and this staff account has none yet. */
  mfaEnrolmentRequired: boolean;
  /** A new device token for the device cookie (a completed sign-in; not while the second factor is awaited). */
  deviceToken: string | undefined;
}

const failed = () => new AppError('sign_in_failed', SIGN_IN_FAILED_MESSAGE);

export function signInService({ db, clock, jobs, gate, ...options }: SignInDeps) {
  const admission = options.admission ?? new AdmissionGate(2, 64);
  const reputation = options.reputation ?? new IpReputation();
  const counter = attemptCounter({ db, clock, jobs });

  async function attempt(s: Session, input: SignInInput, suspect: boolean): Promise<SignInResult> {
    const settings = await readSetting(db, 'security');
    const at = clock.now();
    const account = await throttle.accountForSignIn(db, usernameKey(input.username));
    const device = account ? await devices.knownDevice(db, input.deviceToken, account.id, at) : undefined;
    if (!device) {
      const blockedUntil = await throttle.ipBlockedUntil(db, s.ip, at);
      if (blockedUntil) {
        reputation.blocked(s.ip, blockedUntil, at);
        throw ipBlockedError(s.ip, blockedUntil, at);
      }
    }

    // 1. Count the attempt (committed before any hashing).
    const target = { accountId: account?.id, lockCount: account?.lock_count ?? 0, device };
    const { reservation, refusal } = await db.transaction((tx) => counter.reserve(s, tx, settings, at, target));
    if (refusal === 'ip_blocked') {
      const until = new Date(at.getTime() + settings.ipBlockMinutes * 60_000);
      reputation.blocked(s.ip, until, at);
      throw ipBlockedError(s.ip, until, at);
    }

    // 2. Locked (for this client), over the threshold through concurrent attempts, or disabled: refuse
    //    without hashing, after about the time a hash takes.
    if (account && (refusal === 'locked' || account.disabled)) {
      if (reservation.via === 'account') reputation.failed(s.ip, at);
      await equalisingDelay(gate);
      await recordAudit(s, db, clock.now(), {
        category: 'security',
        action: 'signin.refused_locked',
        targetType: 'user',
        targetId: account.id,
      });
      throw failed();
    }

    // 3. Hash, through the admission gate (known devices and clean IPs first).
    const priority = device ? 'trusted' : reservation.ipPosition <= 1 && !suspect ? 'clean' : 'suspect';
    let ok: boolean;
    try {
      ok = await gate.run(priority, async () => verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), input.password));
    } catch (err) {
      // Not admitted: the attempt was not tried, so it does not count.
      await counter.release(reservation, account?.id);
      throw err;
    }
    ok = ok && Boolean(account?.password_hash);

    const after = clock.now();
    if (!account || !ok) {
      if (reservation.via === 'account') reputation.failed(s.ip, after);
      const blocked = await counter.failed(s, reservation, settings, target, 'signin.failed');
      if (blocked) reputation.blocked(s.ip, blocked, after);
      throw failed();
    }

    // 4. The password is right. Networks the account may sign in from.
    if (account.allowed_networks.length > 0 && !ipInList(s.ip, parseCidrList(account.allowed_networks.join(',')))) {
      // The attempt is given back and the refusal recorded in one transaction.
      await db.transaction(async (tx) => {
        await counter.release(reservation, account.id, { keepIp: true, tx });
        await recordAudit(s, tx, after, {
          category: 'security',
          action: 'signin.network_refused',
          targetType: 'user',
          targetId: account.id,
        });
      });
      throw failed();
    }

    const user = { id: account.id, username: account.username, isAdmin: account.is_admin };
    const acting = userSession(user, s.ip, s.requestId);
    const token = newToken();
    const rehash = account.password_hash && needsRehash(account.password_hash) ? await hashPassword(input.password) : undefined;
    // With a second factor this step gives its attempt back, without resetting earlier failures: only the
    // completed sign-in does that.
    if (account.mfa_enabled) await counter.release(reservation, account.id);
    const deviceToken = await db.transaction(async (tx) => {
      if (!account.mfa_enabled) await counter.succeeded(tx, reservation, account.id);
      if (rehash) await setPasswordHash(acting, tx, after, account.id, rehash);
      if (input.previousToken) await deleteStoredSession(tx, input.previousToken);
      await createStoredSession(tx, after, {
        token,
        userId: account.id,
        ip: s.ip,
        userAgent: input.userAgent,
        data: input.previousData,
        bindIp: bindsSessionIp({ isAdmin: account.is_admin }, settings),
        mfaPending: account.mfa_enabled,
        absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
      });
      await recordAudit(acting, tx, after, {
        category: 'security',
        action: account.mfa_enabled ? 'signin.password_accepted' : 'signin.succeeded',
        targetType: 'user',
        targetId: account.id,
        after: { ...(rehash ? { rehashed: true } : {}), knownDevice: Boolean(device) },
      });
      return account.mfa_enabled ? undefined : devices.rememberDevice(tx, account.id, after, input.deviceToken);
    });
    reputation.succeeded(s.ip, after);
    return {
      token,
      user,
      mfaRequired: account.mfa_enabled,
      mustChangePassword: account.must_change_password,
      staff: account.staff_console,
      mfaEnrolmentRequired:
        settings.requireMfaForStaff &&
        isStaffAccount({ isAdmin: account.is_admin, staffConsole: account.staff_console }) &&
        !account.mfa_enabled,
      deviceToken,
    };
  }

  function blockedNow(s: Session): void {
    const now = clock.now();
    const until = reputation.blockedUntil(s.ip, now);
    if (until) throw ipBlockedError(s.ip, until, now);
  }

  return {
    /**
     * One sign-in attempt, admitted clean IPs first. An IP this process recently saw blocked is answered at
     * once, unless the browser presents a device cookie (then the database decides whether it is known).
     */
    async signIn(s: Session, input: SignInInput): Promise<SignInResult> {
      if (!input.deviceToken) blockedNow(s);
      const now = clock.now();
      const suspect = reputation.isSuspect(s.ip, now, SUSPECT_WINDOW_MS);
      const priority = suspect ? 'suspect' : reputation.isTrusted(s.ip, now, TRUSTED_WINDOW_MS) ? 'trusted' : 'clean';
      return admission.run(priority, () => attempt(s, input, suspect));
    },

    /** The second step of a sign-in with TOTP (second-factor.ts). */
    completeSecondFactor: secondFactorStep({ db, clock, counter, reputation }),

    /** Administrators: the IPs blocked now, and lifting a block (ip-blocks.ts). */
    ipBlocks: ipBlockAdministration({ db, clock, reputation }),
  };
}

export type SignInService = ReturnType<typeof signInService>;
