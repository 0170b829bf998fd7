// SQL for securable objects: the rows every domain type (pages now, reports later) hangs off. Every read
// here is filtered by the session's read access; there is no unfiltered variant to call by accident.
import { accessKeys, readableBy, type AccessKeys } from '../../access/read-access.ts';
import { setObjectReadKeys } from '../../access/read-keys-repository.ts';
import { isUnrestricted, type Session } from '../../access/session.ts';
import { empty, join, raw, sql, type Queryable, type Sql, type Tx } from '../../db/database.ts';

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
  o: { type: string; title: string; searchText: string; readGroupId: number; editGroupId: number; publishGroupId: number },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO objects (type, title, search_text, read_group_id, edit_group_id, publish_group_id, read_keys, created_by, created_at, updated_at)
    VALUES (${o.type}, ${o.title}, ${o.searchText}, ${o.readGroupId}, ${o.editGroupId}, ${o.publishGroupId}, '{}',
            ${s.kind === 'user' ? s.userId : null}, ${at}, ${at})
    RETURNING id`);
  const id = rows[0]!.id;
  await setObjectReadKeys(tx, id);
  return id;
}

/** One object by id, if the session may read it. `forUpdate` locks the row for the rest of the transaction. */
export async function findObject(
  s: Session,
  q: Queryable,
  type: string,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<ObjectRow | undefined> {
  const keys = await accessKeys(s, q);
  const rows = await q.query<ObjectRow>(sql`
    SELECT ${objectColumns} FROM objects o
     WHERE o.id = ${id} AND o.type = ${type} AND ${readableBy(keys)}
     ${opts.forUpdate ? sql`FOR UPDATE` : empty}`);
  return rows[0];
}

/**
 * Ids of the newest objects of a type that the session may read, newest first, after an optional cursor.
 * For a restricted session it walks object_read_keys once per access key (each walk stops after `limit`
 * rows), so the cost depends on the number of keys and the limit, not on how many objects are invisible.
 */
export async function newestReadableIds(
  s: Session,
  q: Queryable,
  type: string,
  limit: number,
  after?: Cursor,
  keys?: AccessKeys,
): Promise<Cursor[]> {
  const k = keys ?? (await accessKeys(s, q));
  if (k.unrestricted) {
    const rows = await q.query<{ id: number; created_at: Date }>(sql`
      SELECT o.id, o.created_at FROM objects o
       WHERE o.type = ${type}
         ${after ? sql`AND (o.created_at, o.id) < (${after.createdAt}, ${after.id})` : empty}
       ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit}`);
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
  }
  const rows = await q.query<{ id: number; created_at: Date }>(sql`
    SELECT r.object_id AS id, r.created_at
      FROM unnest(${k.keys}::int[]) AS key(id)
      CROSS JOIN LATERAL (
        SELECT rk.object_id, rk.created_at FROM object_read_keys rk
         WHERE rk.group_id = key.id AND rk.type = ${type}
           ${after ? sql`AND (rk.created_at, rk.object_id) < (${after.createdAt}, ${after.id})` : empty}
         ORDER BY rk.created_at DESC, rk.object_id DESC LIMIT ${limit}
      ) r
     GROUP BY r.object_id, r.created_at
     ORDER BY r.created_at DESC, r.object_id DESC LIMIT ${limit}`);
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
}

/** Loads readable objects by id, in the order given (ids the session may not read are left out). */
export async function findObjects(s: Session, q: Queryable, type: string, ids: number[], keys?: AccessKeys): Promise<ObjectRow[]> {
  if (ids.length === 0) return [];
  const k = keys ?? (await accessKeys(s, q));
  const rows = await q.query<ObjectRow>(sql`
    SELECT ${objectColumns} FROM objects o
     WHERE o.id = ANY(${ids}::int[]) AND o.type = ${type} AND ${readableBy(k)}`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type SortKey = 'newest' | 'oldest' | 'title';

const ORDER: Record<SortKey, Sql> = {
  newest: sql`o.created_at DESC, o.id DESC`,
  oldest: sql`o.created_at ASC, o.id ASC`,
  title: sql`lower(o.title) ASC, o.id ASC`,
};

export interface ObjectQuery {
  type: string;
  /** Full-text terms, all of which must match. */
  text?: string;
  published?: boolean;
  sort: SortKey;
  limit: number;
  offset: number;
  /** Extra, type-specific conditions on `o` (built by the type's repository, never from raw input). */
  where?: Sql;
}

function whereFor(keys: AccessKeys, query: ObjectQuery): Sql {
  const parts: Sql[] = [sql`o.type = ${query.type}`, readableBy(keys)];
  if (query.text) parts.push(sql`o.search @@ plainto_tsquery('simple', ${query.text})`);
  if (query.published !== undefined) parts.push(sql`o.published = ${query.published}`);
  if (query.where) parts.push(query.where);
  return join(parts, ' AND ');
}

/** Readable objects matching a query (search, filters, sort), with paging. */
export async function searchObjects(s: Session, q: Queryable, query: ObjectQuery, keys?: AccessKeys): Promise<ObjectRow[]> {
  const restricted = keys ? !keys.unrestricted : !isUnrestricted(s);
  let k: AccessKeys;
  let plan: ReadPlan = 'filter';
  if (restricted) {
    // On a pool the two run side by side; in a transaction or on PGlite one after the other.
    [k, plan] = await Promise.all([keys ?? accessKeys(s, q), chooseReadPlan(q, query)]);
  } else {
    k = keys ?? (await accessKeys(s, q));
  }
  if (!k.unrestricted && plan === 'walk') return walkReadable(q, k.keys, query);
  if (!k.unrestricted && plan === 'matches-first') {
    return q.query<ObjectRow>(sql`
      WITH matches AS MATERIALIZED (SELECT * FROM objects o WHERE ${whereFor({ unrestricted: true }, query)})
      SELECT ${objectColumns} FROM matches o
       WHERE ${readableBy(k)}
       ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit} OFFSET ${query.offset}`);
  }
  return q.query<ObjectRow>(sql`
    SELECT ${objectColumns} FROM objects o
     WHERE ${whereFor(k, query)}
     ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit} OFFSET ${query.offset}`);
}

/**
 * How a restricted session's search runs (see docs/adr/0002-read-access-filter.md):
 * - walk: per access key, walk object_read_keys in time order, check each object against the query, and
 *   stop after `offset + limit` matches. The rows visited do not depend on how many objects are invisible,
 *   but on how common matches are: about (offset + limit) ÷ (share of objects matching) per key.
 * - matches-first: collect the few objects matching the query (text index), then keep the readable ones
 *   and sort them: what an administrator's search does, plus an array overlap per match.
 * - filter: one query over `objects` with `read_keys && keys`, planned by PostgreSQL: the GIN index over
 *   (read_keys, search) intersecting the session's keys with the words, or a walk over the newest objects
 *   when both are common.
 * The choice uses the planner's own estimate of the share of objects matching (EXPLAIN plans without
 * running). The limits were set with bench/acl.ts.
 */
export type ReadPlan = 'walk' | 'matches-first' | 'filter';
export const WALK_MAX_VISITS = 1000;
export const MATCHES_FIRST_MAX = 2000;

/** The plan searchObjects would use for this session and query ('unrestricted' for administrators and System). */
export async function searchPlan(s: Session, q: Queryable, query: ObjectQuery): Promise<ReadPlan | 'unrestricted'> {
  return isUnrestricted(s) ? 'unrestricted' : chooseReadPlan(q, query);
}

async function chooseReadPlan(q: Queryable, query: ObjectQuery): Promise<ReadPlan> {
  const walkable = query.sort !== 'title';
  if (walkable && !query.text && query.published === undefined && !query.where) return 'walk';
  const estimate = await estimatedMatches(q, whereFor({ unrestricted: true }, query), query.type);
  if (!estimate) return 'filter';
  const visits = ((query.offset + query.limit) * estimate.all) / Math.max(estimate.kept, 1);
  if (walkable && visits <= WALK_MAX_VISITS) return 'walk';
  if (estimate.kept <= MATCHES_FIRST_MAX) return 'matches-first';
  return 'filter';
}

/** The planner's estimates of the objects of a type, and of those that `filter` keeps (undefined if unknown). */
async function estimatedMatches(q: Queryable, filter: Sql, type: string): Promise<{ kept: number; all: number } | undefined> {
  // OFFSET 0 keeps the subquery apart, so the plan shows the objects of the type (inner node) and the rows
  // the filter keeps (outer node), and planning considers one scan path only.
  const rows = await q.query<{ 'QUERY PLAN': unknown }>(sql`
    EXPLAIN (FORMAT JSON)
    SELECT 1 FROM (SELECT * FROM objects o WHERE o.type = ${type} OFFSET 0) o WHERE ${filter}`);
  const raw = rows[0]?.['QUERY PLAN'];
  type Node = { 'Plan Rows'?: number; Plans?: Node[] };
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: Node }[] | undefined;
  const kept = plan?.[0]?.Plan?.['Plan Rows'];
  const all = plan?.[0]?.Plan?.Plans?.[0]?.['Plan Rows'];
  if (typeof kept !== 'number' || typeof all !== 'number' || all <= 0) return undefined;
  return { kept: Math.min(kept, all), all };
}

/** The walk described above: each key's newest (or oldest) matches, merged, de-duplicated and paged. */
async function walkReadable(q: Queryable, keys: number[], query: ObjectQuery): Promise<ObjectRow[]> {
  const dir = query.sort === 'oldest' ? sql`ASC` : sql`DESC`;
  return q.query<ObjectRow>(sql`
    SELECT DISTINCT ON (w.created_at, w.id) w.*
      FROM unnest(${keys}::int[]) AS key(id)
      CROSS JOIN LATERAL (
        SELECT ${objectColumns} FROM object_read_keys rk JOIN objects o ON o.id = rk.object_id
         WHERE rk.group_id = key.id AND rk.type = ${query.type} AND ${whereFor({ unrestricted: true }, query)}
         ORDER BY rk.created_at ${dir}, rk.object_id ${dir} LIMIT ${query.offset + query.limit}
      ) w
     ORDER BY w.created_at ${dir}, w.id ${dir} LIMIT ${query.limit} OFFSET ${query.offset}`);
}

/** How many readable objects match a query. */
export async function countObjects(s: Session, q: Queryable, query: Omit<ObjectQuery, 'sort' | 'limit' | 'offset'>): Promise<number> {
  const k = await accessKeys(s, q);
  const rows = await q.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM objects o
     WHERE ${whereFor(k, { ...query, sort: 'newest', limit: 0, offset: 0 })}`);
  return rows[0]?.n ?? 0;
}

/** Readable object counts per value of a column (an aggregate; invisible objects are not counted). */
export async function countObjectsBy(
  s: Session,
  q: Queryable,
  query: Omit<ObjectQuery, 'sort' | 'limit' | 'offset'>,
  column: 'published' | 'created_by',
): Promise<{ key: string; n: number }[]> {
  const k = await accessKeys(s, q);
  return q.query<{ key: string; n: number }>(sql`
    SELECT o.${raw(column)}::text AS key, count(*)::int AS n FROM objects o
     WHERE ${whereFor(k, { ...query, sort: 'newest', limit: 0, offset: 0 })}
     GROUP BY 1 ORDER BY 1`);
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
export async function objectAbilities(s: Session, q: Queryable, objects: ObjectRow[]): Promise<Map<number, ObjectAbilities>> {
  const result = new Map<number, ObjectAbilities>();
  if (objects.length === 0) return result;
  const keys = await accessKeys(s, q);
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
