// Runs once per test run: builds one migrated database template that every test file copies.
// PGlite: a data-directory dump (a fresh initdb costs ~4 s and ~0.8 GB; loading the dump far less).
// PostgreSQL (TEST_DATABASE_URL): a template database; each test file gets CREATE DATABASE ... TEMPLATE.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/migrate.ts';
import { wrapPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { TEMPLATE_DUMP, withDatabaseName } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteDump: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `parapet_test_${process.pid}_${Date.now().toString(36)}`;
    project.provide('pgTemplate', template);
    project.provide('pgliteDump', '');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    const db = await openPostgres(withDatabaseName(url, template), { max: 2 });
    await migrate(db);
    await db.close();
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const rows = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}%`]);
      for (const r of rows.rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      await c.end();
    };
  }
  project.provide('pgTemplate', '');
  // One dump per run, so concurrent runs in the same checkout do not overwrite each other's template.
  const dumpFile = `${TEMPLATE_DUMP}.${process.pid}`;
  project.provide('pgliteDump', dumpFile);
  // The dump is a database like any other: owner-only (.tmp 0700, the file 0600).
  await mkdir(path.dirname(TEMPLATE_DUMP), { recursive: true, mode: 0o700 });
  await chmod(path.dirname(TEMPLATE_DUMP), 0o700);
  const raw = await PGlite.create();
  const db = wrapPglite(raw);
  await migrate(db);
  const dump = await raw.dumpDataDir('none');
  await db.close();
  await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  return async () => {
    await rm(dumpFile, { force: true });
  };
}
