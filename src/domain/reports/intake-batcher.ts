// Group commit for report submissions: submissions that arrive while a batch is being stored wait and are
// stored together as the next batch, by one statement (inbox-repository.ts storeSubmissions) and, on
// PostgreSQL, one transaction that first takes every submitter's advisory lock. A flush starts one turn of
// the event loop after the first submission queues, so a lone submission is stored at once (a batch of one)
// and under a burst the cost of a statement and a commit is shared by everyone waiting. Each submission's
// promise settles when its batch has committed. When a batch fails, its submissions are stored again one by
// one, so only a faulty one fails.
//
// A batch holds at most one submission per submitter, so the counts of the rate limits stay exact; a second
// submission of the same submitter waits for the next batch.
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { lockSubmitters, submitterKey } from '../../intake/rate-limit-repository.ts';
import { storeSubmissions, type StoreItem, type StoreResult } from './inbox-repository.ts';

interface Waiting {
  s: Session;
  item: StoreItem;
  key: string | symbol;
  /** The submission's JSON in bytes (UTF-8), as it travels to the database. */
  bytes: number;
  resolve(r: StoreResult): void;
  reject(err: unknown): void;
}

export const MAX_BATCH = 200;
/** A batch's submissions together stay under this many bytes of JSON (a submission may be ~0.5 MB). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Stores one batch (sessions and items in the same order) and returns one result per item, in that order. */
export type StoreBatch = (sessions: Session[], items: StoreItem[]) => Promise<StoreResult[]>;

/** The database's batch store: one statement; on PostgreSQL in a transaction holding the submitters' locks. */
export function databaseStore({ db }: Pick<Deps, 'db'>): StoreBatch {
  return (sessions, items) => {
    // PGlite runs one statement at a time: the statement alone is exact and atomic.
    if (db.kind === 'pglite') return storeSubmissions(sessions, db, items);
    const [first] = sessions;
    if (!first) return storeSubmissions(sessions, db, items); // nothing to store, nothing to lock
    return db.transaction(async (tx) => {
      await lockSubmitters(
        first,
        tx,
        items.flatMap((it) => (it.windows ? [it.windows.submitter] : [])),
      );
      return storeSubmissions(sessions, tx, items);
    });
  };
}

export function submissionBatcher(
  store: StoreBatch,
  limits: { maxBatch: number; maxBytes: number } = { maxBatch: MAX_BATCH, maxBytes: MAX_BATCH_BYTES },
) {
  let queue: Waiting[] = [];
  let flushing = false;

  function storeBatch(batch: Waiting[]): Promise<StoreResult[]> {
    return store(
      batch.map((w) => w.s),
      batch.map((w) => w.item),
    );
  }

  /** Settles a submission with its result (the store returns one result per item). */
  function settle(w: Waiting, result: StoreResult | undefined): void {
    if (result) w.resolve(result);
    else w.reject(new Error('Internal error: the batch store returned no result for a submission.'));
  }

  async function flush(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch: Waiting[] = [];
        const rest: Waiting[] = [];
        const keys = new Set<string | symbol>();
        let bytes = 0;
        for (const w of queue) {
          // The first submission always goes, however large (the intake's own size limits bound it).
          if (batch.length < limits.maxBatch && !keys.has(w.key) && (batch.length === 0 || bytes + w.bytes <= limits.maxBytes)) {
            keys.add(w.key);
            bytes += w.bytes;
            batch.push(w);
          } else rest.push(w);
        }
        queue = rest;
        try {
          const results = await storeBatch(batch);
          batch.forEach((w, i) => settle(w, results[i]));
        } catch (err) {
          const [only] = batch;
          if (only && batch.length === 1) {
            only.reject(err);
            continue;
          }
          // One submission must not fail the others: store each on its own, so only a faulty one fails.
          for (const w of batch) {
            try {
              settle(w, (await storeBatch([w]))[0]);
            } catch (one) {
              w.reject(one);
            }
          }
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    /** Stores one submission with whatever else is waiting; resolves once it is committed. */
    store(s: Session, item: StoreItem): Promise<StoreResult> {
      return new Promise<StoreResult>((resolve, reject) => {
        const key = item.windows ? submitterKey(item.windows.submitter) : Symbol('unlimited');
        queue.push({ s, item, key, bytes: Buffer.byteLength(item.submissionJson, 'utf8'), resolve, reject });
        if (!flushing) {
          flushing = true;
          // One turn of the event loop first: the requests already read are parsed and join this batch. (On
          // PGlite a statement runs on this thread and nothing is read while it runs, so without the turn
          // every batch would hold one submission.)
          setImmediate(() => void flush());
        }
      });
    },
  };
}
