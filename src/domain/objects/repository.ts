// SQL for securable objects: the rows every domain type (pages now, reports later) hangs off. Every read
// here is filtered by the session's read access; there is no unfiltered variant to call by accident. The
// search over them (plans, counts) is in search-repository.ts.
import { accessKeys, readableBy, type AccessKeys } from '../../access/read-access.ts';
import { setObjectReadKeys } from '../../access/read-keys-repository.ts';
import { readable, type Readable } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { empty, oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export interface ObjectRow {
  id: number;
  type: string;
  title: string;
  read_group_id: number;
  edit_group_id: number;
  publish_group_id: number;
  published: boolean;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export const objectColumns = sql`o.id, o.type, o.title, o.read_group_id, o.edit_group_id, o.publish_group_id,
  o.published, o.created_by, o.created_at, o.updated_at`;

export interface Cursor {
  createdAt: Date;
  id: number;
}

export async function insertObject(
  s: Session,
  tx: Tx,
  at: Date,
  o: {
    type: string;
    title: string;
    searchText: string;
    readGroupId: number;
    editGroupId: number;
    publishGroupId: number;
    /** An id drawn earlier from the objects' sequence (the report inbox does); otherwise the next one. */
    id?: number;
    /** Who created it, when not the acting session (a report built after its submission). */
    createdBy?: number | null;
  },
): Promise<number> {
  const createdBy = o.createdBy !== undefined ? o.createdBy : s.kind === 'user' ? s.userId : null;
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO objects (id, type, title, search_text, read_group_id, edit_group_id, publish_group_id, read_keys, created_by, created_at, updated_at)
    VALUES (COALESCE(${o.id ?? null}::int, nextval(pg_get_serial_sequence('objects', 'id'))::int), ${o.type}, ${o.title}, ${o.searchText},
            ${o.readGroupId}, ${o.editGroupId}, ${o.publishGroupId}, '{}', ${createdBy}::int, ${at}, ${at})
    RETURNING id`);
  const id = oneRow(rows).id;
  await setObjectReadKeys(tx, id);
  return id;
}

/** One object by id, if the session may read it. `forUpdate` locks the row for the rest of the transaction. */
export async function findObject(
  s: Session,
  q: Queryable,
  type: string,
  id: number,
  opts: { forUpdate?: boolean; keys?: AccessKeys } = {},
): Promise<Readable<ObjectRow> | undefined> {
  const keys = opts.keys ?? (await accessKeys(s, q));
  const rows = await q.query<ObjectRow>(sql`
    SELECT ${objectColumns} FROM objects o
     WHERE o.id = ${id} AND o.type = ${type} AND ${readableBy(keys)}
     ${opts.forUpdate ? sql`FOR UPDATE` : empty}`);
  return readable(rows)[0];
}

/** Loads readable objects by id, in the order given (ids the session may not read are left out). */
export async function findObjects(
  s: Session,
  q: Queryable,
  type: string,
  ids: number[],
  keys?: AccessKeys,
): Promise<Readable<ObjectRow>[]> {
  if (ids.length === 0) return [];
  const k = keys ?? (await accessKeys(s, q));
  const rows = await q.query<ObjectRow>(sql`
    SELECT ${objectColumns} FROM objects o
     WHERE o.id = ANY(${ids}::int[]) AND o.type = ${type} AND ${readableBy(k)}`);
  const byId = new Map(readable(rows).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function updateObjectFields(
  _s: Session,
  tx: Tx,
  at: Date,
  id: number,
  patch: { title?: string; searchText?: string; published?: boolean },
): Promise<void> {
  await tx.query(sql`
    UPDATE objects SET
      title = COALESCE(${patch.title ?? null}, title),
      search_text = COALESCE(${patch.searchText ?? null}, search_text),
      published = COALESCE(${patch.published ?? null}::boolean, published),
      updated_at = ${at}
    WHERE id = ${id}`);
}

export async function updateObjectGroups(
  _s: Session,
  tx: Tx,
  at: Date,
  id: number,
  groups: { readGroupId: number; editGroupId: number; publishGroupId: number },
): Promise<void> {
  await tx.query(sql`
    UPDATE objects SET read_group_id = ${groups.readGroupId}, edit_group_id = ${groups.editGroupId},
           publish_group_id = ${groups.publishGroupId}, updated_at = ${at}
     WHERE id = ${id}`);
  await setObjectReadKeys(tx, id);
}

export async function deleteObjectRow(_s: Session, tx: Tx, id: number): Promise<void> {
  await tx.query(sql`DELETE FROM objects WHERE id = ${id}`);
}

export interface ObjectAbilities {
  edit: boolean;
  publish: boolean;
}

/** Edit and publish abilities of the session on several loaded objects, in one query. */
export async function objectAbilities(
  s: Session,
  q: Queryable,
  objects: readonly Readable<ObjectRow>[],
  keys?: AccessKeys,
): Promise<Map<number, ObjectAbilities>> {
  const result = new Map<number, ObjectAbilities>();
  if (objects.length === 0) return result;
  keys ??= await accessKeys(s, q);
  if (keys.unrestricted) {
    for (const o of objects) result.set(o.id, { edit: true, publish: true });
    return result;
  }
  const rows = await q.query<{ id: number; edit: boolean; publish: boolean }>(sql`
    SELECT o.id,
           EXISTS (SELECT 1 FROM group_closure c WHERE c.ancestor_id = o.edit_group_id AND c.descendant_id = ANY(${keys.keys}::int[])) AS edit,
           EXISTS (SELECT 1 FROM group_closure c WHERE c.ancestor_id = o.publish_group_id AND c.descendant_id = ANY(${keys.keys}::int[])) AS publish
      FROM objects o WHERE o.id = ANY(${objects.map((o) => o.id)}::int[])`);
  for (const r of rows) result.set(r.id, { edit: r.edit, publish: r.publish });
  return result;
}
