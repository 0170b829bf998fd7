// Read access, applied inside the data layer.
//
// A session's access keys are the groups it is a direct member of (plus Everyone, and Registered users when
// signed in). An object lists in `read_keys` every group whose direct members may read it: its read group
// and every group nested in it, at any depth (from group_closure). The session may read the object exactly
// when the two sets overlap. A secret reporter link adds its report's participants group to the keys of the
// request that presents it (Session.grants).
//
// The session object is the per-request actor: its keys are read from the database once per request (per
// session object and database handle) and shared by every read of that request, never across requests, so a
// membership change holds on the very next request. Keys read inside a transaction serve only that
// transaction (a rolled-back change leaves nothing behind), and a membership write in this process
// (groups repository) makes every request read its keys again, so a request that changes its own memberships
// reads with the new ones.
import { raw, sql, type Queryable, type Sql } from '../db/database.ts';
import { EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, isUnrestricted, type Session } from './session.ts';

/** Administrators and System read everything: no read filter applies to them. */
export function readsUnfiltered(s: Session): boolean {
  return isUnrestricted(s) || s.kind === 'system';
}

export type AccessKeys = { unrestricted: true } | { unrestricted: false; keys: number[] };

const UNRESTRICTED: AccessKeys = { unrestricted: true };

/** Keys already read, by session object, then by database handle; forgotten with the request. */
let loaded = new WeakMap<Session, WeakMap<Queryable, Promise<AccessKeys>>>();

/** A direct group membership was added or removed: every session reads its keys again. */
export function membershipsChanged(): void {
  loaded = new WeakMap();
}

/** The session's access keys, read once per request and database handle (see above). */
export function accessKeys(s: Session, q: Queryable): Promise<AccessKeys> {
  if (isUnrestricted(s) || s.kind === 'system') return Promise.resolve(UNRESTRICTED);
  let byHandle = loaded.get(s);
  if (!byHandle) loaded.set(s, (byHandle = new WeakMap()));
  let keys = byHandle.get(q);
  if (!keys) {
    const table = byHandle;
    keys = readAccessKeys(s, q);
    table.set(q, keys);
    // A failed read is not kept: the next call tries again.
    keys.catch(() => table.delete(q));
  }
  return keys;
}

async function readAccessKeys(s: Session, q: Queryable): Promise<AccessKeys> {
  const granted = (s.grants ?? []).map((g) => g.groupId);
  if (s.kind === 'system') return UNRESTRICTED;
  if (s.kind === 'anonymous') return { unrestricted: false, keys: [EVERYONE_GROUP_ID, ...granted] };
  const rows = await q.query<{ group_id: number }>(sql`SELECT group_id FROM group_user_members WHERE user_id = ${s.userId}`);
  const keys = [EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, ...rows.map((r) => r.group_id), ...granted];
  return { unrestricted: false, keys };
}

/**
 * The same keys as accessKeys, as a SQL expression of type int[] that reads them inside the statement using
 * it (undefined for unrestricted sessions): the lookup then costs no round trip of its own.
 */
export function accessKeysSql(s: Session): Sql | undefined {
  if (isUnrestricted(s) || s.kind === 'system') return undefined;
  const granted = (s.grants ?? []).map((g) => g.groupId);
  if (s.kind === 'anonymous') return sql`(ARRAY[${EVERYONE_GROUP_ID}::int] || ${granted}::int[])`;
  return sql`(SELECT ARRAY[${EVERYONE_GROUP_ID}::int, ${REGISTERED_GROUP_ID}::int] || ${granted}::int[] || coalesce(array_agg(m.group_id), '{}'::int[])
                FROM group_user_members m WHERE m.user_id = ${s.userId})`;
}

/** A WHERE-clause fragment limiting `alias` (a row of `objects`) to what the keys may read. */
export function readableBy(keys: AccessKeys, alias = 'o'): Sql {
  if (keys.unrestricted) return sql`TRUE`;
  return sql`${raw(alias)}.read_keys && ${keys.keys}::int[]`;
}

/**
 * True when the session is a direct or indirect member of `groupId`. Used for edit and publish checks on
 * one loaded object.
 */
export async function isMemberOf(s: Session, q: Queryable, groupId: number): Promise<boolean> {
  const keys = await accessKeys(s, q);
  if (keys.unrestricted) return true;
  const rows = await q.query<{ ok: boolean }>(sql`
    SELECT EXISTS (
      SELECT 1 FROM group_closure WHERE ancestor_id = ${groupId} AND descendant_id = ANY(${keys.keys}::int[])
    ) AS ok`);
  return rows[0]?.ok === true;
}

/** True when the user is a direct or indirect member of `groupId` (for choosing an assignee, not for reads). */
export async function isUserInGroup(_s: Session, q: Queryable, userId: number, groupId: number): Promise<boolean> {
  const rows = await q.query<{ ok: boolean }>(sql`
    SELECT EXISTS (
      SELECT 1 FROM group_closure c JOIN group_user_members m ON m.group_id = c.descendant_id
       WHERE c.ancestor_id = ${groupId} AND m.user_id = ${userId}
    ) AS ok`);
  return rows[0]?.ok === true;
}
