// Proof-of-work challenges: issued over HTTP only when switched on, solved here with node:crypto at a low
// difficulty; a solution passes once (also when sent in parallel), and reuse, expiry, a wrong nonce and a
// solution short of the challenge's difficulty are refused with clear errors. Through the report route
// (POST /api/reports) while proof-of-work is on: a submission without a solution, with a wrong one, a used or
// expired challenge, or a nonce that solves another challenge is refused and stores nothing; a refused
// submission does not spend its proof; with it off no solution is needed.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { AppError } from '../../src/errors/catalog.ts';
import { changeSetting } from '../../src/settings/update.ts';
import {
  leadingZeroBits,
  MAX_LIVE_CHALLENGES_PER_IP,
  solutionBits,
  verifySolution,
  type ProofOfWorkSolution,
} from '../../src/intake/proof-of-work.ts';
import { anonymous, createTestApp, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { createProduct, submission } from '../helpers/reports.ts';

const bits = (id: string, nonce: string) => leadingZeroBits(createHash('sha256').update(`${id}:${nonce}`).digest());

/** The first nonce (decimal counter) whose hash has at least `min` and, if given, fewer than `below` zero bits. */
function solve(id: string, min: number, below = 257): string {
  for (let n = 0; ; n++) {
    const b = bits(id, String(n));
    if (b >= min && b < below) return String(n);
  }
}

interface ChallengeBody {
  enabled: true;
  id: string;
  algorithm: string;
  difficulty: number;
  expiresAt: string;
}

describe(`proof-of-work (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.mails(); // opens the job queue before any transaction
  });
  afterAll(async () => {
    await t?.close();
  });

  async function setPow(proofOfWork: boolean, powDifficulty = 8): Promise<void> {
    await t.database.db.transaction((tx) =>
      changeSetting(systemSession('test'), tx, t.clock.now(), 'intake', { proofOfWork, powDifficulty }),
    );
  }

  async function challenge(ip = '203.0.113.7'): Promise<ChallengeBody> {
    const res = await t.request({ ...anonymous, ip }, { url: '/api/intake/challenge' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ChallengeBody>();
  }

  /** Verifies in its own transaction, as the report service will: 'ok' or the AppError. */
  async function verify(solution: ProofOfWorkSolution | undefined): Promise<'ok' | AppError> {
    try {
      await t.database.db.transaction((tx) => verifySolution(tx, t.clock.now(), solution));
      return 'ok';
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  }

  const reason = (r: 'ok' | AppError) => (r === 'ok' ? 'ok' : `${r.id}:${(r.details as { reason?: string } | undefined)?.reason ?? ''}`);

  it('counts leading zero bits exactly', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x10]))).toBe(19);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
    expect(solutionBits('ab', 'cd')).toBe(bits('ab', 'cd'));
  });

  it('answers { enabled: false } while proof-of-work is off (the default), and stores nothing', async () => {
    const res = await t.request(anonymous, { url: '/api/intake/challenge' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ enabled: false });
    expect(await t.database.db.query(sql`SELECT id FROM intake_challenges`)).toHaveLength(0);
  });

  it('issues a random 128-bit challenge at the configured difficulty, valid for 10 minutes', async () => {
    await setPow(true, 8);
    const a = await challenge();
    const b = await challenge();
    expect(a.enabled).toBe(true);
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.algorithm).toBe('sha256-leading-zero-bits');
    expect(a.difficulty).toBe(8);
    expect(new Date(a.expiresAt).getTime() - t.clock.now().getTime()).toBe(10 * 60_000);
    const rows = await t.database.db.query<{ difficulty: number; used_at: Date | null; ip: string }>(
      sql`SELECT difficulty, used_at, ip FROM intake_challenges WHERE id = ${a.id}`,
    );
    expect(rows).toEqual([{ difficulty: 8, used_at: null, ip: '203.0.113.7' }]);
  });

  it('a solved challenge passes once; using it again is refused', async () => {
    await setPow(true, 8);
    const c = await challenge();
    const nonce = solve(c.id, 8);
    expect(await verify({ challengeId: c.id, nonce })).toBe('ok');
    const again = await verify({ challengeId: c.id, nonce });
    expect(reason(again)).toBe('proof_of_work_failed:used');
    expect((again as AppError).status).toBe(403);
    expect((again as AppError).message).toBe('This proof-of-work challenge has already been used; request a new one.');
    // Another nonce that also solves it does not help either.
    let n = Number(nonce) + 1;
    while (bits(c.id, String(n)) < 8) n++;
    expect(reason(await verify({ challengeId: c.id, nonce: String(n) }))).toBe('proof_of_work_failed:used');
  });

  it('parallel submissions of one solution succeed exactly once', async () => {
    await setPow(true, 8);
    const c = await challenge();
    const nonce = solve(c.id, 8);
    const results = await Promise.all(Array.from({ length: 12 }, () => verify({ challengeId: c.id, nonce })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ok').map(reason)).toEqual(Array(11).fill('proof_of_work_failed:used'));
  });

  it('an expired challenge is refused, even with a right nonce', async () => {
    await setPow(true, 8);
    const c = await challenge();
    const nonce = solve(c.id, 8);
    t.clock.advance(10 * 60_000); // exactly at expiry: no longer valid
    const r = await verify({ challengeId: c.id, nonce });
    expect(reason(r)).toBe('proof_of_work_failed:expired');
    expect((r as AppError).message).toBe('The proof-of-work challenge has expired; request a new one.');
    expect((r as AppError).fields).toEqual([
      { field: 'proofOfWork', message: 'The proof-of-work challenge has expired; request a new one.' },
    ]);
  });

  it('a wrong nonce is refused, and the challenge stays usable', async () => {
    await setPow(true, 8);
    const c = await challenge();
    const wrong = solve(c.id, 0, 8); // fewer than 8 zero bits
    const r = await verify({ challengeId: c.id, nonce: wrong });
    expect(reason(r)).toBe('proof_of_work_failed:wrong');
    expect((r as AppError).fields[0]!.field).toBe('proofOfWork.nonce');
    expect((r as AppError).message).toMatch(/^The nonce does not solve the challenge: the hash needs 8 leading zero bits and has [0-7]\.$/);
    expect(await verify({ challengeId: c.id, nonce: solve(c.id, 8) })).toBe('ok');
  });

  it("the challenge's own difficulty is honoured (also after the setting changes)", async () => {
    await setPow(true, 12);
    const c = await challenge();
    expect(c.difficulty).toBe(12);
    await setPow(true, 8); // lowering the setting does not lower an issued challenge
    const short = solve(c.id, 8, 12);
    const r = await verify({ challengeId: c.id, nonce: short });
    expect(reason(r)).toBe('proof_of_work_failed:wrong');
    expect((r as AppError).message).toMatch(/needs 12 leading zero bits and has (8|9|10|11)\./);
    expect(await verify({ challengeId: c.id, nonce: solve(c.id, 12) })).toBe('ok');
  });

  it('missing, unknown and malformed solutions are refused with field errors', async () => {
    const missing = await verify(undefined);
    expect(reason(missing)).toBe('proof_of_work_required:');
    expect((missing as AppError).status).toBe(400);
    expect((missing as AppError).fields.map((f) => f.field)).toEqual(['proofOfWork']);
    expect(reason(await verify({ challengeId: 'f'.repeat(32), nonce: '1' }))).toBe('proof_of_work_failed:unknown');
    expect(reason(await verify({ challengeId: 'not hex', nonce: '1' }))).toBe('proof_of_work_failed:unknown');
    const c = await challenge();
    const bad = await verify({ challengeId: c.id, nonce: 'has spaces' });
    expect(reason(bad)).toBe('proof_of_work_failed:wrong');
    expect((bad as AppError).fields[0]!.field).toBe('proofOfWork.nonce');
    expect(reason(await verify({ challengeId: c.id, nonce: 'x'.repeat(65) }))).toBe('proof_of_work_failed:wrong');
  });

  it(`one IP address may hold at most ${MAX_LIVE_CHALLENGES_PER_IP} unsolved challenges (429 with Retry-After)`, async () => {
    await setPow(true, 8);
    const ip = '198.51.100.99';
    const first = await challenge(ip);
    t.clock.advance(60_000);
    for (let i = 1; i < MAX_LIVE_CHALLENGES_PER_IP; i++) await challenge(ip);
    const res = await t.request({ ...anonymous, ip }, { url: '/api/intake/challenge' });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.id).toBe('rate_limited');
    expect(res.json().error.message).toMatch(
      /Too many unsolved proof-of-work challenges for your address \(at most 20\)\. Solve one, or try again in 9 minutes\./,
    );
    expect(res.headers['retry-after']).toBe('540');
    // Solving one frees a place; other addresses were never affected.
    expect((await challenge('198.51.100.98')).enabled).toBe(true);
    await t.database.db.transaction((tx) => verifySolution(tx, t.clock.now(), { challengeId: first.id, nonce: solve(first.id, 8) }));
    expect((await challenge(ip)).enabled).toBe(true);
  });
  describe('the report route', () => {
    let productId: number;
    let nextIp = 1;
    /** Each submission from its own address, so the rate limits never decide. */
    const submit = (proofOfWork: unknown, overrides: Record<string, unknown> = {}, ip = `192.0.2.${nextIp++}`) =>
      t.request(
        { ...anonymous, ip },
        {
          method: 'POST',
          url: '/api/reports',
          payload: { ...submission(productId, overrides), ...(proofOfWork === undefined ? {} : { proofOfWork }) },
        },
      );
    /** What a submission leaves behind: stored submissions, reports, their audit events. */
    const stored = async () => {
      const [row] = await t.database.db.query<{ inbox: number; reports: number; audited: number }>(sql`
        SELECT (SELECT count(*)::int FROM report_inbox) AS inbox, (SELECT count(*)::int FROM reports) AS reports,
               (SELECT count(*)::int FROM audit_events WHERE action = 'report.submitted') AS audited`);
      return row!;
    };
    const usedAt = async (id: string) =>
      (await t.database.db.query<{ used_at: Date | null }>(sql`SELECT used_at FROM intake_challenges WHERE id = ${id}`))[0]?.used_at ??
      null;
    /** Asserts a refused submission: the status and error id, the reason, and that nothing was stored. */
    async function refused(proofOfWork: unknown, status: number, id: string, why?: string) {
      const before = await stored();
      const res = await submit(proofOfWork);
      const body = expectError(res, status, id);
      if (why) expect((body.error.details as { reason?: string } | undefined)?.reason).toBe(why);
      expect(body.error.fields.map((f) => f.field)[0]).toMatch(/^proofOfWork/);
      await t.buildInbox();
      expect(await stored()).toEqual(before);
      return body;
    }

    beforeAll(async () => {
      productId = (await createProduct(t, 'Proof of Work Product')).id;
      await setPow(true, 8);
    });

    it('a solved challenge is accepted once and the report is stored', async () => {
      const c = await challenge();
      const before = await stored();
      const res = await submit({ challengeId: c.id, nonce: solve(c.id, 8) });
      expect(res.statusCode, res.body).toBe(201);
      await t.buildInbox();
      expect(await stored()).toEqual({ inbox: 0, reports: before.reports + 1, audited: before.audited + 1 });
      expect(await usedAt(c.id)).toEqual(t.clock.now());
    });

    it('a submission without a solution is refused (400) and nothing is stored', async () => {
      await refused(undefined, 400, 'proof_of_work_required');
    });

    it('a nonce that does not solve the challenge is refused (403) and the challenge stays usable', async () => {
      const c = await challenge();
      await refused({ challengeId: c.id, nonce: solve(c.id, 0, 8) }, 403, 'proof_of_work_failed', 'wrong');
      expect(await usedAt(c.id)).toBeNull();
    });

    it('a used challenge is refused, even with the nonce that solved it', async () => {
      const c = await challenge();
      const nonce = solve(c.id, 8);
      expect((await submit({ challengeId: c.id, nonce })).statusCode).toBe(201);
      await refused({ challengeId: c.id, nonce }, 403, 'proof_of_work_failed', 'used');
    });

    it('an expired challenge is refused', async () => {
      const c = await challenge();
      const nonce = solve(c.id, 8);
      t.clock.advance(10 * 60_000);
      await refused({ challengeId: c.id, nonce }, 403, 'proof_of_work_failed', 'expired');
    });

    it('a nonce that solves another challenge is refused for this one; both stay usable', async () => {
      const a = await challenge();
      const b = await challenge();
      // A nonce that solves a but not b (most do not solve both at 8 bits).
      let n = 0;
      while (bits(a.id, String(n)) < 8 || bits(b.id, String(n)) >= 8) n++;
      await refused({ challengeId: b.id, nonce: String(n) }, 403, 'proof_of_work_failed', 'wrong');
      expect(await usedAt(a.id)).toBeNull();
      expect(await usedAt(b.id)).toBeNull();
    });

    it('an unknown challenge is refused', async () => {
      await refused({ challengeId: 'a'.repeat(32), nonce: '1' }, 403, 'proof_of_work_failed', 'unknown');
    });

    it('a submission refused for another reason does not spend its proof', async () => {
      const c = await challenge();
      const nonce = solve(c.id, 8);
      const unknownProduct = await submit({ challengeId: c.id, nonce }, { productId: 987654 });
      expectError(unknownProduct, 400, 'validation');
      expect(await usedAt(c.id)).toBeNull();
      expect((await submit({ challengeId: c.id, nonce })).statusCode).toBe(201);
    });

    it('a signed-in reporter needs a solution too', async () => {
      const user = await t.actor('pow-reporter');
      const res = await t.request(user, {
        method: 'POST',
        url: '/api/reports',
        payload: submission(productId, { contactEmail: undefined }),
      });
      expectError(res, 400, 'proof_of_work_required');
    });

    it('with proof-of-work off, no solution is needed', async () => {
      await setPow(false);
      try {
        expect((await submit(undefined)).statusCode).toBe(201);
      } finally {
        await setPow(true, 8);
      }
    });
  });
});
