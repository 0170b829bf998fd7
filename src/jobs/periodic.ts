// In-process repetition for the server's timers (report timers, embedded database maintenance): a task run
// now and then every interval, one run at a time (a run still under way when the next is due skips it).
// The task handles and logs its own failures; a rejection is passed to `onError` and never thrown.

export interface Periodic {
  /** Ends the timer and waits for a run under way. */
  stop(): Promise<void>;
}

export function startPeriodic(task: () => Promise<void>, intervalMs: number, onError: (err: unknown) => void): Periodic {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = task()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
