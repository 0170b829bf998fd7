// How a restricted session's search over objects runs: estimates from planner statistics, and the choice of
// plan (docs/adr/0002-read-access-filter.md). Pure functions; the statistics are loaded by repository.ts.

/**
 * - recent: walk the objects of the type newest (or oldest) first and keep the readable matches — what an
 *   administrator's search does, plus an array overlap per row. Rows visited: about
 *   (offset + limit) ÷ (share matching × share readable); right for sessions that read a large share.
 * - walk: per access key, walk object_read_keys in time order, check each object against the query, and
 *   stop after `offset + limit` matches. Rows visited: about (offset + limit) ÷ (share matching) per key,
 *   whatever the share the session reads.
 * - matches-first: collect the few objects matching the query (text index), then keep the readable ones and
 *   sort them.
 * - filter: one query over `objects` with `read_keys && keys`, planned by PostgreSQL (the GIN index over
 *   (read_keys, search) intersecting the session's keys with the words, or a walk over the newest objects).
 */
export type ReadPlan = 'recent' | 'walk' | 'matches-first' | 'filter';

/** The walk is chosen while it visits at most this many rows per key. */
export const WALK_MAX_VISITS = 1000;
/** Matches-first is chosen while at most this many objects match. */
export const MATCHES_FIRST_MAX = 2000;
/** The recency walk is chosen while it is expected to visit at most this many rows… */
export const RECENT_MAX_VISITS = 2000;
/** …and at most this many times the rows one key's walk visits (a row read in order costs about a quarter
 *  of a probe by id; measured with bench/acl.ts). */
export const RECENT_PER_WALK_VISIT = 4;
/** The recency walk reads at most this many times the rows expected; with fewer results, the filter runs. */
export const RECENT_CAP_FACTOR = 4;

/** Most common values and elements of the columns of `objects` the plan depends on (from pg_stats). */
export interface ObjectStatistics {
  /** Estimated rows of `objects` (pg_class.reltuples); undefined before the first ANALYZE. */
  rows: number | undefined;
  /** Share of objects per type (most common values); undefined without statistics. */
  types: Map<string, number> | undefined;
  /** Share of objects with published = true; undefined without statistics. */
  published: number | undefined;
  /** Share of objects containing each common lexeme of `search`, and the share assumed for any other. */
  lexemes: ElementFrequencies | undefined;
  /** Share of objects whose read_keys contain each common key, and the share assumed for any other. */
  keys: ElementFrequencies | undefined;
}

export interface ElementFrequencies {
  common: Map<string, number>;
  other: number;
}

/** PostgreSQL's default selectivity of a text-search match it knows nothing about (DEFAULT_TS_MATCH_SEL). */
const DEFAULT_MATCH_SHARE = 0.005;

/**
 * Element frequencies as PostgreSQL stores them (`most_common_elems`, `most_common_elem_freqs`, the latter
 * followed by the minimum and maximum frequency and a null share). An element not in the list is assumed at
 * half the least common one's frequency, as the planner does for text search.
 */
export function elementFrequencies(elems: readonly string[] | null, freqs: readonly number[] | null): ElementFrequencies | undefined {
  if (!elems || !freqs || elems.length === 0 || freqs.length < elems.length) return undefined;
  const common = new Map<string, number>();
  elems.forEach((e, i) => {
    const freq = freqs[i]; // there are at least as many frequencies as elements
    if (freq !== undefined) common.set(e, freq);
  });
  const min = freqs[elems.length] ?? Math.min(...freqs.slice(0, elems.length));
  return { common, other: Math.min(DEFAULT_MATCH_SHARE, min / 2) };
}

/**
 * The words of a search as `plainto_tsquery('simple', …)` would find them, near enough for an estimate:
 * lower-cased runs of letters and digits. (The parser also keeps hyphenated compounds, e-mail addresses and
 * the like whole; such a query is estimated from its parts.)
 */
