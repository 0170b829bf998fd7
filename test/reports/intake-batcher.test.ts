// The intake's group commit (src/domain/reports/intake-batcher.ts) without a database: which submissions share
// a batch, and what happens when a batch fails. The store is a recording fake; the database's own store
// (one statement, counted and audited) is tested in test/api/report-inbox.test.ts.
import { describe, expect, it } from 'vitest';
import { anonymousSession, type Session } from '../../src/access/session.ts';
import type { StoreItem, StoreResult } from '../../src/domain/reports/inbox-repository.ts';
import { MAX_BATCH, MAX_BATCH_BYTES, submissionBatcher, type StoreBatch } from '../../src/domain/reports/intake-batcher.ts';

const at = new Date('2026-11-23T00:00:00Z');

function item(ip: string, json: string, userId: number | null = null): StoreItem {
  return {
    at,
    windows: { submitter: { ip, userId }, signedIn: userId !== null, hourStart: at, dayStart: at, hourLimit: 10, dayLimit: 50 },
    submissionJson: json,
    productId: 1,
    linkHash: null,
  };
}

/** A store that records each batch (by the submissions' JSON) and answers with made-up results. */
function recordingStore(fail: (items: StoreItem[]) => boolean = () => false) {
  const batches: string[][] = [];
  let next = 1;
  const store: StoreBatch = (_sessions: Session[], items: StoreItem[]) => {
    batches.push(items.map((i) => i.submissionJson));
    if (fail(items)) return Promise.reject(new Error('store failed'));
    return Promise.resolve(
      items.map((): StoreResult => {
        const objectId = next++;
        return { counts: { hour: 0, day: 0 }, productExists: true, stored: { objectId, trackingId: `PR-2026-${objectId}` } };
      }),
    );
  };
  return { store, batches };
}

const s = (ip: string) => anonymousSession(ip);

describe('intake batcher (group commit)', () => {
  it('stores a lone submission at once, as a batch of one', async () => {
    const { store, batches } = recordingStore();
    const b = submissionBatcher(store);
    await b.store(s('192.0.2.1'), item('192.0.2.1', '"a"'));
    expect(batches).toEqual([['"a"']]);
  });

  it('stores the submissions that arrive together in one batch, each answered with its own result', async () => {
    const { store, batches } = recordingStore();
    const b = submissionBatcher(store);
    const results = await Promise.all(['1', '2', '3'].map((n) => b.store(s(`192.0.2.${n}`), item(`192.0.2.${n}`, `"${n}"`))));
    expect(batches).toEqual([['"1"', '"2"', '"3"']]);
    expect(results.map((r) => r.stored?.objectId)).toEqual([1, 2, 3]);
  });

  it('puts one submission per submitter in a batch, so the rate-limit counts stay exact', async () => {
    const { store, batches } = recordingStore();
    const b = submissionBatcher(store);
    await Promise.all([
      b.store(s('192.0.2.1'), item('192.0.2.1', '"a1"')),
      b.store(s('192.0.2.1'), item('192.0.2.1', '"a2"')),
      b.store(s('192.0.2.2'), item('192.0.2.2', '"b1"')),
      b.store(s('192.0.2.1'), item('192.0.2.1', '"a3"')),
      // The same address signed in is another submitter.
      b.store(s('192.0.2.1'), item('192.0.2.1', '"u1"', 7)),
    ]);
    expect(batches).toEqual([['"a1"', '"b1"', '"u1"'], ['"a2"'], ['"a3"']]);
  });

  it(`caps a batch at ${MAX_BATCH} submissions`, async () => {
    const { store, batches } = recordingStore();
    const b = submissionBatcher(store);
    const n = MAX_BATCH + 5;
    await Promise.all(
      Array.from({ length: n }, (_, i) => b.store(s(`10.0.${i >> 8}.${i & 255}`), item(`10.0.${i >> 8}.${i & 255}`, `${i}`))),
    );
    expect(batches.map((x) => x.length)).toEqual([MAX_BATCH, 5]);
  });

  it(`caps a batch at ${MAX_BATCH_BYTES} bytes of JSON, counted as UTF-8; a larger submission still goes, alone`, async () => {
    const { store, batches } = recordingStore();
    const b = submissionBatcher(store);
    const mib = 1024 * 1024;
    // 1.5 Mi characters that take 2 bytes each in UTF-8: 3 MiB each, so two do not fit in one batch (counted in
    // UTF-16 units, as before, they would); half a MiB more does.
    const wide = `"${'é'.repeat(1.5 * mib)}"`;
    const small = `"${'x'.repeat(mib / 2)}"`;
    const huge = `"${'x'.repeat(5 * mib)}"`;
    await Promise.all([
      b.store(s('192.0.2.1'), item('192.0.2.1', wide)),
      b.store(s('192.0.2.2'), item('192.0.2.2', wide)),
      b.store(s('192.0.2.3'), item('192.0.2.3', small)),
      b.store(s('192.0.2.4'), item('192.0.2.4', huge)),
    ]);
    expect(batches.map((x) => x.map((j) => j.length))).toEqual([[wide.length, small.length], [wide.length], [huge.length]]);
  });

  it('when a batch fails, stores each of its submissions on its own: only the faulty one fails', async () => {
    const { store, batches } = recordingStore((items) => items.some((i) => i.submissionJson === '"bad"'));
    const b = submissionBatcher(store);
    const outcomes = await Promise.allSettled([
      b.store(s('192.0.2.1'), item('192.0.2.1', '"a"')),
      b.store(s('192.0.2.2'), item('192.0.2.2', '"bad"')),
      b.store(s('192.0.2.3'), item('192.0.2.3', '"c"')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([['"a"', '"bad"', '"c"'], ['"a"'], ['"bad"'], ['"c"']]);
  });

  it('keeps serving after a failure: the next submission is stored', async () => {
    let failNext = true;
    const { store, batches } = recordingStore(() => {
      const f = failNext;
      failNext = false;
      return f;
    });
    const b = submissionBatcher(store);
    await expect(b.store(s('192.0.2.1'), item('192.0.2.1', '"x"'))).rejects.toThrow('store failed');
    await b.store(s('192.0.2.1'), item('192.0.2.1', '"y"'));
    expect(batches).toEqual([['"x"'], ['"y"']]);
  });
});
