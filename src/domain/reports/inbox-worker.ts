// The inbox worker: builds the reports of submissions that were stored but not built before their answer
// (intake-service.ts), one transaction per report, oldest first, in every instance (rows are taken with
// SKIP LOCKED, so instances share the work). It wakes when a submission is left for it, and looks every
// `pollMs` for rows left by a stopped or crashed instance and for failed builds due again.
//
// It runs at a low priority while submissions are arriving in this process: after each report it waits so
// that it takes at most `busyShare` of the time, and accepting submissions (each one durable) comes first.
// When the burst ends it builds at full speed.
import type { SystemSession } from '../../access/session.ts';
import type { ReportIntakeService } from './intake-service.ts';

export interface InboxWorkerLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface InboxWorkerOptions {
  /** The share of wall time the worker may take while submissions are arriving; default 0.1. */
  busyShare?: number;
  /** How often to look for rows when nothing woke the worker; default 5 s. */
  pollMs?: number;
  /** The pause after a failed build or an unreachable database; default 1 s. */
  errorPauseMs?: number;
}

export interface InboxWorker {
  /** Finishes the report being built, then stops. Rows not built stay in the inbox for the next start. */
  stop(): Promise<void>;
}

export function startInboxWorker(
  s: SystemSession,
  intake: ReportIntakeService,
  log: InboxWorkerLog,
  options: InboxWorkerOptions = {},
): InboxWorker {
  const busyShare = options.busyShare ?? 0.1;
  const pollMs = options.pollMs ?? 5_000;
  const errorPauseMs = options.errorPauseMs ?? 1_000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let woken = false;

  const pause = (ms: number, interruptible: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      if (interruptible) {
        if (woken || stopped) {
          done();
          return;
        }
        wake = done;
      }
    });

  const unsubscribe = intake.onStoredForLater(() => {
    woken = true;
    wake?.();
  });

  const loop = async () => {
    let built = 0;
    while (!stopped) {
      woken = false;
      const started = performance.now();
      let found: boolean;
      try {
        found = await intake.buildNext(s);
      } catch (err) {
        log.error({ err }, 'building a report from the inbox failed; it will be tried again');
        await pause(errorPauseMs, false);
        continue;
      }
      if (!found) {
        if (built > 0) log.info({ built }, 'report inbox built');
        built = 0;
        await pause(pollMs, true);
        continue;
      }
      built += 1;
      const took = performance.now() - started;
      if (intake.busy()) await pause((took * (1 - busyShare)) / busyShare, false);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const running = loop();

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      wake?.();
      await running;
    },
  };
}
