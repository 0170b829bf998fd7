// SQL of a report's timeline. Reads take the report as read through the session's read filter (Readable).
import type { ReadableId } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { empty, oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export interface EventRow {
  id: string;
  at: Date;
  actor_user_id: number | null;
  actor_name: string;
  actor_side: 'reporter' | 'team' | 'system';
  kind: string;
  internal: boolean;
  body: string;
  data: Record<string, unknown>;
}

export interface NewEvent {
  actorUserId: number | null;
  actorName: string;
  actorSide: 'reporter' | 'team' | 'system';
  kind: string;
  internal: boolean;
  body?: string;
  data?: Record<string, unknown>;
}

/** Adds a timeline entry; returns its id. */
export async function insertEvent(_s: Session, tx: Tx, at: Date, reportId: number, e: NewEvent): Promise<string> {
  const rows = await tx.query<{ id: string }>(sql`
    INSERT INTO report_events (report_id, at, actor_user_id, actor_name, actor_side, kind, internal, body, data)
    VALUES (${reportId}, ${at}, ${e.actorUserId}, ${e.actorName}, ${e.actorSide}, ${e.kind}, ${e.internal}, ${e.body ?? ''},
            ${JSON.stringify(e.data ?? {})}::jsonb)
    RETURNING id::text AS id`);
  return oneRow(rows).id;
}

/** One timeline entry of a readable report. */
export async function findEvent(report: ReadableId, q: Queryable, eventId: string): Promise<EventRow | undefined> {
  const rows = await q.query<EventRow>(sql`
    SELECT id::text AS id, at, actor_user_id, actor_name, actor_side, kind, internal, body, data
      FROM report_events WHERE report_id = ${report.id} AND id = ${eventId}::bigint`);
  return rows[0];
}

/** The timeline of a readable report; internal entries only when asked for. */
export async function listEvents(report: ReadableId, q: Queryable, includeInternal: boolean): Promise<EventRow[]> {
  return q.query<EventRow>(sql`
    SELECT e.id::text AS id, e.at, e.actor_user_id, e.actor_name, e.actor_side, e.kind, e.internal, e.body, e.data
      FROM report_events e WHERE e.report_id = ${report.id} ${includeInternal ? empty : sql`AND NOT e.internal`}
     ORDER BY e.at, e.id`);
}
