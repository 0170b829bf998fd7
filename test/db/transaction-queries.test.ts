// Inside a transaction every query waits for the one before it: code that reads several things at once
// (Promise.all over a Queryable) never has two queries running on one PostgreSQL client — which pg deprecates
// and pg 9 refuses. Each pg client's queries are counted while they run.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { createServices, type Services } from '../../src/services.ts';
import { backendName, createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.ts';

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/** Counts, per pg client, the queries started while another of its queries was still running. */
function watchClients() {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const running = new WeakMap<object, number>();
  const seen = { queries: 0, overlapping: 0 };
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const now = (running.get(this) ?? 0) + 1;
    running.set(this, now);
    seen.queries++;
    if (now > 1) seen.overlapping++;
    const done = () => running.set(this, (running.get(this) ?? 1) - 1);
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    else done();
    return result;
  };
  return { seen, restore: () => (proto.query = original) };
}

describe(`queries in one transaction run one at a time (${backendName})`, () => {
  let database: TestDatabase;
  let services: Services;
  let watch: ReturnType<typeof watchClients>;
  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({ db: database.db, clock: new ManualClock(new Date('2026-03-02T10:00:00Z')) });
    watch = watchClients();
  });
  afterAll(async () => {
    watch?.restore();
    await services?.deps.jobs.stop();
    await database?.close();
  });

  it('Promise.all over a transaction: right answers, never two queries at once on its client', async () => {
    const before = { ...watch.seen };
    const values = await database.db.transaction((tx) =>
      Promise.all([1, 2, 3, 4, 5].map((n) => tx.query<{ n: number }>(sql`SELECT ${n}::int AS n, pg_sleep(0.01)`))),
    );
    expect(values.map((rows) => rows[0]!.n)).toEqual([1, 2, 3, 4, 5]);
    if (onPostgres) expect(watch.seen.queries - before.queries).toBeGreaterThanOrEqual(7); // BEGIN, 5, COMMIT
    expect(watch.seen.overlapping - before.overlapping).toBe(0);
  });

  it('a failing query in the batch fails the transaction and the queries after it still run in order', async () => {
    const order: number[] = [];
    await expect(
      database.db.transaction((tx) =>
        Promise.all([
          tx.query(sql`SELECT 1`).then(() => order.push(1)),
          tx.query(sql`SELECT 1/0`).catch((err: unknown) => {
            order.push(2);
            throw err;
          }),
          tx.query(sql`SELECT 3`).then(
            () => order.push(3),
            () => order.push(3),
          ),
        ]),
      ),
    ).rejects.toThrow(/division by zero/);
    expect(order.slice(0, 2)).toEqual([1, 2]);
    expect(watch.seen.overlapping).toBe(0);
  });

  it('changing the SLA settings (which reads two settings at once inside its transaction) runs one query at a time', async () => {
    const before = { ...watch.seen };
    const s = systemSession('test');
    const view = await services.reportAdmin.updateSla(s, { acknowledgeBusinessDays: 3, needsInfo: {} });
    expect(view.acknowledgeBusinessDays).toBe(3);
    if (onPostgres) expect(watch.seen.queries - before.queries).toBeGreaterThan(4);
    expect(watch.seen.overlapping - before.overlapping).toBe(0);
  });
});
