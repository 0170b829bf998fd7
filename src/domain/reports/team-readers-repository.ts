// Who reads non-public reports on the team side, derived from the current memberships (never copied): a
// direct or nested member of any product's security team or incident-manager group, or an invited
// collaborator on any report. The "staff must use a second factor" setting covers these users too
// (src/auth/second-factor-rule.ts), decided on every request.
import type { Session } from '../../access/session.ts';
import { sql, type Queryable } from '../../db/database.ts';

/** True when the user is on the team side of any product's reports (see the file comment). */
export async function readsTeamSideReports(_s: Session, q: Queryable, userId: number): Promise<boolean> {
  const rows = await q.query<{ yes: boolean }>(sql`
    SELECT EXISTS (
             SELECT 1
               FROM group_user_members m
               JOIN group_closure c ON c.descendant_id = m.group_id
               JOIN products p ON c.ancestor_id IN (p.team_group_id, p.incident_manager_group_id)
              WHERE m.user_id = ${userId})
        OR EXISTS (SELECT 1 FROM report_members rm WHERE rm.user_id = ${userId} AND rm.role = 'collaborator') AS yes`);
  return rows[0]?.yes === true;
}
