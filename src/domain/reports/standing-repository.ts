// The facts the report policy needs about the session on reports it reads: its role on each (reporter,
// co-reporter, collaborator) and whether its access keys reach the report's edit and publish groups. One
// statement for one report (its page, a change) and for a page of the inbox alike, so a list item and the
// report's page are decided from the same facts (policy.ts viewerFrom).
import { readableBy, type AccessKeys } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { sql, type Queryable, type Sql } from '../../db/database.ts';
import type { MemberRole } from './members-repository.ts';

export interface ReportStanding {
  role: MemberRole | undefined;
  inEditGroup: boolean;
  inPublishGroup: boolean;
}

/** The session's standing on each readable report among `ids` (reports it may not read are left out). */
export async function reportStandings(
  s: Session,
  q: Queryable,
  keys: AccessKeys,
  ids: readonly number[],
): Promise<Map<number, ReportStanding>> {
  if (ids.length === 0) return new Map();
  const userId = s.kind === 'user' ? s.userId : null;
  const reaches = (group: Sql) =>
    keys.unrestricted
      ? sql`TRUE`
      : sql`EXISTS (SELECT 1 FROM group_closure c WHERE c.ancestor_id = ${group} AND c.descendant_id = ANY(${keys.keys}::int[]))`;
  const rows = await q.query<{ id: number; role: MemberRole | null; in_edit: boolean; in_publish: boolean }>(sql`
    SELECT r.object_id AS id,
           (SELECT m.role FROM report_members m WHERE m.report_id = r.object_id AND m.user_id = ${userId}::int) AS role,
           ${reaches(sql`o.edit_group_id`)} AS in_edit,
           ${reaches(sql`o.publish_group_id`)} AS in_publish
      FROM reports r JOIN objects o ON o.id = r.object_id
     WHERE r.object_id = ANY(${[...ids]}::int[]) AND ${readableBy(keys)}`);
  return new Map(rows.map((r) => [r.id, { role: r.role ?? undefined, inEditGroup: r.in_edit, inPublishGroup: r.in_publish }]));
}
