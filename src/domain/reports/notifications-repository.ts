// In-app alerts: one row per user, written in the transaction of the event that causes them. An alert about a
// report is shown only while its user may still read the report: the alert's text (the report's title) is no
// grant of its own.
import { accessKeys, readableBy } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';

/** Alerts every user who is a member (directly or through nesting) of `groupId`. */
export async function notifyGroup(
  _s: Session,
  tx: Tx,
  at: Date,
  groupId: number,
  reportId: number | null,
  kind: string,
  message: string,
): Promise<void> {
  await tx.query(sql`
    INSERT INTO notifications (user_id, report_id, kind, message, at)
    SELECT DISTINCT m.user_id, ${reportId}::int, ${kind}, ${message}, ${at}::timestamptz
      FROM group_closure c JOIN group_user_members m ON m.group_id = c.descendant_id
     WHERE c.ancestor_id = ${groupId}`);
}

export async function notifyUser(
  _s: Session,
  tx: Tx,
  at: Date,
  userId: number,
  reportId: number | null,
  kind: string,
  message: string,
): Promise<void> {
  await tx.query(sql`
    INSERT INTO notifications (user_id, report_id, kind, message, at) VALUES (${userId}, ${reportId}, ${kind}, ${message}, ${at})`);
}

export interface NotificationRow {
  id: string;
  report_id: number | null;
  kind: string;
  message: string;
  at: Date;
  read_at: Date | null;
}

/** The signed-in user's own alerts, newest first. */
export async function myNotifications(s: Session, q: Queryable, limit: number): Promise<NotificationRow[]> {
  if (s.kind !== 'user') return [];
  const keys = await accessKeys(s, q);
  return q.query<NotificationRow>(sql`
    SELECT n.id::text AS id, n.report_id, n.kind, n.message, n.at, n.read_at FROM notifications n
      LEFT JOIN objects o ON o.id = n.report_id
     WHERE n.user_id = ${s.userId} AND (n.report_id IS NULL OR (o.id IS NOT NULL AND ${readableBy(keys)}))
     ORDER BY n.at DESC, n.id DESC LIMIT ${limit}`);
}

export async function markNotificationsRead(s: Session, tx: Tx, at: Date, ids: string[] | 'all'): Promise<number> {
  if (s.kind !== 'user') return 0;
  const rows = await tx.query(sql`
    UPDATE notifications SET read_at = ${at}
     WHERE user_id = ${s.userId} AND read_at IS NULL ${ids === 'all' ? sql`` : sql`AND id = ANY(${ids}::bigint[])`}
     RETURNING id`);
  return rows.length;
}
