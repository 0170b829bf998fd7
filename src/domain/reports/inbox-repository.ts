// SQL of the report inbox: submissions answered with 2xx and not yet built into reports (two-phase intake,
// migration 0050). Submissions are stored, many at once, by one statement that also counts each against the
// rate limits, records it there, draws its report id and tracking id, and writes its audit event; the
// builder takes rows one at a time under a row lock and deletes each in the transaction that builds its
// report.
import type { Session } from '../../access/session.ts';
import { raw, sql, type Queryable, type Tx } from '../../db/database.ts';
import type { AdmissionWindows } from '../../intake/admission.ts';
import { auditActor, auditInsertFrom } from '../audit/repository.ts';
import type { CleanSubmission } from './submission.ts';

export interface InboxRow {
  object_id: number;
  tracking_id: string;
  submission: CleanSubmission;
  product_id: number;
  user_id: number | null;
  username: string | null;
  ip: string;
  link_hash: string | null;
  received_at: Date;
  attempts: number;
}

const columns = raw(`object_id, tracking_id, submission, product_id, user_id, username, ip, link_hash, received_at, attempts`);

export interface StoreResult {
  /** The submitter's submissions in the windows before this one (zeros when not counted). */
  counts: { hour: number; day: number };
  productExists: boolean;
  /** Set when the submission was stored (admitted and the product exists). */
  stored?: { objectId: number; trackingId: string };
}

/** One submission to store: when it arrived, the windows it is counted in (none: not limited), and what. */
export interface StoreItem {
  at: Date;
  windows: AdmissionWindows | undefined;
  /** The validated submission (CleanSubmission) as JSON, serialised once by the caller. */
  submissionJson: string;
  productId: number;
  linkHash: string | null;
}

/**
 * Stores validated submissions, each by its own session (sessions[i] submits items[i]), in one statement:
 * for each, counts the submitter's recent submissions, and if the windows admit it and its product exists,
 * records it, draws its report id and tracking id (in the order given), inserts its inbox row and its audit
 * event. Counting is exact only when no other submission of the same submitter is stored at the same time
 * (at most one item per submitter here): on PostgreSQL the caller holds the submitters' advisory locks,
 * taken in an earlier statement of its transaction, so this statement's snapshot sees every submission
 * committed before; PGlite runs one statement at a time.
 */
export async function storeSubmissions(sessions: readonly Session[], q: Queryable, items: readonly StoreItem[]): Promise<StoreResult[]> {
  if (items.length === 0) return [];
  const submitted = items.map((item, i) => {
    const s = sessions[i];
    if (!s) throw new Error('Internal error: storeSubmissions needs a session for each item.');
    return { item, s };
  });
  const col = <T>(f: (item: StoreItem, s: Session) => T) => submitted.map(({ item, s }) => f(item, s));
  const actors = sessions.map(auditActor);
  const audit = auditInsertFrom({ action: 'report.submitted', targetType: 'report' }, raw('ids'), {
    at: raw('ids.at'),
    actorKind: raw('ids.actor_kind'),
    actorUserId: raw('ids.actor_user_id'),
    actorName: raw('ids.actor_name'),
    ip: raw('ids.ip'),
    requestId: raw('ids.request_id'),
    targetId: raw('ids.object_id'),
    after: raw(`jsonb_build_object('trackingId', ids.tracking_id, 'productId', ids.product_id, 'title', ids.submission->>'title')`),
  });
  const rows = await q.query<{
    n: number;
    hour: number;
    day: number;
    product_exists: boolean;
    object_id: number | null;
    tracking_id: string | null;
  }>(sql`
    WITH input AS (
           SELECT * FROM unnest(
             ${col((it) => it.at.toISOString())}::timestamptz[], ${col((it) => it.windows !== undefined)}::boolean[],
             ${col((it) => it.windows?.submitter.ip ?? '')}::text[], ${col((it) => it.windows?.submitter.userId ?? null)}::int[],
             ${col((it) => (it.windows ?? NO_WINDOWS).hourStart.toISOString())}::timestamptz[],
             ${col((it) => (it.windows ?? NO_WINDOWS).dayStart.toISOString())}::timestamptz[],
             ${col((it) => it.windows?.hourLimit ?? 0)}::int[], ${col((it) => it.windows?.dayLimit ?? 0)}::int[],
             ${col((it) => it.productId)}::int[], ${col((it) => it.submissionJson)}::jsonb[], ${col((it) => it.linkHash)}::text[],
             ${col((_it, s) => (s.kind === 'user' ? s.userId : null))}::int[], ${col((_it, s) => (s.kind === 'user' ? s.username : null))}::text[],
             ${actors.map((a) => a.kind)}::text[], ${actors.map((a) => a.userId)}::int[], ${actors.map((a) => a.name)}::text[],
             ${actors.map((a) => a.ip)}::text[], ${actors.map((a) => a.requestId)}::text[]
           ) WITH ORDINALITY AS i(at, counted, counted_ip, counted_user_id, hour_start, day_start, hour_limit, day_limit,
                                  product_id, submission, link_hash, user_id, username,
                                  actor_kind, actor_user_id, actor_name, ip, request_id, n)),
         counts AS (
           SELECT i.n, c.hour, c.day
             FROM input i
             CROSS JOIN LATERAL (
               SELECT count(*) FILTER (WHERE s.at > i.hour_start)::int AS hour, count(*)::int AS day
                 FROM intake_submissions s
                WHERE i.counted AND s.ip = i.counted_ip AND s.user_id IS NOT DISTINCT FROM i.counted_user_id
                  AND s.at > i.day_start AND s.at <= i.at) c),
         admitted AS (
           SELECT i.* FROM input i JOIN counts c ON c.n = i.n JOIN products p ON p.id = i.product_id
            WHERE NOT i.counted OR (c.hour < i.hour_limit AND c.day < i.day_limit)),
         ids AS (
           SELECT a.*, nextval(pg_get_serial_sequence('objects', 'id'))::int AS object_id,
                  'PR-' || to_char(a.at AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(a.seq::text, greatest(5, length(a.seq::text)), '0') AS tracking_id
             FROM (SELECT admitted.*, nextval('report_tracking_seq') AS seq FROM admitted ORDER BY n) a),
         rec AS (
           INSERT INTO intake_submissions (ip, user_id, at) SELECT counted_ip, counted_user_id, at FROM ids WHERE counted),
         inbox AS (
           INSERT INTO report_inbox (object_id, tracking_id, submission, product_id, user_id, username, ip, link_hash, received_at, next_attempt_at)
           SELECT object_id, tracking_id, submission, product_id, user_id, username, ip, link_hash, at, at FROM ids),
         audit AS (${audit})
    SELECT i.n::int AS n, c.hour, c.day, EXISTS (SELECT 1 FROM products p WHERE p.id = i.product_id) AS product_exists,
           ids.object_id, ids.tracking_id
      FROM input i JOIN counts c ON c.n = i.n LEFT JOIN ids ON ids.n = i.n
     ORDER BY i.n`);
  return rows.map((r) => ({
    counts: { hour: r.hour, day: r.day },
    productExists: r.product_exists,
    stored: r.object_id !== null && r.tracking_id !== null ? { objectId: r.object_id, trackingId: r.tracking_id } : undefined,
  }));
}

