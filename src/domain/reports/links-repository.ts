// SQL of a report's secret reporter links. The count reads take the report as read through the read filter
// (Readable); linkGrant turns a presented link into the request's grant before any read (session.ts).
import type { ReadableId } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export async function insertLink(_s: Session, tx: Tx, at: Date, reportId: number, tokenHash: string): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_links (report_id, token_hash, created_at) VALUES (${reportId}, ${tokenHash}, ${at}) RETURNING id`);
  return oneRow(rows).id;
}

export async function revokeLinks(_s: Session, tx: Tx, at: Date, reportId: number): Promise<number> {
  const rows = await tx.query(sql`
    UPDATE report_links SET revoked_at = ${at} WHERE report_id = ${reportId} AND revoked_at IS NULL RETURNING id`);
  return rows.length;
}

/** The live secret links of a readable report. */
export async function liveLinkCount(report: ReadableId, q: Queryable): Promise<number> {
  const rows = await q.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM report_links WHERE report_id = ${report.id} AND revoked_at IS NULL`);
  return rows[0]?.n ?? 0;
}

/** The grant a live link gives: its report and that report's participants group. */
export async function linkGrant(_s: Session, q: Queryable, tokenHash: string): Promise<{ reportId: number; groupId: number } | undefined> {
  const rows = await q.query<{ report_id: number; group_id: number }>(sql`
    SELECT l.report_id, r.participants_group_id AS group_id
      FROM report_links l JOIN reports r ON r.object_id = l.report_id
     WHERE l.token_hash = ${tokenHash} AND l.revoked_at IS NULL`);
  return rows[0] ? { reportId: rows[0].report_id, groupId: rows[0].group_id } : undefined;
}
