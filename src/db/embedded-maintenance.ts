// What autovacuum does for a PostgreSQL server, done for the embedded database: PGlite runs PostgreSQL in
// single-user mode, where no autovacuum launcher runs, so without this the planner never gets statistics
// (every plan is made from default estimates, and the read filter's plan choice runs blind) and dead rows
// are never reclaimed. The rules and thresholds are autovacuum's defaults: a table is analyzed once the rows
// changed since its last ANALYZE exceed 50 + 10% of its rows, and vacuumed once its dead rows exceed 50 + 20%.
// Both block the embedded database while they run, so they run one table at a time, from a timer, only when
// a table crosses its threshold.
import { startPeriodic, type Periodic } from '../jobs/periodic.ts';
import { sql, type Database, type Queryable } from './database.ts';

/** autovacuum_analyze_threshold, autovacuum_analyze_scale_factor (PostgreSQL's defaults). */
export const ANALYZE_THRESHOLD = 50;
export const ANALYZE_SCALE_FACTOR = 0.1;
/** autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor (PostgreSQL's defaults). */
export const VACUUM_THRESHOLD = 50;
export const VACUUM_SCALE_FACTOR = 0.2;

export interface MaintenanceResult {
  analyzed: string[];
  vacuumed: string[];
}

interface TableState {
  schema: string;
  name: string;
  rows: number;
  modified: number;
  dead: number;
  analyzed: boolean;
}

/** The tables of the database (pg-boss's included) with what autovacuum's rules look at. */
async function tableStates(q: Queryable): Promise<TableState[]> {
  return q.query<TableState>(sql`
    SELECT s.schemaname::text AS schema, s.relname::text AS name,
           greatest(c.reltuples, 0)::float8 AS rows,
           s.n_mod_since_analyze::float8 AS modified, s.n_dead_tup::float8 AS dead,
           (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL) AS analyzed
      FROM pg_stat_user_tables s
      JOIN pg_class c ON c.oid = s.relid
     ORDER BY s.schemaname, s.relname`);
}

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * One pass of the rules: VACUUM and ANALYZE each table over its threshold, one statement at a time. A table
 * never analyzed is analyzed once it has any change (as autovacuum does for a new table's first rows).
 */
export async function maintainEmbeddedDatabase(db: Database): Promise<MaintenanceResult> {
  const result: MaintenanceResult = { analyzed: [], vacuumed: [] };
  // A backend reports its row counts to the cumulative statistics when it goes idle; PGlite's single-user
  // backend never does on its own, so its counts would stay at zero. Ask for the report first.
  await db.query(sql`SELECT pg_stat_force_next_flush()`);
  for (const t of await tableStates(db)) {
    const table = `${quoted(t.schema)}.${quoted(t.name)}`;
    if (t.dead > VACUUM_THRESHOLD + VACUUM_SCALE_FACTOR * t.rows) {
      await db.exec(`VACUUM ${table}`);
      result.vacuumed.push(`${t.schema}.${t.name}`);
    }
    const due = t.analyzed ? t.modified > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * t.rows : t.modified > 0;
    if (due) {
      await db.exec(`ANALYZE ${table}`);
      result.analyzed.push(`${t.schema}.${t.name}`);
    }
  }
  return result;
}

export interface MaintenanceLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs maintainEmbeddedDatabase now and then every `intervalMs` (one pass at a time) until stopped. The
 * server starts it for the embedded database only; a PostgreSQL server has autovacuum.
 */
export function startEmbeddedMaintenance(db: Database, log: MaintenanceLogger, intervalMs = 60_000): Periodic {
  const pass = async () => {
    const started = performance.now();
    const r = await maintainEmbeddedDatabase(db);
    if (r.analyzed.length || r.vacuumed.length) {
      log.info({ ...r, ms: Math.round(performance.now() - started) }, 'embedded database maintenance ran');
    }
  };
  return startPeriodic(pass, intervalMs, (err) => log.error({ err }, 'embedded database maintenance failed'));
}
