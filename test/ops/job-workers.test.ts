// The job workers keep fetching while there is work: a burst of jobs (receipts after a wave of reports) is
// worked off at once, not one job per polling interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('job workers', () => {
  let database: TestDatabase;
  let jobs: JobQueue;

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = await openJobQueue(database.db);
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it('work off 30 queued jobs well within one polling interval per job', async () => {
    const done: number[] = [];
    jobs.handle('report-mail', async (data) => {
      done.push(Number(data.n));
    });
    for (let n = 0; n < 30; n++) await jobs.send('report-mail', { n });
    const started = Date.now();
    await jobs.startWorkers({ pollingIntervalSeconds: 2 });
    while (done.length < 30 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    // One job per 2-second interval would need a minute; the workers must not wait while jobs are queued.
    expect(done.length).toBe(30);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  }, 60_000);
});
