// Admission of a report submission against the per-IP (anonymous) or per-user-and-IP (signed-in) limits of
// the sliding hour and day. Counting and recording happen under the submitter's advisory lock in the
// caller's transaction, so parallel submissions never exceed a limit.
import type { Session } from '../access/session.ts';
import type { Database, Queryable, Tx } from '../db/database.ts';
import { AppError } from '../errors/catalog.ts';
import type { IntakeSettings } from './intake-settings.ts';
import {
  countSubmissions,
  lockSubmitter,
  nthSubmissionTime,
  recordSubmission,
  sweepIntake,
  type Submitter,
} from './rate-limit-repository.ts';

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
export async function sweepIntakeNow(tx: Tx, at: Date): Promise<void> {
  const now = at.getTime();
  if (lastSweep !== undefined && Math.abs(now - lastSweep) < SWEEP_EVERY_MS) return;
  lastSweep = now;
  await sweepIntake(tx, new Date(now - DAY_MS), new Date(now - CHALLENGE_KEEP_MS));
}

/** The same sweep in a transaction of its own, when one is due (the report intake calls it after storing). */
export async function sweepIntakeIfDue(_s: Session, db: Database, at: Date): Promise<void> {
  if (lastSweep !== undefined && Math.abs(at.getTime() - lastSweep) < SWEEP_EVERY_MS) return;
  await db.transaction((tx) => sweepIntakeNow(tx, at));
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

/** The submitter and the sliding windows a submission is counted in, or undefined for System (not limited). */
export interface AdmissionWindows {
  submitter: Submitter;
  signedIn: boolean;
  hourStart: Date;
  dayStart: Date;
  hourLimit: number;
  dayLimit: number;
}

export function admissionWindows(s: Session, at: Date, settings: IntakeSettings): AdmissionWindows | undefined {
  const k = submitterOf(s);
  if (!k) return undefined;
  const signedIn = k.userId !== null;
  return {
    submitter: k,
    signedIn,
    hourStart: new Date(at.getTime() - HOUR_MS),
    dayStart: new Date(at.getTime() - DAY_MS),
    hourLimit: signedIn ? settings.signedInPerHour : settings.perIpPerHour,
    dayLimit: signedIn ? settings.signedInPerDay : settings.perIpPerDay,
  };
}

/** Whether the counts (before this submission) leave room for one more. */
export function admits(w: AdmissionWindows, counts: { hour: number; day: number }): boolean {
  return counts.hour < w.hourLimit && counts.day < w.dayLimit;
}

/**
 * The rate_limited error for a submitter whose counts are at a limit, saying when to try again
 * (details.retryAfterSeconds → Retry-After).
 */
export async function rateLimitedError(
  _s: Session,
  q: Queryable,
  at: Date,
  w: AdmissionWindows,
  counts: { hour: number; day: number },
): Promise<AppError> {
  const hourly = { ms: HOUR_MS, limit: w.hourLimit, per: 'an hour', n: counts.hour };
  const windows = [hourly, { ms: DAY_MS, limit: w.dayLimit, per: 'a day', n: counts.day }];
  const now = at.getTime();
  let retryAt = 0;
  let hit = hourly;
  for (const win of windows) {
    if (win.n < win.limit) continue;
    // The window admits again once the oldest (n - limit + 1) of its submissions have left it.
    const leaving = await nthSubmissionTime(q, w.submitter, new Date(now - win.ms), at, win.n - win.limit);
    const free = (leaving?.getTime() ?? now) + win.ms;
    if (free > retryAt) {
      retryAt = free;
      hit = win;
    }
  }
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const who = w.signedIn ? 'your account at this address' : 'your address';
  const details: RetryDetails = { retryAfterSeconds: seconds, retryAt: new Date(retryAt).toISOString() };
  return new AppError('rate_limited', `Too many reports from ${who}: at most ${hit.limit} ${hit.per}. Try again in ${waitText(seconds)}.`, {
    details,
  });
}

/**
 * Counts the submitter's reports in the last hour and day and records this one, or throws
 * AppError('rate_limited') saying when to try again. Call it inside the transaction that stores what is
 * submitted: a submission that is not stored is not counted. System (jobs, command line imports) is not
 * limited. (The report intake does the same in the one statement that stores the submission: see
 * domain/reports/inbox-repository.ts.)
 */
export async function admitSubmission(s: Session, tx: Tx, at: Date, settings: IntakeSettings): Promise<void> {
  const w = admissionWindows(s, at, settings);
  if (!w) return;
  await lockSubmitter(s, tx, w.submitter);
  await sweepIntakeNow(tx, at);
  const counts = await countSubmissions(tx, w.submitter, w.hourStart, w.dayStart, at);
  if (!admits(w, counts)) throw await rateLimitedError(s, tx, at, w, counts);
  await recordSubmission(tx, w.submitter, at);
}
