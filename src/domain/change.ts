// The change context: what every step of one change shares — the acting session, the transaction, the one
// time of the change (from the application clock) and the request it came from — created once per command by
// withChange, which opens the transaction. Commands take it first instead of threading (s, tx, at, ...):
// the timeline, the audit event and the jobs of a change are written with the same session, in the same
// transaction, at the same time.
import type { Session } from '../access/session.ts';
import type { Clock } from '../clock.ts';
import type { Database, Tx } from '../db/database.ts';
import type { JobPayloads, JobQueue, QueueName } from '../jobs/queue.ts';

export interface ChangeContext<S extends Session = Session> {
  readonly session: S;
  readonly tx: Tx;
  /** The time of the change: every row it writes is dated with it. */
  readonly at: Date;
  /** The request the change came from (audit events carry it), if any. */
  readonly requestId: string | undefined;
  /** The job queue, opened, when the change was started with one; jobs enqueued through it are part of the change. */
  readonly jobs: JobQueue | undefined;
}

export interface ChangeDeps {
  db: Database;
  clock: Clock;
  /** Give the queue when the change enqueues jobs: it is opened before the transaction begins. */
  jobs?: JobQueue | undefined;
}

/**
 * Runs fn as one change: opens the job queue (when given), takes the time from the clock (or `options.at`, for
 * a sweep that dates all its changes alike) and runs fn in one transaction, committed when fn resolves.
 */
export async function withChange<S extends Session, T>(
  s: S,
  deps: ChangeDeps,
  fn: (ctx: ChangeContext<S>) => Promise<T>,
  options: { at?: Date } = {},
): Promise<T> {
  await deps.jobs?.ready();
  const at = options.at ?? deps.clock.now();
  return deps.db.transaction((tx) => fn({ session: s, tx, at, requestId: s.requestId, jobs: deps.jobs }));
}

/** Enqueues a job as part of the change (in its transaction): it exists exactly when the change commits. */
export async function enqueueJob<Q extends QueueName>(ctx: ChangeContext, queue: Q, payload: JobPayloads[Q]): Promise<void> {
  if (!ctx.jobs) throw new Error(`enqueueJob: the change was started without the job queue (${queue})`);
  await ctx.jobs.send(queue, payload, ctx.tx);
}
