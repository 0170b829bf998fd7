// Embedded backend: PGlite (PostgreSQL in WebAssembly) with its data in a directory, or in memory.
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Sql } from 'sql-template-tag';
import type { Database, Queryable, Tx } from './database.ts';

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<T>(statement: Sql): Promise<T[]> {
      const result = await target.query<T>(statement.text, statement.values as unknown[]);
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await target.exec(script);
    },
  };
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  const self = wrap(pg);
  let closed = false;
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return pg.transaction(async (t) => fn({ ...wrap(t), inTransaction: true }));
    },
    async close() {
      if (closed) return;
      closed = true;
      await pg.close();
    },
  };
}

/** A fresh PGlite loaded from a dump made by `dumpDataDir` (tests share one migrated template this way). */
export async function openPgliteFromDump(dump: Blob | File): Promise<Database> {
  const pg = await PGlite.create({ loadDataDir: dump });
  const self = wrap(pg);
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return pg.transaction(async (t) => fn({ ...wrap(t), inTransaction: true }));
    },
    close: () => pg.close(),
  };
}

export async function dumpPglite(dataDir: string | undefined): Promise<File | Blob> {
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  try {
    return await pg.dumpDataDir('none');
  } finally {
    await pg.close();
  }
}
