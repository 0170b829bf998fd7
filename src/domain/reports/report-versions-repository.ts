// SQL of a report's affected and fixed versions. Reads take the report as read through the read filter (Readable).
import type { ReadableId } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export interface VersionRow {
  id: number;
  product_id: number;
  product_name: string;
  affected: string;
  fixed_in: string;
}

/** Affected/fixed versions of a readable report. */
export async function listReportVersions(report: ReadableId, q: Queryable): Promise<VersionRow[]> {
  return q.query<VersionRow>(sql`
    SELECT v.id, v.product_id, p.name AS product_name, v.affected, v.fixed_in
      FROM report_versions v JOIN products p ON p.id = v.product_id
     WHERE v.report_id = ${report.id} ORDER BY v.id`);
}

export async function insertReportVersion(
  _s: Session,
  tx: Tx,
  at: Date,
  reportId: number,
  v: { productId: number; affected: string; fixedIn: string },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_versions (report_id, product_id, affected, fixed_in, created_at)
    VALUES (${reportId}, ${v.productId}, ${v.affected}, ${v.fixedIn}, ${at}) RETURNING id`);
  return oneRow(rows).id;
}

export async function updateReportVersion(
  _s: Session,
  tx: Tx,
  reportId: number,
  id: number,
  v: { affected?: string; fixedIn?: string },
): Promise<boolean> {
  const rows = await tx.query(sql`
    UPDATE report_versions SET affected = COALESCE(${v.affected ?? null}, affected), fixed_in = COALESCE(${v.fixedIn ?? null}, fixed_in)
     WHERE report_id = ${reportId} AND id = ${id} RETURNING id`);
  return rows.length > 0;
}

export async function deleteReportVersion(_s: Session, tx: Tx, reportId: number, id: number): Promise<boolean> {
  const rows = await tx.query(sql`DELETE FROM report_versions WHERE report_id = ${reportId} AND id = ${id} RETURNING id`);
  return rows.length > 0;
}
