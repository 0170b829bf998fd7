// The job queue: pg-boss on Parapet's own database (PGlite through pg-boss's `db` adapter, or PostgreSQL).
// Jobs carry ids only; whatever a job needs (a message text, a token) is built when it runs. A job can be
// enqueued inside the transaction of the change that causes it, so it exists exactly when the change does.
import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../db/database.ts';
import { QUEUE_NAMES, type JobPayloads, type QueueName } from './payloads.ts';

export { QUEUE_NAMES, type JobPayloads, type QueueName } from './payloads.ts';

/** The handler of one queue receives that queue's payload (payloads.ts). */
export type JobHandler<Q extends QueueName = QueueName> = (data: JobPayloads[Q], jobId: string) => Promise<void>;

function adapter(q: Queryable) {
  return { executeSql: (text: string, values?: unknown[]) => q.rawQuery(text, values) };
}

export interface JobQueue {
  /** Opens the queue (installing pg-boss's schema when missing). Call before any transaction enqueues. */
  ready(): Promise<void>;
  /** Enqueues a job; pass the transaction to make it part of the change that causes it. */
  send<Q extends QueueName>(name: Q, data: JobPayloads[Q], tx?: Queryable): Promise<string | null>;
  /** Registers the handler of a queue. */
  handle<Q extends QueueName>(name: Q, handler: JobHandler<Q>): void;
  /** Starts polling workers for every handled queue (the server does this; tests call runPending). */
  startWorkers(options?: { pollingIntervalSeconds?: number }): Promise<void>;
  /** Runs every job that is due now, until the queues are empty; returns how many ran (tests, CLI). */
  runPending(name?: QueueName): Promise<number>;
  stop(): Promise<void>;
}

/** Creates pg-boss's schema when missing (it has its own migrations) and the queues. */
export async function installJobQueue(db: Database): Promise<void> {
  const boss = new PgBoss({ db: adapter(db), supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  for (const name of QUEUE_NAMES) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 30, retryBackoff: true });
  }
  await boss.stop({ graceful: false, wait: true });
}

export async function openJobQueue(db: Database, options: { supervise?: boolean } = {}): Promise<JobQueue> {
  await installJobQueue(db);
  const boss = new PgBoss({ db: adapter(db), supervise: options.supervise ?? false, schedule: false, migrate: false });
  boss.on('error', () => {});
  await boss.start();
  const handlers = new Map<QueueName, JobHandler>();

  async function runOne(name: QueueName, job: { id: string; data: unknown }): Promise<void> {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`No handler for queue ${name}`);
    // The queue's payload as send() enqueued it: only send() writes jobs, typed by the same map.
    await handler((job.data ?? {}) as JobPayloads[typeof name], job.id);
  }

  return {
    async ready() {},
    async send(name, data, tx) {
      return boss.send(name, data, tx ? { db: adapter(tx) } : {});
    },
    handle(name, handler) {
      handlers.set(name, handler as JobHandler);
    },
    async startWorkers(opts = {}) {
      for (const [name] of handlers) {
        // The worker's id, once boss.work has answered (its first jobs may run before that).
        const worker: { id?: string } = {};
        worker.id = await boss.work(name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) await runOne(name, job);
          // pg-boss waits a whole polling interval after every fetch, even one that found a job (one job per
          // 2 s: a burst of reports would delay receipts for hours). While there is work, fetch again at once.
          if (jobs.length > 0 && worker.id) boss.notifyWorker(worker.id);
        });
      }
    },
    async runPending(only) {
      let ran = 0;
      for (const name of only ? [only] : [...handlers.keys()]) {
        for (;;) {
          const jobs = await boss.fetch(name, { batchSize: 10 });
          if (jobs.length === 0) break;
          for (const job of jobs) {
            try {
              await runOne(name, job);
              await boss.complete(name, job.id);
            } catch (err) {
              await boss.fail(name, job.id, { message: (err as Error).message });
              throw err;
            }
            ran++;
          }
        }
      }
      return ran;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** A queue opened on first use, so building the services stays synchronous. */
export function lazyJobQueue(db: Database): JobQueue {
  let opened: Promise<JobQueue> | undefined;
  const handlers: [QueueName, JobHandler][] = [];
  const queue = () => {
    opened ??= openJobQueue(db).then((q) => {
      for (const [name, handler] of handlers) q.handle(name, handler);
      return q;
    });
    return opened;
  };
  let ready: JobQueue | undefined;
  return {
    async ready() {
      ready = await queue();
    },
    async send(name, data, tx) {
      // Opening the queue inside a transaction would wait for the connection that transaction holds (PGlite
      // has one): the queue must be opened first, by whoever builds the application.
      if (!ready && tx) throw new Error('The job queue is not open yet: call jobs.ready() before enqueueing in a transaction.');
      return (ready ?? (await queue())).send(name, data, tx);
    },
    handle(name, handler) {
      handlers.push([name, handler as JobHandler]);
      if (opened) void opened.then((q) => q.handle(name, handler));
    },
    startWorkers: async (options) => (await queue()).startWorkers(options),
    runPending: async (name) => (await queue()).runPending(name),
    async stop() {
      if (opened) await (await opened).stop();
    },
  };
}