export function searchWords(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0),
    ),
  ];
}

/** Share of the objects of a type that match every word and the published filter (words independent). */
export function matchShare(stats: ObjectStatistics, text: string | undefined, published: boolean | undefined): number | undefined {
  let share = 1;
  if (text !== undefined) {
    const words = searchWords(text);
    // No words: the query matches nothing.
    if (words.length === 0) return 0;
    if (!stats.lexemes) return undefined;
    for (const w of words) share *= stats.lexemes.common.get(w) ?? stats.lexemes.other;
  }
  if (published !== undefined) {
    if (stats.published === undefined) return undefined;
    share *= published ? stats.published : 1 - stats.published;
  }
  return share;
}

/** Share of objects readable with these keys: objects holding any of them (keys independent). */
export function readShare(stats: ObjectStatistics, keys: readonly number[]): number {
  if (!stats.keys) return 0;
  let none = 1;
  for (const k of keys) none *= 1 - (stats.keys.common.get(String(k)) ?? stats.keys.other);
  return 1 - none;
}

/** Estimated number of objects of a type. */
export function objectsOfType(stats: ObjectStatistics, type: string): number | undefined {
  if (stats.rows === undefined || !stats.types) return undefined;
  return stats.rows * (stats.types.get(type) ?? 0);
}

export interface PlanInput {
  /** offset + limit: the rows the search must find before it may stop. */
  wanted: number;
  /** The order follows time (newest or oldest), so walks in time order apply. */
  walkable: boolean;
  /** Share of the objects of the type matching the query; undefined when unknown. */
  matchShare: number | undefined;
  /** Objects of the type that match the query; undefined when unknown. */
  matches: number | undefined;
  /** Share of objects the session reads (0 when unknown). */
  readShare: number;
}

export interface PlanChoice {
  plan: ReadPlan;
  /** For 'recent': how many of the newest rows to read at most before falling back to the filter. */
  cap?: number;
}

/** The least share of objects a session must read for the recency walk to be chosen (above 1: never). */
export function recentThreshold(wanted: number, matchShare: number): number {
  return Math.max(1 / RECENT_PER_WALK_VISIT, wanted / (matchShare * RECENT_MAX_VISITS));
}

/**
 * Whether the session's keys could change the plan: the recency walk is possible for this query and some
 * key on its own gives at least half the share it needs (several smaller keys adding up to it are not
 * looked for: such a session walks its keys, which is slower but returns the same rows).
 */
export function keysMayDecide(stats: ObjectStatistics, i: Omit<PlanInput, 'readShare'>): boolean {
  if (!i.walkable || i.matchShare === undefined || i.matchShare <= 0 || !stats.keys) return false;
  const needed = recentThreshold(i.wanted, i.matchShare);
  if (needed > 1) return false;
  for (const f of stats.keys.common.values()) if (f >= needed / 2) return true;
  return false;
}

export function choosePlan(i: PlanInput): PlanChoice {
  if (i.matchShare === undefined || i.matchShare <= 0) {
    return i.matches !== undefined && i.matches <= MATCHES_FIRST_MAX ? { plan: 'matches-first' } : { plan: 'filter' };
  }
  const walkVisits = i.wanted / i.matchShare;
  if (i.walkable && i.readShare > 0) {
    const recentVisits = i.wanted / (i.matchShare * i.readShare);
    if (recentVisits <= RECENT_MAX_VISITS && recentVisits <= RECENT_PER_WALK_VISIT * walkVisits) {
      return { plan: 'recent', cap: Math.ceil(RECENT_CAP_FACTOR * recentVisits) };
    }
  }
  if (i.walkable && walkVisits <= WALK_MAX_VISITS) return { plan: 'walk' };
  if (i.matches !== undefined && i.matches <= MATCHES_FIRST_MAX) return { plan: 'matches-first' };
  return { plan: 'filter' };
}
