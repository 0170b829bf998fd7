// SQL of the object search: readable objects matching a query (text, filters, sort, paging), by the plan the
// planner's statistics choose (ADR 0002), and their counts. Every plan applies the session's read filter.
import { accessKeys, accessKeysSql, readableBy, readsUnfiltered, type AccessKeys } from '../../access/read-access.ts';
import { readable, type Readable } from '../../access/readable.ts';
import { EVERYONE_GROUP_ID, type Session } from '../../access/session.ts';
import { join, raw, sql, type Queryable, type Sql } from '../../db/database.ts';
import {
  RECENT_MAX_VISITS,
  choosePlan,
  keysMayDecide,
  matchShare,
  objectsOfType,
  readShare,
  type PlanChoice,
  type ReadPlan,
} from './read-plan.ts';
import { objectStatistics } from './planner-statistics.ts';
import { objectColumns, type ObjectRow } from './repository.ts';

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
export async function searchObjects(s: Session, q: Queryable, query: ObjectQuery, keys?: AccessKeys): Promise<Readable<ObjectRow>[]> {
  if (keys ? keys.unrestricted : unrestrictedSession(s)) return readable(await filterReadable(q, { unrestricted: true }, query));
  const { choice, keys: k } = await planFor(s, q, query, keys);
  return readable(await runPlan(s, q, k, query, choice));
}

/**
 * searchObjects with a plan chosen by the caller instead of from statistics: every plan returns the same
 * rows (tests check this for each plan; the benchmark compares them). Never widens what the session reads.
 */
export async function searchObjectsWithPlan(
  s: Session,
  q: Queryable,
  query: ObjectQuery,
  choice: PlanChoice,
  keys?: AccessKeys,
): Promise<Readable<ObjectRow>[]> {
  if (keys ? keys.unrestricted : unrestrictedSession(s)) return readable(await filterReadable(q, { unrestricted: true }, query));
  return readable(await runPlan(s, q, keys && !keys.unrestricted ? keys : { sql: sessionKeysSql(s) }, query, choice));
}

function unrestrictedSession(s: Session): boolean {
  return readsUnfiltered(s);
}

function sessionKeysSql(s: Session): Sql {
  const k = accessKeysSql(s);
  if (!k) throw new Error('an unrestricted session has no access keys');
  return k;
}

/**
 * A restricted session's keys: loaded (an array sent with the statement), or a SQL expression that reads
 * them inside the statement that uses them (one round trip instead of two).
 */
type ReadKeys = { unrestricted: false; keys: number[] } | { sql: Sql };

function keysExpression(k: ReadKeys): Sql {
  return 'sql' in k ? k.sql : sql`${k.keys}::int[]`;
}

async function loadedKeys(s: Session, q: Queryable, k: ReadKeys): Promise<AccessKeys> {
  return 'sql' in k ? accessKeys(s, q) : k;
}

async function runPlan(s: Session, q: Queryable, k: ReadKeys, query: ObjectQuery, choice: PlanChoice): Promise<ObjectRow[]> {
  // The walks follow time; a title order always goes through the filter.
  const plan = query.sort === 'title' && (choice.plan === 'recent' || choice.plan === 'walk') ? 'filter' : choice.plan;
  switch (plan) {
    case 'recent': {
      const rows = await recentReadable(q, k, query, choice.cap ?? RECENT_MAX_VISITS);
      // Fewer rows than wanted: the cap may have cut the walk short (or there are no more); the filter is exact.
      if (rows.length < query.offset + query.limit) return filterReadable(q, await loadedKeys(s, q, k), query);
      return rows.slice(query.offset);
    }
    case 'walk':
      return walkReadable(q, k, query);
    case 'matches-first':
      return q.query<ObjectRow>(sql`
        WITH matches AS MATERIALIZED (SELECT ${objectColumns}, o.read_keys FROM objects o WHERE ${whereFor({ unrestricted: true }, query)})
        SELECT ${objectColumns} FROM matches o
         WHERE o.read_keys && ${keysExpression(k)}
         ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit} OFFSET ${query.offset}`);
    case 'filter':
      // The planner chooses between the GIN index and the recency index from the keys' values: send them.
      return filterReadable(q, await loadedKeys(s, q, k), query);
  }
}

function filterReadable(q: Queryable, k: AccessKeys, query: ObjectQuery): Promise<ObjectRow[]> {
  return q.query<ObjectRow>(sql`
    SELECT ${objectColumns} FROM objects o
     WHERE ${whereFor(k, query)}
     ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit} OFFSET ${query.offset}`);
}

export type { PlanChoice, ReadPlan } from './read-plan.ts';
export { MATCHES_FIRST_MAX, RECENT_MAX_VISITS, WALK_MAX_VISITS } from './read-plan.ts';

/**
 * The plan searchObjects uses for this session and query ('unrestricted' for administrators and System).
 * See read-plan.ts and docs/adr/0002-read-access-filter.md.
 */
export async function searchPlan(s: Session, q: Queryable, query: ObjectQuery, keys?: AccessKeys): Promise<ReadPlan | 'unrestricted'> {
  if (keys ? keys.unrestricted : unrestrictedSession(s)) return 'unrestricted';
  return (await planFor(s, q, query, keys)).choice.plan;
}

/**
 * The plan for a restricted session's search, from planner statistics this process keeps (objectStatistics)
 * and, when they can change it, the session's keys (read first, in their own statement). Otherwise the keys
 * are read inside the statement that uses them. Queries with type-specific conditions (`where`) ask the
 * planner for its estimate instead (EXPLAIN, in parallel with the keys lookup on a pool).
 */
