// SQL of the report timers (src/domain/reports/timers.ts): finding reports whose needs-more-info wait or SLA
// clocks are due, locking one without waiting for another instance (FOR UPDATE SKIP LOCKED), and recording
// the SLA alerts already sent. Called as System: no read filter applies.
import type { Session, SystemSession } from '../../access/session.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';
import type { ReportState } from './states.ts';

export interface TimerReportRow {
  id: number;
  tracking_id: string;
  title: string;
  state: ReportState;
  edit_group_id: number;
  assignee_id: number | null;
  severity: string | null;
  received_at: Date;
  acknowledged_at: Date | null;
  triaged_at: Date | null;
  fixed_at: Date | null;
  needs_info_since: Date | null;
  needs_info_warned_at: Date | null;
  sla_alerts: Record<string, string>;
}

const columns = sql`r.object_id AS id, r.tracking_id, o.title, r.state, o.edit_group_id, r.assignee_id, r.severity,
  r.received_at, r.acknowledged_at, r.triaged_at, r.fixed_at, r.needs_info_since, r.needs_info_warned_at, r.sla_alerts`;

/** Reports waiting for a reply since `sinceBefore` or earlier that have not been warned yet. */
export async function needsInfoToWarn(_s: SystemSession, q: Queryable, sinceBefore: Date): Promise<number[]> {
  const rows = await q.query<{ id: number }>(sql`
    SELECT object_id AS id FROM reports
     WHERE state = 'needs_more_info' AND needs_info_warned_at IS NULL AND needs_info_since <= ${sinceBefore}
     ORDER BY needs_info_since, object_id`);
  return rows.map((r) => r.id);
}

/** Warned reports waiting since `sinceBefore` or earlier whose warning went out at `warnedBefore` or earlier. */
export async function needsInfoToClose(_s: SystemSession, q: Queryable, sinceBefore: Date, warnedBefore: Date): Promise<number[]> {
  const rows = await q.query<{ id: number }>(sql`
    SELECT object_id AS id FROM reports
     WHERE state = 'needs_more_info' AND needs_info_since <= ${sinceBefore} AND needs_info_warned_at <= ${warnedBefore}
     ORDER BY needs_info_since, object_id`);
  return rows.map((r) => r.id);
}

/** Every report that is not finished, with what its SLA clocks need. */
export async function openReportsForSla(_s: SystemSession, q: Queryable, finished: readonly string[]): Promise<TimerReportRow[]> {
  return q.query<TimerReportRow>(sql`
    SELECT ${columns} FROM reports r JOIN objects o ON o.id = r.object_id
     WHERE NOT (r.state = ANY(${[...finished]}::text[]))
     ORDER BY r.received_at, r.object_id`);
}

/**
 * Locks one report for a timer change. Another instance already working on it holds the lock, and then this
 * returns undefined at once (SKIP LOCKED): that instance does the work.
 */
export async function lockReportForTimer(_s: SystemSession, tx: Tx, id: number): Promise<TimerReportRow | undefined> {
  const rows = await tx.query<TimerReportRow>(sql`
    SELECT ${columns} FROM reports r JOIN objects o ON o.id = r.object_id
     WHERE r.object_id = ${id}
     FOR UPDATE OF r, o SKIP LOCKED`);
  return rows[0];
}

/** Records that the alert `key` (e.g. "acknowledge:near") was sent, so it is never sent twice. */
export async function recordSlaAlert(_s: Session, tx: Tx, id: number, key: string, at: Date): Promise<void> {
  await tx.query(sql`
    UPDATE reports SET sla_alerts = sla_alerts || jsonb_build_object(${key}::text, ${at.toISOString()}::text)
     WHERE object_id = ${id}`);
}
