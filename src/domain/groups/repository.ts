// SQL for groups and memberships. Non-administrators see only the groups they belong to (directly or
// through nesting); administrators and System see all. Object-owned groups are listed with their object.
import { accessKeys, membershipsChanged } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { empty, oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

/** builtin (Everyone, Registered users, Administrators); custom; object (owned by one object: a report's
 * participants); product (a product's staff group, managed by Parapet from the product's role groups). */
export type GroupKind = 'builtin' | 'custom' | 'object' | 'product';

export interface GroupRow {
  id: number;
  kind: GroupKind;
  name: string;
  description: string;
  owner_object_id: number | null;
  created_at: Date;
  updated_at: Date;
  user_member_count: number;
  group_member_count: number;
}

const groupColumns = sql`
  g.id, g.kind, g.name, g.description, g.owner_object_id, g.created_at, g.updated_at,
  (CASE WHEN g.id = 3 THEN (SELECT count(*)::int FROM users u WHERE u.is_admin AND NOT u.disabled)
        ELSE (SELECT count(*)::int FROM group_user_members m WHERE m.group_id = g.id) END) AS user_member_count,
  (SELECT count(*)::int FROM group_group_members m WHERE m.group_id = g.id) AS group_member_count`;

/** Groups the session may see: all for administrators, otherwise those it is a (nested) member of. */
async function visibleGroups(s: Session, q: Queryable) {
  const keys = await accessKeys(s, q);
  if (keys.unrestricted) return sql`TRUE`;
  return sql`g.id IN (SELECT ancestor_id FROM group_closure WHERE descendant_id = ANY(${keys.keys}::int[]))`;
}

export async function findGroup(s: Session, q: Queryable, id: number, opts: { forUpdate?: boolean } = {}): Promise<GroupRow | undefined> {
  const rows = await q.query<GroupRow>(sql`
    SELECT ${groupColumns} FROM groups g
     WHERE g.id = ${id} AND ${await visibleGroups(s, q)}
     ${opts.forUpdate ? sql`FOR UPDATE` : empty}`);
  return rows[0];
}

export async function listGroups(
  s: Session,
  q: Queryable,
  filter: { kinds: GroupKind[]; search?: string; limit: number; offset: number },
): Promise<{ rows: GroupRow[]; total: number }> {
  const where = sql`
    g.kind = ANY(${filter.kinds}::text[])
    AND ${await visibleGroups(s, q)}
    AND (${filter.search ?? null}::text IS NULL OR g.name_key LIKE '%' || ${escapeLike(filter.search ?? '')} || '%' ESCAPE '\\')`;
  const rows = await q.query<GroupRow>(sql`
    SELECT ${groupColumns} FROM groups g WHERE ${where}
     ORDER BY g.kind, g.name_key, g.id
     LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  const total = await q.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM groups g WHERE ${where}`);
  return { rows, total: total[0]?.n ?? 0 };
}

export function escapeLike(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function insertGroup(
  _s: Session,
  tx: Tx,
  at: Date,
  g: { kind: 'custom' | 'object' | 'product'; name: string; nameKey: string; description: string; ownerObjectId?: number },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO groups (kind, name, name_key, description, owner_object_id, created_at, updated_at)
    VALUES (${g.kind}, ${g.name}, ${g.nameKey}, ${g.description}, ${g.ownerObjectId ?? null}, ${at}, ${at})
    RETURNING id`);
  return oneRow(rows).id;
}

/** Marks a group as owned by one object (a report's participants group). */
export async function setGroupOwner(_s: Session, tx: Tx, groupId: number, objectId: number): Promise<void> {
  await tx.query(sql`UPDATE groups SET owner_object_id = ${objectId} WHERE id = ${groupId} AND kind = 'object'`);
}

export async function updateGroup(
  _s: Session,
  tx: Tx,
  at: Date,
  id: number,
  patch: { name?: string; nameKey?: string; description?: string },
): Promise<void> {
  await tx.query(sql`
    UPDATE groups SET
      name = COALESCE(${patch.name ?? null}, name),
      name_key = COALESCE(${patch.nameKey ?? null}, name_key),
      description = COALESCE(${patch.description ?? null}, description),
      updated_at = ${at}
    WHERE id = ${id}`);
}

export async function deleteGroupRow(_s: Session, tx: Tx, id: number): Promise<void> {
  await tx.query(sql`DELETE FROM group_group_members WHERE group_id = ${id}`);
  await tx.query(sql`DELETE FROM groups WHERE id = ${id}`);
  membershipsChanged();
}

export interface GroupUse {
  kind: 'object' | 'group' | 'product';
  id: number;
  name: string;
  role: string;
}

/** What still refers to a group: objects using it as read/edit/publish group, groups containing it, products' roles. */
export async function groupUses(_s: Session, q: Queryable, id: number, limit = 100): Promise<GroupUse[]> {
  return q.query<GroupUse>(sql`
    (SELECT 'object' AS kind, o.id, o.title AS name,
            concat_ws(', ',
              CASE WHEN o.read_group_id = ${id} THEN 'read group' END,
              CASE WHEN o.edit_group_id = ${id} THEN 'edit group' END,
              CASE WHEN o.publish_group_id = ${id} THEN 'publish group' END) AS role
       FROM objects o
      WHERE o.read_group_id = ${id} OR o.edit_group_id = ${id} OR o.publish_group_id = ${id}
      ORDER BY o.id LIMIT ${limit})
    UNION ALL
    (SELECT 'group' AS kind, g.id, g.name, 'contains this group as a member' AS role
       FROM group_group_members m JOIN groups g ON g.id = m.group_id
      WHERE m.member_group_id = ${id}
      ORDER BY g.id LIMIT ${limit})
    UNION ALL
    (SELECT 'product' AS kind, p.id, p.name,
            concat_ws(', ',
              CASE WHEN p.team_group_id = ${id} THEN 'security team' END,
              CASE WHEN p.incident_manager_group_id = ${id} THEN 'incident managers' END,
              CASE WHEN p.board_group_id = ${id} THEN 'board' END,
              CASE WHEN p.technical_group_id = ${id} THEN 'technical resources' END) AS role
       FROM products p
      WHERE ${id} IN (p.team_group_id, p.incident_manager_group_id, p.board_group_id, p.technical_group_id)
      ORDER BY p.id LIMIT ${limit})`);
}

export interface UserMemberRow {
  id: number;
  username: string;
  display_name: string;
  added_at: Date;
}

export interface GroupMemberRow {
  id: number;
  kind: GroupKind;
  name: string;
  added_at: Date;
}

export async function listUserMembers(_s: Session, q: Queryable, groupId: number, limit: number, offset: number): Promise<UserMemberRow[]> {
  if (groupId === 3) {
    // The Administrators group's members are the users flagged as administrators.
    return q.query<UserMemberRow>(sql`
      SELECT u.id, u.username, u.display_name, u.created_at AS added_at
        FROM users u WHERE u.is_admin AND NOT u.disabled
       ORDER BY u.username_key LIMIT ${limit} OFFSET ${offset}`);
  }
  return q.query<UserMemberRow>(sql`
    SELECT u.id, u.username, u.display_name, m.added_at
      FROM group_user_members m JOIN users u ON u.id = m.user_id
     WHERE m.group_id = ${groupId}
     ORDER BY u.username_key LIMIT ${limit} OFFSET ${offset}`);
}

export async function listGroupMembers(
  _s: Session,
  q: Queryable,
  groupId: number,
  limit: number,
  offset: number,
): Promise<GroupMemberRow[]> {
  return q.query<GroupMemberRow>(sql`
    SELECT g.id, g.kind, g.name, m.added_at
      FROM group_group_members m JOIN groups g ON g.id = m.member_group_id
     WHERE m.group_id = ${groupId}
     ORDER BY g.name_key, g.id LIMIT ${limit} OFFSET ${offset}`);
}

export async function insertUserMember(_s: Session, tx: Tx, at: Date, groupId: number, userId: number): Promise<boolean> {
  const rows = await tx.query(sql`
    INSERT INTO group_user_members (group_id, user_id, added_at) VALUES (${groupId}, ${userId}, ${at})
    ON CONFLICT DO NOTHING RETURNING group_id`);
  membershipsChanged();
  return rows.length > 0;
}

export async function deleteUserMember(_s: Session, tx: Tx, groupId: number, userId: number): Promise<boolean> {
  const rows = await tx.query(sql`
    DELETE FROM group_user_members WHERE group_id = ${groupId} AND user_id = ${userId} RETURNING group_id`);
  membershipsChanged();
  return rows.length > 0;
}

export async function insertGroupMember(_s: Session, tx: Tx, at: Date, groupId: number, memberGroupId: number): Promise<boolean> {
  const rows = await tx.query(sql`
    INSERT INTO group_group_members (group_id, member_group_id, added_at) VALUES (${groupId}, ${memberGroupId}, ${at})
    ON CONFLICT DO NOTHING RETURNING group_id`);
  return rows.length > 0;
}

export async function deleteGroupMember(_s: Session, tx: Tx, groupId: number, memberGroupId: number): Promise<boolean> {
  const rows = await tx.query(sql`
    DELETE FROM group_group_members WHERE group_id = ${groupId} AND member_group_id = ${memberGroupId} RETURNING group_id`);
  return rows.length > 0;
}

/** A path of group names from a direct membership up to the group it grants. */
export interface EffectiveGroupRow {
  id: number;
  kind: GroupKind;
  name: string;
  path: number[];
  path_names: string[];
}

/**
 * The builtin and custom groups a user is a member of, each with the shortest nesting path that grants it
 * (path[0] is a group the user is a direct member of; the last element is the group itself).
 */
export async function effectiveGroupsOfUser(_s: Session, q: Queryable, userId: number, implicit: number[]): Promise<EffectiveGroupRow[]> {
  return q.query<EffectiveGroupRow>(sql`
    WITH RECURSIVE up (group_id, path) AS (
      SELECT m.group_id, ARRAY[m.group_id] FROM group_user_members m WHERE m.user_id = ${userId}
      UNION ALL
      SELECT b, ARRAY[b] FROM unnest(${implicit}::int[]) AS b
      UNION ALL
      SELECT e.group_id, up.path || e.group_id
        FROM up
        JOIN group_group_members e ON e.member_group_id = up.group_id
        JOIN groups pg ON pg.id = e.group_id AND pg.kind <> 'object'
    ),
    shortest AS (
      SELECT DISTINCT ON (group_id) group_id, path FROM up ORDER BY group_id, array_length(path, 1), path
    )
    SELECT g.id, g.kind, g.name, s.path,
           ARRAY(SELECT pg.name FROM unnest(s.path) WITH ORDINALITY AS p(id, n) JOIN groups pg ON pg.id = p.id ORDER BY p.n) AS path_names
      FROM shortest s JOIN groups g ON g.id = s.group_id
     WHERE g.kind <> 'object'
     ORDER BY array_length(s.path, 1), g.kind, g.name`);
}

/** How many object-owned groups (such as report participants groups) a user is a member of. */
export async function objectGroupCountOfUser(_s: Session, q: Queryable, userId: number): Promise<number> {
  const rows = await q.query<{ n: number }>(sql`
    SELECT count(DISTINCT c.ancestor_id)::int AS n
      FROM group_user_members m
      JOIN group_closure c ON c.descendant_id = m.group_id
      JOIN groups g ON g.id = c.ancestor_id AND g.kind = 'object'
     WHERE m.user_id = ${userId}`);
  return rows[0]?.n ?? 0;
}
