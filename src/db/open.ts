// Opens the configured backend: PostgreSQL when DATABASE_URL is set, otherwise PGlite under the data dir.
import path from 'node:path';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface DatabaseTarget {
  databaseUrl: string | undefined;
  dataDir: string;
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.databaseUrl) return openPostgres(target.databaseUrl);
  return openPglite(pgliteDir(target.dataDir));
}
