// SQL of the report intake's rate limits: submissions counted per submitter (an anonymous IP, or a signed-in
// user at an IP) under a per-submitter advisory lock, and the sweep of old submissions and challenges.
import type { Session } from '../access/session.ts';
import { sql, type Queryable, type Sql, type Tx } from '../db/database.ts';

/** Who is counted: an IP address without an account, or a signed-in user at an IP address. */
export interface Submitter {
  ip: string;
  userId: number | null;
}

const matches = (k: Submitter) => (k.userId === null ? sql`ip = ${k.ip} AND user_id IS NULL` : sql`user_id = ${k.userId} AND ip = ${k.ip}`);

/** The advisory-lock key of a submitter (anonymous IP, or signed-in user at an IP). */
export function submitterKey(k: Submitter): string {
  return k.userId === null ? `intake-ip:${k.ip}` : `intake-user:${k.userId}:${k.ip}`;
}

/**
 * Serialises the submitter's submissions until the transaction ends, so that counting and recording are one
 * step across connections and instances.
 */
export async function lockSubmitter(s: Session, tx: Tx, k: Submitter): Promise<void> {
  await lockSubmitters(s, tx, [k]);
}

/** The same for several submitters at once, locked in the order of their lock ids (no deadlock between batches). */
export async function lockSubmitters(_s: Session, tx: Tx, ks: readonly Submitter[]): Promise<void> {
  if (ks.length === 0) return;
  await tx.query(sql`
    SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtext(k) AS h FROM unnest(${ks.map(submitterKey)}::text[]) AS k ORDER BY 1) keys`);
}

/** The submitter's submissions in (since, until], per window start given. */
export async function countSubmissions(
  q: Queryable,
  k: Submitter,
  hourStart: Date,
  dayStart: Date,
  until: Date,
): Promise<{ hour: number; day: number }> {
  const rows = await q.query<{ hour: number; day: number }>(submissionCountsSql(k, hourStart, dayStart, until));
  return { hour: rows[0]?.hour ?? 0, day: rows[0]?.day ?? 0 };
}

/** The time of the submitter's n-th oldest submission (0-based) in (since, until]. */
export async function nthSubmissionTime(q: Queryable, k: Submitter, since: Date, until: Date, n: number): Promise<Date | undefined> {
  const rows = await q.query<{ at: Date }>(sql`
    SELECT at FROM intake_submissions
     WHERE ${matches(k)} AND at > ${since} AND at <= ${until}
     ORDER BY at ASC OFFSET ${n} LIMIT 1`);
  return rows[0]?.at;
}

/** A query of one row (hour, day): the submitter's submissions in (dayStart, until], hourStart splitting the windows. */
export function submissionCountsSql(k: Submitter, hourStart: Date, dayStart: Date, until: Date): Sql {
  return sql`
    SELECT count(*) FILTER (WHERE at > ${hourStart})::int AS hour, count(*)::int AS day
      FROM intake_submissions
     WHERE ${matches(k)} AND at > ${dayStart} AND at <= ${until}`;
}

export async function recordSubmission(q: Queryable, k: Submitter, at: Date): Promise<void> {
  await q.query(sql`INSERT INTO intake_submissions (ip, user_id, at) VALUES (${k.ip}, ${k.userId}, ${at})`);
}

const SWEEP_LOCK = 7_320_452; // advisory lock id: one sweeper at a time across instances

/**
 * Deletes submissions that no window counts any more and challenges long expired. Only one transaction
 * sweeps at a time (others skip: the lock is tried, never waited for), so sweepers never wait on each other.
 * Returns undefined when another transaction is sweeping.
 */
export async function sweepIntake(
  tx: Tx,
  submissionsBefore: Date,
  challengesExpiredBefore: Date,
): Promise<{ submissions: number; challenges: number } | undefined> {
  const got = await tx.query<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS ok`);
  if (!got[0]?.ok) return undefined;
  const submissions = await tx.query<{ n: number }>(sql`
    WITH d AS (DELETE FROM intake_submissions WHERE at <= ${submissionsBefore} RETURNING 1) SELECT count(*)::int AS n FROM d`);
  const challenges = await tx.query<{ n: number }>(sql`
    WITH d AS (DELETE FROM intake_challenges WHERE expires_at <= ${challengesExpiredBefore} RETURNING 1) SELECT count(*)::int AS n FROM d`);
  return { submissions: submissions[0]?.n ?? 0, challenges: challenges[0]?.n ?? 0 };
}
