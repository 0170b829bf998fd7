// The cache of the planner statistics searchObjects chooses plans from (src/domain/objects/statistics-cache.ts):
// the expensive read runs at start and after ANALYZE, the cheap fingerprint check once per age, and a failed
// read never loses the copy.
import { describe, expect, it } from 'vitest';
import { StatisticsCache, type StatisticsSource } from '../../src/domain/objects/statistics-cache.ts';

const AGE = 60_000;

/** A source whose fingerprint and statistics the test sets, counting the calls. */
class FakeSource implements StatisticsSource<string> {
  fingerprintValue: string | undefined = 'analyzed-1';
  statsValue = 'stats-1';
  loads = 0;
  checks = 0;
  failLoad = false;
  failCheck = false;
  /** While set, load() waits for it (a load still running). */
  gate: Promise<void> | undefined;

  async load(): Promise<string> {
    this.loads++;
    const value = this.statsValue;
    if (this.gate) await this.gate;
    if (this.failLoad) throw new Error('connection lost');
    return value;
  }

  fingerprint(): Promise<string | undefined> {
    this.checks++;
    if (this.failCheck) return Promise.reject(new Error('connection lost'));
    return Promise.resolve(this.fingerprintValue);
  }
}

/** Lets background loads finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setUp() {
  let clock = 0;
  const cache = new StatisticsCache<object, string>({ maxAgeMs: AGE, now: () => clock });
  const key = {};
  const source = new FakeSource();
  const get = (background = true) => cache.get(key, source, background);
  return {
    cache,
    source,
    get,
    advance(ms: number) {
      clock += ms;
    },
    /** Lets the copy age past its limit, asks again, and lets a background load finish. */
    async nextAge() {
      clock += AGE + 1;
      await get();
      await settle();
    },
  };
}

describe('planner statistics cache', () => {
  it('loads once, then answers from the copy while it is young', async () => {
    const t = setUp();
    expect(await t.get()).toBe('stats-1');
    t.advance(AGE);
    expect(await t.get()).toBe('stats-1');
    expect({ loads: t.source.loads, checks: t.source.checks }).toEqual({ loads: 1, checks: 1 });
  });

  it('once settled, an old copy whose fingerprint is unchanged costs one check and no load', async () => {
    const t = setUp();
    await t.get();
    // The first check after the first load loads once more (the first load may have raced an ANALYZE).
    await t.nextAge();
    expect(t.source.loads).toBe(2);
    for (let minute = 0; minute < 10; minute++) {
      await t.nextAge();
    }
    expect(t.source.loads).toBe(2);
    expect(t.source.checks).toBe(12);
  });

  it('reads the statistics again after ANALYZE, in the background, serving the old copy meanwhile', async () => {
    const t = setUp();
    await t.get();
    await t.nextAge();
    t.source.fingerprintValue = 'analyzed-2';
    t.source.statsValue = 'stats-2';
    t.advance(AGE + 1);
    let open!: () => void;
    t.source.gate = new Promise((resolve) => (open = resolve));
    expect(await t.get()).toBe('stats-1');
    expect(await t.get()).toBe('stats-1');
    expect(t.source.loads).toBe(3);
    open();
    await settle();
    expect(await t.get()).toBe('stats-2');
  });

  it('loads once more after a change, since the load may have run before ANALYZE committed', async () => {
    const t = setUp();
    await t.get();
    await t.nextAge();
    t.source.fingerprintValue = 'analyzed-2';
    await t.nextAge();
    expect(t.source.loads).toBe(3);
    // ANALYZE's statistics became visible only now; the fingerprint did not change again.
    t.source.statsValue = 'stats-2';
    await t.nextAge();
    expect(t.source.loads).toBe(4);
    expect(await t.get()).toBe('stats-2');
    await t.nextAge();
    expect(t.source.loads).toBe(4);
  });

  it('loads at every age when the server keeps no analyze counters', async () => {
    const t = setUp();
    t.source.fingerprintValue = undefined;
    await t.get();
    for (let minute = 0; minute < 3; minute++) {
      await t.nextAge();
    }
    expect(t.source.loads).toBe(4);
  });

  it('inside a transaction (no background work) a needed load is awaited', async () => {
    const t = setUp();
    await t.get(false);
    t.source.fingerprintValue = 'analyzed-2';
    t.source.statsValue = 'stats-2';
    t.advance(AGE + 1);
    expect(await t.get(false)).toBe('stats-2');
  });

  it('callers that arrive during a check use the copy and start no check of their own', async () => {
    const t = setUp();
    await t.get();
    t.advance(AGE + 1);
    const answers = await Promise.all([t.get(), t.get(), t.get()]);
    expect(answers).toEqual(['stats-1', 'stats-1', 'stats-1']);
    expect(t.source.checks).toBe(2);
  });

  it('a failed check or a failed load keeps the copy, and the next age tries again', async () => {
    const t = setUp();
    await t.get();
    t.source.failCheck = true;
    t.advance(AGE + 1);
    expect(await t.get()).toBe('stats-1');
    t.advance(1);
    await t.get();
    expect(t.source.checks).toBe(2);
    t.source.failCheck = false;
    t.source.failLoad = true;
    t.source.fingerprintValue = 'analyzed-2';
    t.advance(AGE);
    expect(await t.get()).toBe('stats-1');
    await settle();
    expect(t.source.loads).toBe(2);
    t.source.failLoad = false;
    t.source.statsValue = 'stats-2';
    await t.nextAge();
    expect(t.source.loads).toBe(3);
    expect(await t.get()).toBe('stats-2');
  });

  it('callers that arrive during the first load wait for it, and a failed first load is tried again', async () => {
    const t = setUp();
    let open!: () => void;
    t.source.gate = new Promise((resolve) => (open = resolve));
    const waiting = Promise.all([t.get(), t.get(), t.get()]);
    await settle();
    open();
    expect(await waiting).toEqual(['stats-1', 'stats-1', 'stats-1']);
    expect(t.source.loads).toBe(1);
    const fresh = setUp();
    fresh.source.failLoad = true;
    await expect(fresh.get()).rejects.toThrow('connection lost');
    fresh.source.failLoad = false;
    expect(await fresh.get()).toBe('stats-1');
    expect(fresh.source.loads).toBe(2);
  });

  it('keeps a copy per database handle', async () => {
    const t = setUp();
    const other = new FakeSource();
    other.statsValue = 'other';
    expect(await t.get()).toBe('stats-1');
    expect(await t.cache.get({}, other, true)).toBe('other');
  });
});
