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

export async function createPostgresBenchDatabase(url: string, prefix: string): Promise<BenchDatabase> {
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
        .then(() => onServer(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
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
