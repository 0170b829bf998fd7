// SQL of a report's people (reporter, co-reporters, collaborators). Reads take the report as read through the
// session's read filter (Readable), never a bare id.
import type { ReadableId } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { sql, type Queryable, type Tx } from '../../db/database.ts';

export type MemberRole = 'reporter' | 'co_reporter' | 'collaborator';

export async function insertReportMember(
  _s: Session,
  tx: Tx,
  at: Date,
  reportId: number,
  userId: number,
  role: MemberRole,
): Promise<boolean> {
  const rows = await tx.query(sql`
    INSERT INTO report_members (report_id, user_id, role, added_at) VALUES (${reportId}, ${userId}, ${role}, ${at})
    ON CONFLICT DO NOTHING RETURNING 1`);
  return rows.length > 0;
}

export async function deleteReportMember(_s: Session, tx: Tx, reportId: number, userId: number): Promise<MemberRole | undefined> {
  const rows = await tx.query<{ role: MemberRole }>(sql`
    DELETE FROM report_members WHERE report_id = ${reportId} AND user_id = ${userId} RETURNING role`);
  return rows[0]?.role;
}

export interface MemberRow {
  user_id: number;
  username: string;
  display_name: string;
  role: MemberRole;
  added_at: Date;
}

/** Members of a readable report. */
export async function reportMembers(report: ReadableId, q: Queryable): Promise<MemberRow[]> {
  return q.query<MemberRow>(sql`
    SELECT m.user_id, u.username, u.display_name, m.role, m.added_at
      FROM report_members m JOIN users u ON u.id = m.user_id
     WHERE m.report_id = ${report.id} ORDER BY m.added_at, m.user_id`);
}
