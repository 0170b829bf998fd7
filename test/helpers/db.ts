// A fresh, migrated database for one test file: PGlite loaded from the run's template dump, or (with
// TEST_DATABASE_URL) a new PostgreSQL database copied from the run's template database.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPgliteFromDump } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { withDatabaseName } from './paths.ts';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const backendName = onPostgres ? 'postgres' : 'pglite';

export interface TestDatabase {
  db: Database;
  /** Connection URL (PostgreSQL only), e.g. to start a second instance on the same database. */
  url: string | undefined;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const template = inject('pgTemplate');
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.end();
    const url = withDatabaseName(base, name);
    const db = await openPostgres(url, { max: 5 });
    return {
      db,
      url,
      async close() {
        await db.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dump = new Blob([await readFile(inject('pgliteDump'))]);
  const db = await openPgliteFromDump(dump);
  return { db, url: undefined, close: () => db.close() };
}
