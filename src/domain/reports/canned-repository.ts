// SQL of canned responses (triage at volume: texts the team inserts into comments) and of the check that a
// user works on some product's security team.
import type { Session } from '../../access/session.ts';
import { oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export interface CannedResponseRow {
  id: number;
  title: string;
  body: string;
  created_at: Date;
  updated_at: Date;
}

export async function listCannedResponses(_s: Session, q: Queryable): Promise<CannedResponseRow[]> {
  return q.query<CannedResponseRow>(sql`
    SELECT id, title, body, created_at, updated_at FROM canned_responses ORDER BY lower(title), id`);
}

export async function findCannedResponse(
  _s: Session,
  q: Queryable,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<CannedResponseRow | undefined> {
  const rows = await q.query<CannedResponseRow>(sql`
    SELECT id, title, body, created_at, updated_at FROM canned_responses WHERE id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`);
  return rows[0];
}

/** Another canned response with the same title (compared case-insensitively). */
export async function cannedTitleTaken(_s: Session, q: Queryable, title: string, exceptId: number | null): Promise<boolean> {
  const rows = await q.query(sql`
    SELECT 1 FROM canned_responses WHERE lower(title) = lower(${title}) AND id IS DISTINCT FROM ${exceptId}::int`);
  return rows.length > 0;
}

export async function insertCannedResponse(
  _s: Session,
  tx: Tx,
  at: Date,
  input: { title: string; body: string },
): Promise<CannedResponseRow> {
  const rows = await tx.query<CannedResponseRow>(sql`
    INSERT INTO canned_responses (title, body, created_at, updated_at) VALUES (${input.title}, ${input.body}, ${at}, ${at})
    RETURNING id, title, body, created_at, updated_at`);
  return oneRow(rows);
}

export async function updateCannedResponse(
  _s: Session,
  tx: Tx,
  at: Date,
  id: number,
  input: { title: string; body: string },
): Promise<CannedResponseRow> {
  const rows = await tx.query<CannedResponseRow>(sql`
    UPDATE canned_responses SET title = ${input.title}, body = ${input.body}, updated_at = ${at} WHERE id = ${id}
    RETURNING id, title, body, created_at, updated_at`);
  return oneRow(rows);
}

export async function deleteCannedResponse(_s: Session, tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.query(sql`DELETE FROM canned_responses WHERE id = ${id} RETURNING id`);
  return rows.length > 0;
}

/** True when the user is a member (directly or through nesting) of the staff of some product (its team or incident managers). */
export async function isOnSomeProductTeam(_s: Session, q: Queryable, userId: number): Promise<boolean> {
  const rows = await q.query<{ ok: boolean }>(sql`
    SELECT EXISTS (
      SELECT 1 FROM products p
        JOIN group_closure c ON c.ancestor_id = p.staff_group_id
        JOIN group_user_members m ON m.group_id = c.descendant_id
       WHERE m.user_id = ${userId}
    ) AS ok`);
  return rows[0]?.ok === true;
}
