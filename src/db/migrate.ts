// Applies the SQL files under migrations/ in name order, each in its own transaction, recording each one
// with a checksum so an edited, already-applied migration is detected instead of silently skipped.
// The same files run on PGlite and on PostgreSQL.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../clock.ts';
import { sql, type Database } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface Migration {
  id: string;
  script: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const script = await readFile(path.join(dir, file), 'utf8');
      return { id: file.replace(/\.sql$/, ''), script, checksum: createHash('sha256').update(script).digest('hex') };
    }),
  );
}

const LOCK_KEY = 7_320_451; // advisory lock id: one migrator at a time across instances

export async function migrate(db: Database, clock: Clock = systemClock, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  const applied: string[] = [];
  await db.exec(`CREATE TABLE IF NOT EXISTS parapet_migrations (
    id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL)`);
  await db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    const rows = await tx.query<{ id: string; checksum: string }>(sql`SELECT id, checksum FROM parapet_migrations`);
    const done = new Map(rows.map((r) => [r.id, r.checksum]));
    for (const m of migrations) {
      const previous = done.get(m.id);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`Migration ${m.id} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await tx.exec(m.script);
      await tx.query(sql`INSERT INTO parapet_migrations (id, checksum, applied_at) VALUES (${m.id}, ${m.checksum}, ${clock.now()})`);
      applied.push(m.id);
    }
  });
  return applied;
}

/** True when every migration on disk is applied (used by /readyz). */
export async function isMigrated(db: Database, dir = MIGRATIONS_DIR): Promise<boolean> {
  const migrations = await loadMigrations(dir);
  const rows = await db.query<{ id: string }>(sql`SELECT id FROM parapet_migrations`);
  const have = new Set(rows.map((r) => r.id));
  return migrations.every((m) => have.has(m.id));
}
