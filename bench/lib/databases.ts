// Throw-away databases for benchmarks: a PostgreSQL database created and dropped on a local server, or an
// in-memory PGlite. Both are migrated with Parapet's own migrations.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BackendKind, Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { UsageError } from './args.ts';

export interface BenchDatabase {
  kind: BackendKind;
  db: Database;
  /** Name of the PostgreSQL database (undefined for PGlite). */
  name: string | undefined;
  /** Runs SQL on the server's maintenance connection (PostgreSQL only): CREATE/DROP ROLE and the like. */
  admin(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkLocalUrl(url: string): URL {
  const u = new URL(url);
  if (!LOCAL_HOSTS.has(u.hostname)) throw new UsageError(`--database-url must point at this machine (127.0.0.1), not ${u.hostname}`);
  return u;
}

function withDatabase(base: URL, name: string): string {
  const u = new URL(base.toString());
  u.pathname = `/${name}`;
  return u.toString();
}

async function onServer(base: URL, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(base, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated PostgreSQL database named `<prefix>_<pid>_<hex>`, dropped on close unless `keep` (then its
 * name is what a later run passes to openPostgresBenchDatabase).
 */
export async function createPostgresBenchDatabase(url: string, prefix: string, opts: { keep?: boolean } = {}): Promise<BenchDatabase> {
  const base = checkLocalUrl(url);
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onServer(base, `CREATE DATABASE "${name}"`);
  let db: Database;
  try {
    db = await openPostgres(withDatabase(base, name), { max: 4 });
    await migrate(db);
  } catch (err) {
    await onServer(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw err;
  }
  return postgresBenchDatabase(base, name, db, opts.keep ?? false);
}

/**
 * An existing benchmark database (kept by an earlier run), as it was seeded: not migrated again, since
 * migrations edited or added since would not change what the benchmark reads (re-seed after changing one of
 * the read-access migrations). Never dropped.
 */
export async function openPostgresBenchDatabase(url: string, name: string): Promise<BenchDatabase> {
  const base = checkLocalUrl(url);
  if (!/^[a-z0-9_]+$/.test(name)) throw new UsageError('--reuse-database takes a database name of [a-z0-9_]');
  const db = await openPostgres(withDatabase(base, name), { max: 4 });
  return postgresBenchDatabase(base, name, db, true);
}

function postgresBenchDatabase(base: URL, name: string, db: Database, keep: boolean): BenchDatabase {
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    db,
    name,
    admin: (statement) => onServer(base, statement),
    // Idempotent: an interrupt and the normal end of the run may both ask, and both wait for the same drop.
    close() {
      closing ??= db
        .close()
        .catch(() => {})
        .then(() => (keep ? undefined : onServer(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
      return closing;
    },
  };
}

export async function createPgliteBenchDatabase(): Promise<BenchDatabase> {
  const db = await openPglite(undefined);
  await migrate(db);
  return {
    kind: 'pglite',
    db,
    name: undefined,
    admin: (statement) => db.exec(statement),
    close: () => db.close(),
  };
}