const NO_WINDOWS = { hourStart: new Date(0), dayStart: new Date(0) };

/**
 * Takes one inbox row for building and locks it until the transaction ends: a given one (waiting for a
 * builder that holds it; undefined once it is built), or else the next due one that no other builder holds.
 */
export async function takeInboxRow(_s: Session, tx: Tx, at: Date, objectId?: number): Promise<InboxRow | undefined> {
  const rows =
    objectId === undefined
      ? await tx.query<InboxRow>(sql`
          SELECT ${columns} FROM report_inbox WHERE next_attempt_at <= ${at}
           ORDER BY next_attempt_at, object_id LIMIT 1 FOR UPDATE SKIP LOCKED`)
      : await tx.query<InboxRow>(sql`SELECT ${columns} FROM report_inbox WHERE object_id = ${objectId} FOR UPDATE`);
  return rows[0];
}

export async function deleteInboxRow(_s: Session, tx: Tx, objectId: number): Promise<void> {
  await tx.query(sql`DELETE FROM report_inbox WHERE object_id = ${objectId}`);
}

/** Records a failed build; the row is tried again after `retryAt`. */
export async function markInboxFailure(_s: Session, q: Queryable, objectId: number, retryAt: Date, error: string): Promise<void> {
  await q.query(sql`
    UPDATE report_inbox SET attempts = attempts + 1, next_attempt_at = ${retryAt}, last_error = ${error.slice(0, 2_000)}
     WHERE object_id = ${objectId}`);
}

/**
 * Waiting submissions a reader may have built at once because they are theirs: the one a reporter link
 * belongs to, a signed-in user's (all, or one by id). Only rows due for a build (a failed build waits for its
 * retry time).
 */
export async function pendingIdsOf(
  _s: Session,
  q: Queryable,
  at: Date,
  who: { linkHash: string } | { userId: number; reportId?: number },
): Promise<number[]> {
  const rows =
    'linkHash' in who
      ? await q.query<{ object_id: number }>(sql`
          SELECT object_id FROM report_inbox WHERE link_hash = ${who.linkHash} AND next_attempt_at <= ${at}`)
      : await q.query<{ object_id: number }>(sql`
          SELECT object_id FROM report_inbox
           WHERE user_id = ${who.userId} AND (${who.reportId ?? null}::int IS NULL OR object_id = ${who.reportId ?? null}::int)
             AND next_attempt_at <= ${at}
           ORDER BY object_id`);
  return rows.map((r) => r.object_id);
}

/** Whether a reporter link belongs to a submission still waiting to be built. */
export async function linkIsPending(_s: Session, q: Queryable, linkHash: string): Promise<boolean> {
  const rows = await q.query(sql`SELECT 1 FROM report_inbox WHERE link_hash = ${linkHash}`);
  return rows.length > 0;
}

/** How many submissions wait to be built, and how old the oldest is (for administrators and readiness). */
export async function inboxBacklog(_s: Session, q: Queryable): Promise<{ pending: number; failing: number; oldest: Date | null }> {
  const rows = await q.query<{ pending: number; failing: number; oldest: Date | null }>(sql`
    SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing, min(received_at) AS oldest FROM report_inbox`);
  return rows[0] ?? { pending: 0, failing: 0, oldest: null };
}

export interface FailingInboxRow {
  object_id: number;
  tracking_id: string;
  received_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

/** Submissions whose build failed at least once, oldest first (for administrators). */
export async function failingInboxRows(_s: Session, q: Queryable, limit: number): Promise<FailingInboxRow[]> {
  return q.query<FailingInboxRow>(sql`
    SELECT object_id, tracking_id, received_at, attempts, next_attempt_at, last_error
      FROM report_inbox WHERE attempts > 0 ORDER BY received_at, object_id LIMIT ${limit}`);
}
