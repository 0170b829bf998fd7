// Counting credential attempts (passwords and second-factor codes alike) for the brute-force limits of seed 004.
// An attempt is counted and committed BEFORE the credential is checked, so the limits hold exactly under
// concurrency and across instances:
// - from an unknown client: one failure in the client IP's sliding window, and one consecutive failure of the
//   account (at `lockoutThreshold` the account is locked for unknown clients, and its owner is told by mail);
// - from a known device of the account (known-device-repository.ts): one consecutive failure of that device only (at the
//   threshold the device is locked and counts as unknown from then on); the account lock and the IP block do
//   not apply to it.
// A lock ends no session and no API token: it stops guessing, it does not sign anybody out.
import type { Session } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database, Queryable, Tx } from '../db/database.ts';
import type { AuditAction } from '../domain/audit/actions.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { AppError } from '../errors/catalog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { enqueueMail } from '../mail/mailer.ts';
import type { SecuritySettings } from '../settings/security-settings.ts';
import * as devices from './known-device-repository.ts';
import * as throttle from './throttle-repository.ts';

export interface AttemptTarget {
  /** The account the credential is for; undefined for an unknown username. */
  accountId: number | undefined;
  /** The account's lock count (for growing waits in timed mode). */
  lockCount: number;
  /** A known device of this account presented with the request. */
  device: devices.KnownDevice | undefined;
}

interface ReservationCounts {
  /** The attempt's number among consecutive failures (account or device); undefined when locked. */
  ticket: number | undefined;
  /** The IP window entry (unknown clients only) and the attempt's position in the window (0 for devices). */
  ipFailureId: string | undefined;
  ipPosition: number;
}

/** An attempt counted against a known device (deviceId) or against the account and the client IP. */
export type Reservation = ReservationCounts & ({ via: 'device'; deviceId: string } | { via: 'account'; deviceId: undefined });

/** Why a reserved attempt must be refused without checking the credential. */
export type Refusal = 'ip_blocked' | 'locked' | undefined;

