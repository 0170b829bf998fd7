// The planner statistics of `objects` (pg_stats, filled by ANALYZE) that searchObjects chooses its plan
// from: estimates about the table, never rows of it, so they are read without a session. Used only by the
// objects repository.
import { sql, type Queryable } from '../../db/database.ts';
import { elementFrequencies, type ObjectStatistics } from './read-plan.ts';
import { StatisticsCache, type StatisticsFingerprint } from './statistics-cache.ts';

/** How long this process uses the statistics it read before checking whether ANALYZE changed them. */
const STATISTICS_MAX_AGE_MS = 60_000;
const statistics = new StatisticsCache<Queryable, ObjectStatistics>({ maxAgeMs: STATISTICS_MAX_AGE_MS, now: () => performance.now() });

/**
 * The planner statistics of `objects` (pg_stats, filled by ANALYZE), kept per database handle and read again
 * only after ANALYZE (statistics-cache.ts), as PostgreSQL keeps them in each backend's cache: they are
 * estimates for choosing a plan, never access data, so a stale copy can make a search slower but never
 * changes its result.
 */
export function objectStatistics(q: Queryable): Promise<ObjectStatistics> {
  // A transaction's handle never loads in the background: the query would outlive the transaction.
  return statistics.get(q, { load: () => loadObjectStatistics(q), fingerprint: () => statisticsFingerprint(q) }, !('inTransaction' in q));
}

/**
 * The analyze state of `objects`: its analyze counters and times (the cumulative statistics system; PGlite
 * keeps them too) and its estimated rows. Undefined when the server keeps no counters for it.
 */
export async function statisticsFingerprint(q: Queryable): Promise<StatisticsFingerprint | undefined> {
  const rows = await q.query<{ fingerprint: string | null }>(sql`
    SELECT concat_ws('/', s.analyze_count, s.autoanalyze_count, s.last_analyze, s.last_autoanalyze, c.reltuples) AS fingerprint
      FROM pg_class c
      JOIN pg_stat_user_tables s ON s.relid = c.oid
     WHERE c.oid = 'objects'::regclass`);
  return rows[0]?.fingerprint ?? undefined;
}

/** Each most common value with its frequency (PostgreSQL stores the two lists with the same length). */
function valueFrequencies(vals: readonly string[], freqs: readonly number[]): Map<string, number> {
  const map = new Map<string, number>();
  vals.forEach((v, i) => {
    const freq = freqs[i];
    if (freq !== undefined && !map.has(v)) map.set(v, freq);
  });
  return map;
}

export async function loadObjectStatistics(q: Queryable): Promise<ObjectStatistics> {
  const rows = await q.query<{
    reltuples: number;
    attname: string | null;
    vals: string[] | null;
    val_freqs: number[] | null;
    elems: string[] | null;
    elem_freqs: number[] | null;
  }>(sql`
    SELECT c.reltuples::float8 AS reltuples, s.attname::text AS attname,
           s.most_common_vals::text::text[] AS vals, s.most_common_freqs::float8[] AS val_freqs,
           s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs::float8[] AS elem_freqs
      FROM pg_class c
      LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'objects'
                          AND s.attname IN ('type', 'published', 'search', 'read_keys')
     WHERE c.oid = 'objects'::regclass`);
  const col = (name: string) => rows.find((r) => r.attname === name);
  const reltuples = rows[0]?.reltuples;
  const type = col('type');
  const published = col('published');
  let types: Map<string, number> | undefined;
  if (type?.vals && type.val_freqs) {
    types = valueFrequencies(type.vals, type.val_freqs);
  }
  let publishedShare: number | undefined;
  if (published?.vals && published.val_freqs) {
    const freqs = valueFrequencies(published.vals, published.val_freqs);
    const unpublished = freqs.get('f');
    publishedShare = freqs.get('t') ?? (unpublished !== undefined ? 1 - unpublished : undefined);
  }
  return {
    rows: typeof reltuples === 'number' && reltuples > 0 ? reltuples : undefined,
    types,
    published: publishedShare,
    lexemes: elementFrequencies(col('search')?.elems ?? null, col('search')?.elem_freqs ?? null),
    keys: elementFrequencies(col('read_keys')?.elems ?? null, col('read_keys')?.elem_freqs ?? null),
  };
}
