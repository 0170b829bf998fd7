// SQL of the dashboard: the open reports a session reads from the team side, with the fields the dashboard's
// counts need (aggregated in query-service.ts with the SLA rules).
import { accessKeys, readableBy, type AccessKeys } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { sql, type Queryable } from '../../db/database.ts';
import { FINISHED_SQL, OPEN_RANK_MAX } from './list-repository.ts';
import { REPORT_TYPE, teamSide } from './repository.ts';
import type { ReportState } from './states.ts';

export interface OpenReportFacts {
  id: number;
  state: ReportState;
  severity: string | null;
  product_id: number;
  received_at: Date;
  acknowledged_at: Date | null;
  triaged_at: Date | null;
  fixed_at: Date | null;
}

/**
 * Open reports' fields the dashboard needs (aggregated in the service with the SLA rules): only reports the
 * session reads from the team side, since SLA state is the team's own business. Exact, computed on each
 * call from the open reports alone: a restricted session reads its keys' open entries of
 * object_read_keys_ranked, an administrator the open segment of objects_type_ranked; finished reports are
 * never visited.
 */
export async function openReportFacts(s: Session, q: Queryable, keys?: AccessKeys): Promise<OpenReportFacts[]> {
  const k = keys ?? (await accessKeys(s, q));
  const open = k.unrestricted
    ? sql`(SELECT o.id FROM objects o WHERE o.type = ${REPORT_TYPE} AND o.list_rank <= ${OPEN_RANK_MAX}) ids`
    : sql`(SELECT DISTINCT rk.object_id AS id FROM object_read_keys rk
            WHERE rk.group_id = ANY(${k.keys}::int[]) AND rk.type = ${REPORT_TYPE} AND rk.list_rank <= ${OPEN_RANK_MAX}) ids`;
  return q.query<OpenReportFacts>(sql`
    SELECT r.object_id AS id, r.state, r.severity, r.product_id, r.received_at, r.acknowledged_at, r.triaged_at, r.fixed_at
      FROM ${open} JOIN reports r ON r.object_id = ids.id JOIN objects o ON o.id = r.object_id
     WHERE ${readableBy(k)} AND ${teamSide(s, k)} AND NOT ${FINISHED_SQL}`);
}
