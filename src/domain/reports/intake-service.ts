// Intake: a report arrives from the public form or the API (anonymous or signed in). Two phases:
//
// 1. Store (the 2xx answer waits for this): the submission is validated, then one statement counts it
//    against the rate limits, records it, draws its report id and tracking id, stores it whole in the report
//    inbox and writes its audit event — together with the other submissions that arrived meanwhile
//    (intake-batcher.ts). Once that commits the submission is durable and the answer names it.
// 2. Build: the inbox row becomes the report (commands/build-report.ts) in one transaction that deletes the row.
//    When this process is not busy with other submissions that happens at once, before the answer; under a
//    burst the answer goes out after phase 1 and the inbox worker (inbox-worker.ts) builds the backlog at a
//    low priority. A reporter who opens their report while it waits gets it built first (buildFor).
import { lockSubmitter } from '../../intake/rate-limit-repository.ts';
import { admissionWindows, rateLimitedError, sweepIntakeIfDue } from '../../intake/admission.ts';
import type { IntakeSettings } from '../../intake/intake-settings.ts';
import type { Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';
import { authorizeSession } from '../installation/policy.ts';
import type { Queryable, Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { findProduct } from '../products/repository.ts';
import {
  failingInboxRows,
  inboxBacklog,
  linkIsPending,
  markInboxFailure,
  pendingIdsOf,
  storeSubmissions,
  takeInboxRow,
  type StoreItem,
  type StoreResult,
} from './inbox-repository.ts';
import { databaseStore, submissionBatcher } from './intake-batcher.ts';
import { newLinkToken } from './links.ts';
import { buildReport } from './commands/build-report.ts';
import { withChange } from '../change.ts';
import { cleanSubmission, unknownProductError, type ReportSubmission } from './submission.ts';

export { REPORT_TEXT_MAX, REPORT_TITLE_MAX, type ReportSubmission } from './submission.ts';

export interface SubmissionHooks {
  /** The anti-abuse settings: without them (System imports) nothing is counted or limited. */
  settings?: IntakeSettings;
  /** Checks that run in the storing transaction before the submission is stored (proof of work). */
  verify?: (s: Session, tx: Tx, at: Date) => Promise<void>;
}

export interface Submitted {
  id: number;
  trackingId: string;
  /** For a reporter who is not signed in: the secret link token (shown once; only its hash is stored). */
  linkToken: string | undefined;
  /** Whether the report was built before the answer (otherwise it waits in the inbox for the worker). */
  built: boolean;
  /** Why building at once failed, if it did (the worker tries again). */
  buildError?: unknown;
}

/** Failed builds are tried again after 10 s, 20 s, 40 s ... at most an hour apart. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 10_000 * 2 ** Math.min(attempts, 12));
}

export function reportIntakeService({ db, clock, jobs }: Deps) {
  let inFlight = 0; // submissions of this process between arrival and answer
  let backlog = false; // whether this process left submissions for the worker that it has not seen built
  const stored = new Set<() => void>();
  const batcher = submissionBatcher(databaseStore({ db }));

  /** Builds one inbox row (a given one, or the next due) in its own transaction; false when there was none. */
  async function buildOne(s: Session, objectId?: number): Promise<boolean> {
    const at = clock.now();
    let taken: number | undefined;
    try {
      return await withChange(
        s,
        { db, clock, jobs },
        async (ctx) => {
          const row = await takeInboxRow(s, ctx.tx, at, objectId);
          if (!row) return false;
          taken = row.object_id;
          await buildReport(ctx, row);
          return true;
        },
        { at },
      );
    } catch (err) {
      if (taken === undefined) throw err;
      const attempts = await db.transaction(async (tx) => {
        const row = await takeInboxRow(s, tx, at, taken);
        if (row) await markInboxFailure(s, tx, row.object_id, new Date(at.getTime() + retryDelayMs(row.attempts)), String(err));
        return row?.attempts;
      });
      if (attempts === undefined) return true; // built meanwhile by another builder
      throw err;
    }
  }

  return {
    /** Stores a new report submission; see the two phases above. */
    async submit(s: Session, input: ReportSubmission, hooks: SubmissionHooks = {}): Promise<Submitted> {
      inFlight += 1;
      try {
        const at = clock.now();
        const submission = await cleanSubmission(s, input, at, async (id) => (await findProduct(s, db, id)) !== undefined);
        await jobs?.ready();
        const linkToken = s.kind === 'user' ? undefined : newLinkToken();
        const windows = hooks.settings ? admissionWindows(s, at, hooks.settings) : undefined;
        const item: StoreItem = {
          at,
          windows,
          submissionJson: JSON.stringify(submission),
          productId: input.productId,
          linkHash: linkToken?.hash ?? null,
        };
        // Stored with whatever else arrives at the same time (intake-batcher.ts); a proof of work is spent in
        // the storing transaction, so such a submission is stored on its own.
        const verify = hooks.verify;
        /** The stored submission's ids, or the error that refuses it. */
        const outcome = async (r: StoreResult, q: Queryable): Promise<NonNullable<StoreResult['stored']> | AppError> => {
          if (!r.productExists) return unknownProductError(input.productId);
          if (r.stored) return r.stored;
          // Only the rate limits refuse a submission whose product exists, and only one counted in windows.
          if (!windows) throw new Error('Internal error: a submission without rate limits was not stored.');
          return rateLimitedError(s, q, at, windows, r.counts);
        };
        const result = verify
          ? await db.transaction(async (tx) => {
              if (windows) await lockSubmitter(s, tx, windows.submitter);
              await verify(s, tx, at);
              const [r] = await storeSubmissions([s], tx, [item]);
              if (!r) throw new Error('Internal error: storeSubmissions returned no result.');
              // Refused: roll back, so the proof of work is not spent on it.
              const refused = await outcome(r, tx);
              if (refused instanceof AppError) throw refused;
              return r;
            })
          : await batcher.store(s, item);
        const accepted = await outcome(result, db);
        if (accepted instanceof AppError) throw accepted;
        const { objectId: id, trackingId } = accepted;
        // Housekeeping after the commit: the submission is stored whatever happens here.
        if (windows) await sweepIntakeIfDue(s, db, at).catch(() => undefined);
        const answer: Submitted = { id, trackingId, linkToken: linkToken?.token, built: false };
        if (inFlight === 1 && !backlog) {
          try {
            answer.built = await buildOne(s, id);
          } catch (err) {
            answer.buildError = err;
          }
        }
        if (!answer.built) {
          backlog = true;
          for (const listener of stored) listener();
        }
        return answer;
      } finally {
        inFlight -= 1;
      }
    },

    /**
     * Builds the next due inbox row, if there is one (the inbox worker calls this). Returns false when none
     * is due; throws when building failed (the row is then tried again later).
     */
    async buildNext(s: Session): Promise<boolean> {
      const built = await buildOne(s);
      if (!built) backlog = false;
      return built;
    },

    /**
     * Builds at once the waiting submissions a reader asks for, when they are the reader's own: the one a
     * reporter link belongs to, or a signed-in user's (one by id, or all for My reports). Reads call this
     * before they look, so a reporter never finds their accepted report missing; anyone else's waiting
     * report is left to the worker (and reads as "not found" like any report one may not read). A failed
     * build waits for its retry time. Cheap when nothing waits (one indexed lookup); returns nothing: what
     * the reader may then see is decided by the usual access-filtered reads.
     */
    async buildFor(s: Session, which: { reportId: number } | { linkHash: string } | { userId: number }): Promise<void> {
      const at = clock.now();
      let ids: number[] = [];
      if ('linkHash' in which) ids = await pendingIdsOf(s, db, at, which);
      else if (s.kind === 'user')
        ids = await pendingIdsOf(s, db, at, { userId: s.userId, reportId: 'reportId' in which ? which.reportId : undefined });
      for (const id of ids) {
        try {
          await buildOne(s, id);
        } catch {
          // Recorded on the row by buildOne; the worker tries again and the reader sees the report once built.
        }
      }
    },

    /** Whether a reporter link belongs to a submission that is stored but not built yet. */
    linkIsPending: (s: Session, linkHash: string) => linkIsPending(s, db, linkHash),

    /** Whether submissions are arriving in this process right now (the worker yields to them). */
    busy(): boolean {
      return inFlight > 0;
    },

    /** Calls listener whenever a submission was stored and left for the worker. Returns the unsubscribe. */
    onStoredForLater(listener: () => void): () => void {
      stored.add(listener);
      return () => stored.delete(listener);
    },

    backlog: (s: Session) => inboxBacklog(s, db),

    /** For administrators: what waits in the inbox, and the submissions whose build failed, with why. */
    async inboxStatus(s: Session) {
      authorizeSession(s, 'readIntakeStatus');
      const [backlog, failing] = await Promise.all([inboxBacklog(s, db), failingInboxRows(s, db, 100)]);
      return { ...backlog, failingItems: failing };
    },
  };
}

export type ReportIntakeService = ReturnType<typeof reportIntakeService>;