async function planFor(s: Session, q: Queryable, query: ObjectQuery, keys?: AccessKeys): Promise<{ choice: PlanChoice; keys: ReadKeys }> {
  const known = keys && !keys.unrestricted ? keys : undefined;
  const walkable = query.sort !== 'title';
  const wanted = query.offset + query.limit;
  // A list without conditions: each key's newest objects, whatever the session reads.
  if (walkable && !query.text && query.published === undefined && !query.where) {
    return { choice: { plan: 'walk' }, keys: known ?? { sql: sessionKeysSql(s) } };
  }
  if (query.where) {
    const [k, stats, explained] = await Promise.all([
      known ?? accessKeys(s, q),
      objectStatistics(q),
      estimatedMatches(q, whereFor({ unrestricted: true }, query), query.type),
    ]);
    if (k.unrestricted) return { choice: { plan: 'filter' }, keys: { sql: sessionKeysSql(s) } };
    const matchShareOf = explained ? explained.kept / explained.all : undefined;
    const input = { wanted, walkable, matchShare: matchShareOf, matches: explained?.kept };
    return { choice: choosePlan({ ...input, readShare: readShare(stats, k.keys) }), keys: k };
  }
  const stats = await objectStatistics(q);
  const share = matchShare(stats, query.text, query.published);
  const ofType = objectsOfType(stats, query.type);
  const input = { wanted, walkable, matchShare: share, matches: share !== undefined && ofType !== undefined ? share * ofType : undefined };
  if (known) {
    const readable = readShare(stats, known.keys);
    rememberReadShare(q, s, readable);
    return { choice: choosePlan({ ...input, readShare: readable }), keys: known };
  }
  const inline = { sql: sessionKeysSql(s) };
  const withoutKeys = choosePlan({ ...input, readShare: 0 });
  if (withoutKeys.plan !== 'filter' && !keysMayDecide(stats, input)) return { choice: withoutKeys, keys: inline };
  // The share the session read when its keys were last loaded (a hint for the plan; the statement still
  // reads the keys themselves).
  const hint = s.kind === 'anonymous' ? readShare(stats, [EVERYONE_GROUP_ID]) : recalledReadShare(q, s);
  if (hint !== undefined) {
    const choice = choosePlan({ ...input, readShare: hint });
    if (choice.plan !== 'filter') return { choice, keys: inline };
  }
  const k = await accessKeys(s, q);
  if (k.unrestricted) return { choice: { plan: 'filter' }, keys: inline };
  const readable = readShare(stats, k.keys);
  rememberReadShare(q, s, readable);
  return { choice: choosePlan({ ...input, readShare: readable }), keys: k };
}

/** How long a session's read share serves as a hint, and for how many users a database handle keeps one. */
const READ_SHARE_MAX_AGE_MS = 60_000;
const READ_SHARES_MAX = 10_000;
interface ReadShare {
  share: number;
  at: number;
}
const readShares = new WeakMap<Queryable, Map<number, ReadShare>>();

/**
 * The share of objects a user read when their keys were last loaded, kept for a minute to choose plans
 * without loading the keys first. It is an estimate like the planner statistics: the statements filter by
 * the keys they read themselves, so a stale share can only make a search slower, never change its rows.
 */
function recalledReadShare(q: Queryable, s: Session): number | undefined {
  if (s.kind !== 'user') return undefined;
  const entry = readShares.get(q)?.get(s.userId);
  return entry && performance.now() - entry.at <= READ_SHARE_MAX_AGE_MS ? entry.share : undefined;
}

function rememberReadShare(q: Queryable, s: Session, share: number): void {
  if (s.kind !== 'user') return;
  let shares = readShares.get(q);
  if (!shares) readShares.set(q, (shares = new Map<number, ReadShare>()));
  shares.delete(s.userId);
  shares.set(s.userId, { share, at: performance.now() });
  // Maps iterate in insertion order: the first entry is the least recently stored.
  if (shares.size > READ_SHARES_MAX) {
    const oldest = shares.keys().next();
    if (!oldest.done) shares.delete(oldest.value);
  }
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

/**
 * The recency walk: the newest (or oldest) objects of the type in index order, at most `cap` of them, with
 * the session's filter and the query's conditions, until offset + limit are found.
 */
async function recentReadable(q: Queryable, k: ReadKeys, query: ObjectQuery, cap: number): Promise<ObjectRow[]> {
  const dir = query.sort === 'oldest' ? sql`ASC` : sql`DESC`;
  return q.query<ObjectRow>(sql`
    SELECT ${objectColumns}
      FROM (SELECT * FROM objects o WHERE o.type = ${query.type} ORDER BY o.created_at ${dir}, o.id ${dir} LIMIT ${cap}) o
     WHERE ${whereFor({ unrestricted: true }, query)} AND o.read_keys && ${keysExpression(k)}
     ORDER BY o.created_at ${dir}, o.id ${dir} LIMIT ${query.offset + query.limit}`);
}

/** The key walk (read-plan.ts): each key's newest (or oldest) matches, merged, de-duplicated and paged. */
async function walkReadable(q: Queryable, k: ReadKeys, query: ObjectQuery): Promise<ObjectRow[]> {
  const dir = query.sort === 'oldest' ? sql`ASC` : sql`DESC`;
  return q.query<ObjectRow>(sql`
    SELECT DISTINCT ON (w.created_at, w.id) w.*
      FROM unnest(${keysExpression(k)}) AS key(id)
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
