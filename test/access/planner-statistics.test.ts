// The planner statistics the read plans are chosen from (src/domain/objects/planner-statistics.ts), on the
// real backend: the cheap fingerprint stays put while nothing is analyzed and changes with every ANALYZE of
// `objects` (so the expensive read can wait for it), and the expensive read sees what ANALYZE found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYONE_GROUP_ID } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import type { Database } from '../../src/db/database.ts';
import { loadObjectStatistics, statisticsFingerprint } from '../../src/domain/objects/planner-statistics.ts';
import { insertObject } from '../../src/domain/objects/repository.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function addPages(n: number, words: (i: number) => string): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      await insertObject(systemSession('test'), tx, new Date('2026-01-01T00:00:00Z'), {
        type: 'page',
        title: `Page ${i}`,
        searchText: words(i),
        readGroupId: EVERYONE_GROUP_ID,
        editGroupId: EVERYONE_GROUP_ID,
        publishGroupId: EVERYONE_GROUP_ID,
      });
    }
  });
}

describe(`planner statistics of objects (${backendName})`, () => {
  it('the fingerprint changes with ANALYZE, and only then', async () => {
    await db.exec('ANALYZE objects');
    const first = await statisticsFingerprint(db);
    expect(first).toEqual(expect.any(String));
    await addPages(20, () => 'quiet');
    expect(await statisticsFingerprint(db)).toBe(first);
    await db.exec('ANALYZE objects');
    const second = await statisticsFingerprint(db);
    expect(second).not.toBe(first);
    expect(await statisticsFingerprint(db)).toBe(second);
    await db.exec('ANALYZE objects');
    expect(await statisticsFingerprint(db)).not.toBe(second);
  });

  it('the statistics read after ANALYZE hold the new rows and lexemes', async () => {
    await addPages(200, (i) => (i % 2 === 0 ? 'harbour lantern' : 'harbour'));
    await db.exec('ANALYZE objects');
    const stats = await loadObjectStatistics(db);
    expect(stats.rows).toBeGreaterThanOrEqual(220);
    expect(stats.types?.get('page')).toBeGreaterThan(0.9);
    const harbour = stats.lexemes?.common.get('harbour');
    const lantern = stats.lexemes?.common.get('lantern');
    expect(harbour).toBeGreaterThan(0.8);
    expect(lantern).toBeGreaterThan(0.35);
    expect(lantern).toBeLessThan(0.6);
  });
});
