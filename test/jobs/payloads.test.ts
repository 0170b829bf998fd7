// Job payloads are typed per queue (src/jobs/payloads.ts): a payload of another queue, or a handler expecting
// one, does not compile. The checks are the @ts-expect-error lines (the typecheck fails if one compiles); the
// test itself only proves the list of queues and the map agree.
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES, type JobPayloads, type JobQueue } from '../../src/jobs/queue.ts';

// Never called: only compiled.
export function typeChecks(jobs: JobQueue) {
  void jobs.send('report-mail', { kind: 'receipt', reportId: 1 });
  void jobs.send('mail', { kind: 'verify_email', userId: 1 });
  // @ts-expect-error a report mail is not an account mail
  void jobs.send('mail', { kind: 'receipt', reportId: 1 });
  // @ts-expect-error a report mail job names its report
  void jobs.send('report-mail', { kind: 'receipt' });
  // @ts-expect-error no such queue
  void jobs.send('reports', { kind: 'receipt', reportId: 1 });
  jobs.handle('report-mail', (job) => {
    const _id: number = job.reportId;
    return Promise.resolve();
  });
  // @ts-expect-error an account mail job has no report id
  jobs.handle('mail', (job) => Promise.resolve(job.reportId).then(() => undefined));
}

describe('job payloads', () => {
  it('every queue of the payload map is created', () => {
    const map: Record<keyof JobPayloads, true> = { mail: true, 'report-mail': true };
    expect([...QUEUE_NAMES].sort()).toEqual(Object.keys(map).sort());
  });
});
