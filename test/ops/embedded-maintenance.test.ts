// ANALYZE and VACUUM for the embedded database (src/db/embedded-maintenance.ts), by autovacuum's rules: a
// table is analyzed after its first rows and then after changes over 50 + 10% of its rows, vacuumed after dead
// rows over 50 + 20%, and left alone otherwise. Runs on either backend (the rules are the same SQL); the
// server starts the timer only for PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Database } from '../../src/db/database.ts';
import { maintainEmbeddedDatabase, startEmbeddedMaintenance } from '../../src/db/embedded-maintenance.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await db.exec(`CREATE TABLE maintenance_probe (id int PRIMARY KEY, word text NOT NULL)`);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function analyzeCount(): Promise<number> {
  const rows = await db.query<{ n: number }>(sql`
    SELECT (analyze_count + autoanalyze_count)::int AS n FROM pg_stat_user_tables WHERE relname = 'maintenance_probe'`);
  return rows[0]!.n;
}

async function probeStats(): Promise<{ rows: number; words: number }> {
  const rows = await db.query<{ rows: number; words: number }>(sql`
    SELECT c.reltuples::float8 AS rows,
           coalesce((SELECT array_length(most_common_vals::text::text[], 1) FROM pg_stats
                      WHERE tablename = 'maintenance_probe' AND attname = 'word'), 0) AS words
      FROM pg_class c WHERE c.relname = 'maintenance_probe'`);
  return rows[0]!;
}

/** Row counts reach pg_stat_user_tables when the backend reports them (maintainEmbeddedDatabase asks first). */
async function settle(): Promise<void> {
  await db.exec('SELECT pg_stat_force_next_flush()');
}

describe(`embedded database maintenance (${backendName})`, () => {
  it('analyzes a table after its first rows, so the planner has statistics', async () => {
    await db.exec(`INSERT INTO maintenance_probe SELECT g, CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END FROM generate_series(1, 1000) g`);
    await settle();
    const before = await analyzeCount();
    const result = await maintainEmbeddedDatabase(db);
    expect(result.analyzed).toContain('public.maintenance_probe');
    expect(await analyzeCount()).toBe(before + 1);
    const stats = await probeStats();
    expect(stats.rows).toBe(1000);
    expect(stats.words).toBe(2);
  });

  it('leaves a table alone until its changes pass 50 + 10% of its rows', async () => {
    await settle();
    const again = await maintainEmbeddedDatabase(db);
    expect(again.analyzed).not.toContain('public.maintenance_probe');
    // 1000 rows: the threshold is 150 changed rows; 140 stay under it, 160 pass it.
    await db.exec(`UPDATE maintenance_probe SET word = 'odd' WHERE id <= 140`);
    await settle();
    expect((await maintainEmbeddedDatabase(db)).analyzed).not.toContain('public.maintenance_probe');
    await db.exec(`UPDATE maintenance_probe SET word = 'third' WHERE id > 980`);
    await settle();
    expect((await maintainEmbeddedDatabase(db)).analyzed).toContain('public.maintenance_probe');
    expect((await probeStats()).words).toBe(3);
  });

  it('vacuums a table once its dead rows pass 50 + 20% of its rows', async () => {
    // 1000 rows: the threshold is 250 dead rows (the 150 updated above count as dead until vacuumed).
    await db.exec(`DELETE FROM maintenance_probe WHERE id BETWEEN 501 AND 700`);
    await settle();
    const result = await maintainEmbeddedDatabase(db);
    expect(result.vacuumed).toContain('public.maintenance_probe');
    await settle();
    const dead = await db.query<{ n: number }>(
      sql`SELECT n_dead_tup::int AS n FROM pg_stat_user_tables WHERE relname = 'maintenance_probe'`,
    );
    expect(dead[0]!.n).toBe(0);
    expect((await maintainEmbeddedDatabase(db)).vacuumed).not.toContain('public.maintenance_probe');
  });

  it('the timer runs a pass at once and stops cleanly, logging what it did', async () => {
    await db.exec(`INSERT INTO maintenance_probe SELECT g, 'late' FROM generate_series(2001, 3000) g`);
    await settle();
    const logged: { obj: object; msg: string }[] = [];
    const timer = startEmbeddedMaintenance(db, {
      info: (obj, msg) => logged.push({ obj, msg }),
      error: (obj, msg) => logged.push({ obj, msg }),
    });
    await timer.stop();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.msg).toBe('embedded database maintenance ran');
    expect((logged[0]!.obj as { analyzed: string[] }).analyzed).toContain('public.maintenance_probe');
  });
});