export function ipBlockedError(ip: string, until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const when = `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return new AppError(
    'rate_limited',
    `Too many failed sign-ins from your network. Try again after ${when} (in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}), or ask an administrator to lift the block.`,
    { details: { reason: 'ip_blocked', ip, blockedUntil: until.toISOString(), retryAfterSeconds: seconds } },
  );
}

function lockUntil(settings: SecuritySettings, at: Date, lockCount: number): Date | null {
  if (settings.lockoutMode === 'admin') return null;
  const minutes = settings.lockoutBaseMinutes * 2 ** Math.min(lockCount, 10);
  return new Date(at.getTime() + minutes * 60_000);
}

export interface AttemptDeps {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
}

export function attemptCounter({ db, clock, jobs }: AttemptDeps) {
  const blockEnd = (settings: SecuritySettings, at: Date) => new Date(at.getTime() + settings.ipBlockMinutes * 60_000);

  return {
    /** Counts the attempt (in `tx`, before any check) and says whether it must be refused unchecked. */
    async reserve(
      s: Session,
      tx: Tx,
      settings: SecuritySettings,
      at: Date,
      target: AttemptTarget,
    ): Promise<{ reservation: Reservation; refusal: Refusal }> {
      if (target.device) {
        const ticket = await devices.reserveDeviceAttempt(tx, target.device.id);
        const reservation: Reservation = { via: 'device', ticket, ipFailureId: undefined, ipPosition: 0, deviceId: target.device.id };
        return { reservation, refusal: ticket === undefined || ticket > settings.lockoutThreshold ? 'locked' : undefined };
      }
      const windowStart = new Date(at.getTime() - settings.ipWindowMinutes * 60_000);
      const ip = await throttle.reserveIpAttempt(tx, s.ip, at, windowStart);
      if (ip.position > settings.ipFailureLimit) {
        await throttle.blockIp(tx, s.ip, at, blockEnd(settings, at));
        return {
          reservation: { via: 'account', ticket: undefined, ipFailureId: ip.failureId, ipPosition: ip.position, deviceId: undefined },
          refusal: 'ip_blocked',
        };
      }
      const ticket = target.accountId === undefined ? undefined : await throttle.reserveAccountAttempt(tx, target.accountId, at);
      const reservation: Reservation = { via: 'account', ticket, ipFailureId: ip.failureId, ipPosition: ip.position, deviceId: undefined };
      const locked = target.accountId !== undefined && (ticket === undefined || ticket > settings.lockoutThreshold);
      return { reservation, refusal: locked ? 'locked' : undefined };
    },

    /** Gives the attempt back: it was not tried (admission refused it) or the sign-in goes on to a next step. */
    async release(r: Reservation, accountId: number | undefined, opts: { keepIp?: boolean; tx?: Queryable } = {}): Promise<void> {
      const q = opts.tx ?? db;
      if (r.via === 'device') {
        if (r.ticket !== undefined) await devices.releaseDeviceAttempt(q, r.deviceId);
        return;
      }
      if (!opts.keepIp && r.ipFailureId) await throttle.forgetIpFailure(q, r.ipFailureId);
      if (accountId !== undefined && r.ticket !== undefined) await throttle.releaseAccountAttempt(q, accountId);
    },

    /**
     * A failed attempt: locks the account (or the device) at the threshold, blocks the IP at its limit, and
     * writes `action` to the security log. Returns when the IP block ends, if this attempt blocked it.
     */
    async failed(
      s: Session,
      r: Reservation,
      settings: SecuritySettings,
      target: AttemptTarget,
      action: AuditAction,
    ): Promise<Date | undefined> {
      const at = clock.now();
      let blockedUntil: Date | undefined;
      await db.transaction(async (tx) => {
        if (r.via === 'device' && r.ticket !== undefined && r.ticket >= settings.lockoutThreshold) {
          if (await devices.lockDevice(tx, r.deviceId, at)) {
            await recordAudit(s, tx, at, {
              category: 'security',
              action: 'device.locked',
              targetType: 'user',
              targetId: target.accountId ?? '-',
              after: { failedSignins: r.ticket },
            });
          }
        }
        if (r.via === 'account' && target.accountId !== undefined && r.ticket !== undefined && r.ticket >= settings.lockoutThreshold) {
          if (await throttle.lockAccount(tx, target.accountId, at, lockUntil(settings, at, target.lockCount))) {
            await recordAudit(s, tx, at, {
              category: 'security',
              action: 'account.locked',
              targetType: 'user',
              targetId: target.accountId,
              after: { failedSignins: r.ticket, mode: settings.lockoutMode },
            });
            await enqueueMail(jobs, tx, { kind: 'account_locked', userId: target.accountId });
          }
        }
        if (r.via === 'account' && r.ipPosition >= settings.ipFailureLimit) {
          blockedUntil = blockEnd(settings, at);
          await throttle.blockIp(tx, s.ip, at, blockedUntil);
          await recordAudit(s, tx, at, {
            category: 'security',
            action: 'ip.blocked',
            targetType: 'ip',
            targetId: s.ip,
            after: { failures: r.ipPosition, minutes: settings.ipBlockMinutes },
          });
        }
        await recordAudit(s, tx, at, {
          category: 'security',
          action,
          targetType: target.accountId === undefined ? 'unknown_user' : 'user',
          targetId: target.accountId ?? '-',
          after: r.via === 'device' ? { knownDevice: true } : undefined,
        });
      });
      return blockedUntil;
    },

    /** A completed sign-in: the consecutive failures of the path it took start again from zero. */
    async succeeded(tx: Tx, r: Reservation, accountId: number): Promise<void> {
      if (r.via === 'device') {
        // The device is replaced by a new one (rememberDevice); the account's count is the unknown clients'.
        return;
      }
      await throttle.resetAccountFailures(tx, accountId);
      if (r.ipFailureId) await throttle.forgetIpFailure(tx, r.ipFailureId);
    },
  };
}

export type AttemptCounter = ReturnType<typeof attemptCounter>;
