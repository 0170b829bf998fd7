// Readiness: the database answers and every migration on disk is applied.
import { sql, type Database } from './database.ts';
import { isMigrated } from './migrate.ts';

export interface Readiness {
  ready: boolean;
  status: 'ready' | 'not migrated' | 'database unreachable';
  database: Database['kind'];
  migrated: boolean;
}

export async function checkReadiness(db: Database): Promise<Readiness> {
  try {
    await db.query(sql`SELECT 1`);
    const migrated = await isMigrated(db);
    return { ready: migrated, status: migrated ? 'ready' : 'not migrated', database: db.kind, migrated };
  } catch {
    return { ready: false, status: 'database unreachable', database: db.kind, migrated: false };
  }
}
