// Waiting in tests for something that happens in the background, without timing assertions: wait for the
// event itself where there is one (`withDeadline`), else look again until a condition holds (`waitUntil`).
// Either way the deadline is generous (far beyond what a loaded machine needs) and, when it passes, the test
// fails with a message that says what did not happen and what was seen instead.

/** Resolves with `promise`, or fails with `message()` once `ms` have passed without it settling. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message()} (waited ${ms / 1000} s)`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `probe` every `everyMs` until `done(value)` holds and returns that value; fails with `message(last)`
 * when `timeoutMs` pass first.
 */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs: number; everyMs?: number; message: (last: T) => string },
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started >= options.timeoutMs) throw new Error(`${options.message(value)} (waited ${options.timeoutMs / 1000} s)`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 25));
  }
}
