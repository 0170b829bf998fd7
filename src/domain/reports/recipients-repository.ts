// Who mail about a report goes to: its reporters (users and the contact address) and its team.
import type { Session, SystemSession } from '../../access/session.ts';
import { sql, type Queryable } from '../../db/database.ts';

export interface Recipient {
  email: string;
  name: string;
}

/** Reporters and co-reporters with an address, with their role on the report. */
export async function reporterRecipients(
  _s: SystemSession,
  q: Queryable,
  reportId: number,
): Promise<(Recipient & { role: 'reporter' | 'co_reporter' })[]> {
  return q.query<Recipient & { role: 'reporter' | 'co_reporter' }>(sql`
    SELECT u.email, COALESCE(NULLIF(u.display_name, ''), u.username) AS name, m.role
      FROM report_members m JOIN users u ON u.id = m.user_id
     WHERE m.report_id = ${reportId} AND m.role IN ('reporter', 'co_reporter') AND u.email IS NOT NULL AND NOT u.disabled
     ORDER BY m.added_at`);
}

/** Users with an address who are members of the group, directly or through nesting. */
export async function groupRecipients(_s: Session, q: Queryable, groupId: number): Promise<Recipient[]> {
  return q.query<Recipient>(sql`
    SELECT DISTINCT u.email, COALESCE(NULLIF(u.display_name, ''), u.username) AS name
      FROM group_closure c JOIN group_user_members m ON m.group_id = c.descendant_id JOIN users u ON u.id = m.user_id
     WHERE c.ancestor_id = ${groupId} AND u.email IS NOT NULL AND NOT u.disabled
     ORDER BY 1`);
}

export async function userRecipient(_s: Session, q: Queryable, userId: number): Promise<Recipient | undefined> {
  const rows = await q.query<Recipient>(sql`
    SELECT email, COALESCE(NULLIF(display_name, ''), username) AS name FROM users
     WHERE id = ${userId} AND email IS NOT NULL AND NOT disabled`);
  return rows[0];
}

/** The report's assignee with an address, while they are on the report's team (assignment grants nothing of its own). */
export async function assigneeRecipient(
  _s: Session,
  q: Queryable,
  assigneeId: number,
  editGroupId: number,
): Promise<Recipient | undefined> {
  const rows = await q.query<Recipient>(sql`
    SELECT u.email, COALESCE(NULLIF(u.display_name, ''), u.username) AS name FROM users u
     WHERE u.id = ${assigneeId} AND u.email IS NOT NULL AND NOT u.disabled
       AND EXISTS (SELECT 1 FROM group_closure c JOIN group_user_members m ON m.group_id = c.descendant_id
                    WHERE c.ancestor_id = ${editGroupId} AND m.user_id = u.id)`);
  return rows[0];
}
