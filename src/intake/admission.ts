// Admission of a report submission against the per-IP (anonymous) or per-user-and-IP (signed-in) limits of
// the sliding hour and day. Counting and recording happen under the submitter's advisory lock in the
// caller's transaction, so parallel submissions never exceed a limit.
import type { Session } from '../access/session.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors/catalog.ts';
import type { IntakeSettings } from './intake-settings.ts';
import { countSubmissions, lockSubmitter, nthSubmissionTime, recordSubmission, sweepIntake, type Submitter } from './rate-limit-repository.ts';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
/** Expired challenges are kept this long (a late solution is told "expired" rather than "unknown"). */
export const CHALLENGE_KEEP_MS = HOUR_MS;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Details of a rate_limited error; the error handler turns retryAfterSeconds into a Retry-After header. */
export interface RetryDetails {
  retryAfterSeconds: number;
  retryAt: string;
}

let lastSweep: number | undefined;

/**
 * Sweeps old submissions and challenges at most every ten minutes (application time) per process. Called
 * from the intake's own transactions; a sweep never waits for another one.
 */
export async function sweepIntakeNow(s: Session, tx: Tx, at: Date): Promise<void> {
  const now = at.getTime();
  if (lastSweep !== undefined && Math.abs(now - lastSweep) < SWEEP_EVERY_MS) return;
  lastSweep = now;
  await sweepIntake(s, tx, new Date(now - DAY_MS), new Date(now - CHALLENGE_KEEP_MS));
}

export function waitText(seconds: number): string {
  if (seconds < 90) return 'a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hours`;
}

export function submitterOf(s: Session): Submitter | undefined {
  if (s.kind === 'system') return undefined;
  return { ip: s.ip, userId: s.kind === 'user' ? s.userId : null };
}

/**
 * Counts the submitter's reports in the last hour and day and records this one, or throws
 * AppError('rate_limited') saying when to try again (details.retryAfterSeconds → Retry-After). Call it inside
 * the transaction that stores the report: a report that is not stored is not counted. System (jobs, command
 * line imports) is not limited.
 */
export async function admitSubmission(s: Session, tx: Tx, at: Date, settings: IntakeSettings): Promise<void> {
  const k = submitterOf(s);
  if (!k) return;
  const signedIn = k.userId !== null;
  const windows = [
    { ms: HOUR_MS, limit: signedIn ? settings.signedInPerHour : settings.perIpPerHour, per: 'an hour' },
    { ms: DAY_MS, limit: signedIn ? settings.signedInPerDay : settings.perIpPerDay, per: 'a day' },
  ];
  await lockSubmitter(s, tx, k);
  await sweepIntakeNow(s, tx, at);
  const now = at.getTime();
  const counts = await countSubmissions(s, tx, k, new Date(now - HOUR_MS), new Date(now - DAY_MS), at);
  const used = [counts.hour, counts.day];
  let retryAt = 0;
  let hit: (typeof windows)[number] | undefined;
  for (const [i, w] of windows.entries()) {
    const n = used[i]!;
    if (n < w.limit) continue;
    // The window admits again once the oldest (n - limit + 1) of its submissions have left it.
    const since = new Date(now - w.ms);
    const leaving = await nthSubmissionTime(s, tx, k, since, at, n - w.limit);
    const free = (leaving?.getTime() ?? now) + w.ms;
    if (free > retryAt) {
      retryAt = free;
      hit = w;
    }
  }
  if (hit) {
    const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
    const who = signedIn ? 'your account at this address' : 'your address';
    const details: RetryDetails = { retryAfterSeconds: seconds, retryAt: new Date(retryAt).toISOString() };
    throw new AppError('rate_limited', `Too many reports from ${who}: at most ${hit.limit} ${hit.per}. Try again in ${waitText(seconds)}.`, { details });
  }
  await recordSubmission(s, tx, k, at);
}
