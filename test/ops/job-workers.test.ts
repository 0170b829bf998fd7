// The job workers keep fetching while there is work: a burst of jobs (receipts after a wave of reports) is
// worked off at once, not one job per polling interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { withDeadline } from '../helpers/wait.ts';

const POLLING_INTERVAL_S = 300;
const DEADLINE_MS = 120_000;

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

  it(
    'work off 30 queued jobs without waiting a polling interval between them',
    async () => {
      const done: number[] = [];
      let allDone!: () => void;
      const finished = new Promise<void>((resolve) => (allDone = resolve));
      jobs.handle('report-mail', (data) => {
        done.push(data.reportId);
        if (done.length === 30) allDone();
        return Promise.resolve();
      });
      for (let n = 0; n < 30; n++) await jobs.send('report-mail', { kind: 'receipt', reportId: n });
      // The polling interval is longer than the deadline: workers that waited for it after a job would run one
      // job (the first fetch) in time, not 30. Working them off takes well under a second on an idle machine.
      await jobs.startWorkers({ pollingIntervalSeconds: POLLING_INTERVAL_S });
      await withDeadline(
        finished,
        DEADLINE_MS,
        () => `only ${done.length} of 30 queued jobs ran: the workers waited for the ${POLLING_INTERVAL_S} s polling interval between jobs`,
      );
      expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    },
    DEADLINE_MS + 30_000,
  );
});
