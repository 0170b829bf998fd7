// The server's in-process timers (src/jobs/periodic.ts): a run at once, then one per interval, never two at
// a time; a failing run is reported and the timer goes on; stop waits for the run under way.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from '../../src/jobs/periodic.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('startPeriodic', () => {
  it('runs at once and then once per interval', async () => {
    let runs = 0;
    const timer = startPeriodic(
      () => {
        runs++;
        return Promise.resolve();
      },
      1000,
      () => {},
    );
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(4);
    await timer.stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(4);
  });

  it('skips a tick while a run is under way, and stop waits for that run', async () => {
    let runs = 0;
    let finish!: () => void;
    const timer = startPeriodic(
      () => {
        runs++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      1000,
      () => {},
    );
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = timer.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('reports a failing run and goes on', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const timer = startPeriodic(
      () => {
        runs++;
        return runs === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve();
      },
      1000,
      (err) => errors.push(err),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('database gone');
    await timer.stop();
  });
});
