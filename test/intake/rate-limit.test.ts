// Per-IP and per-user rate limits of report submissions (admitSubmission), on the database with the manual
// clock: exact under 30 parallel submissions, sliding hour and day windows, a separate signed-in limit,
// Retry-After, the sweep of old rows, and System not being limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSession, userSession, type Session } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { AppError } from '../../src/errors/catalog.ts';
import { admitSubmission, DAY_MS, HOUR_MS } from '../../src/intake/admission.ts';
import { DEFAULT_INTAKE_SETTINGS, type IntakeSettings } from '../../src/intake/intake-settings.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const MINUTE = 60_000;
const settings: IntakeSettings = { ...DEFAULT_INTAKE_SETTINGS };

describe(`report submission rate limits (${backendName})`, () => {
  let t: TestDatabase;
  let userId: number;
  let otherUserId: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    const at = new Date('2026-01-01T00:00:00Z');
    const ids = await t.db.query<{ id: number }>(sql`
      INSERT INTO users (username, username_key, display_name, created_at, updated_at)
      VALUES ('reporter-a', 'reporter-a', 'A', ${at}, ${at}), ('reporter-b', 'reporter-b', 'B', ${at}, ${at}) RETURNING id`);
    userId = ids[0]!.id;
    otherUserId = ids[1]!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const anon = (ip: string) => anonymousSession(ip, 'test');
  const user = (id: number, ip: string) => userSession({ id, username: `u${id}`, isAdmin: false }, ip, 'test');

  /** One submission in its own transaction: 'ok', or the AppError it was refused with. */
  async function submit(s: Session, at: Date, opts: { settings?: IntakeSettings; holdMs?: number } = {}): Promise<'ok' | AppError> {
    try {
      await t.db.transaction(async (tx) => {
        await admitSubmission(s, tx, at, opts.settings ?? settings);
        // The report service does its own work after admission, holding the lock meanwhile.
        if (opts.holdMs) await tx.query(sql`SELECT pg_sleep(${opts.holdMs / 1000})`);
      });
      return 'ok';
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  }

  async function rows(ip: string): Promise<number> {
    const r = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM intake_submissions WHERE ip = ${ip}`);
    return r[0]!.n;
  }

  it('admits exactly the hourly limit of 30 parallel anonymous submissions from one IP', async () => {
    const at = new Date('2026-03-02T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 30 }, () => submit(anon('203.0.113.1'), at, { holdMs: 5 })));
    const ok = results.filter((r) => r === 'ok').length;
    const refused = results.filter((r): r is AppError => r instanceof AppError);
    expect(ok).toBe(10);
    expect(refused).toHaveLength(20);
    expect(new Set(refused.map((e) => e.id))).toEqual(new Set(['rate_limited']));
    expect(await rows('203.0.113.1')).toBe(10);
    // Another IP is counted on its own.
    expect(await submit(anon('203.0.113.2'), at)).toBe('ok');
  });

  it('admits exactly the signed-in hourly limit of 30 out of 45 parallel submissions, and the daily limit exactly', async () => {
    const at = new Date('2026-03-02T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 45 }, () => submit(user(userId, '203.0.113.3'), at, { holdMs: 2 })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(30);
    expect(await rows('203.0.113.3')).toBe(30);
    // Daily limit under concurrency: a day limit of 12 with a generous hourly limit.
    const daily = { ...settings, perIpPerHour: 100, perIpPerDay: 12 };
    const day = await Promise.all(Array.from({ length: 30 }, () => submit(anon('203.0.113.4'), at, { settings: daily })));
    expect(day.filter((r) => r === 'ok')).toHaveLength(12);
    expect(await rows('203.0.113.4')).toBe(12);
  });

  it('the hourly window slides with the clock and the refusal says when to try again', async () => {
    const ip = '198.51.100.10';
    const clock = new ManualClock('2026-03-03T08:00:00Z');
    for (let i = 0; i < 10; i++) {
      expect(await submit(anon(ip), clock.now())).toBe('ok');
      clock.advance(5 * MINUTE); // submissions at 08:00, 08:05, ... 08:45
    }
    clock.set('2026-03-03T08:50:00Z');
    const refused = await submit(anon(ip), clock.now());
    expect(refused).toBeInstanceOf(AppError);
    const err = refused as AppError;
    expect(err.id).toBe('rate_limited');
    expect(err.status).toBe(429);
    // The 08:00 submission leaves the window at 09:00: ten minutes from now.
    expect(err.details).toEqual({ retryAfterSeconds: 600, retryAt: '2026-03-03T09:00:00.000Z' });
    expect(err.message).toBe('Too many reports from your address: at most 10 an hour. Try again in 10 minutes.');

    clock.set('2026-03-03T08:59:59.999Z');
    expect(await submit(anon(ip), clock.now())).toBeInstanceOf(AppError);
    clock.set('2026-03-03T09:00:00Z');
    expect(await submit(anon(ip), clock.now())).toBe('ok'); // 08:00 left; 08:05..08:45 + 09:00 = 10
    const again = (await submit(anon(ip), clock.now())) as AppError;
    expect(again.details).toEqual({ retryAfterSeconds: 300, retryAt: '2026-03-03T09:05:00.000Z' });
  });

  it('the daily window: 30 a day even when each hour stays under 10; the day refusal names the day', async () => {
    const ip = '198.51.100.20';
    const start = new Date('2026-03-04T00:00:00Z').getTime();
    // 10 submissions in each of three hours (00:00-00:09, 01:00-01:09, 02:00-02:09).
    for (let h = 0; h < 3; h++) {
      for (let i = 0; i < 10; i++) expect(await submit(anon(ip), new Date(start + h * HOUR_MS + i * MINUTE))).toBe('ok');
    }
    const at = new Date(start + 5 * HOUR_MS);
    const err = (await submit(anon(ip), at)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toBe('Too many reports from your address: at most 30 a day. Try again in about 19 hours.');
    expect(err.details).toEqual({ retryAfterSeconds: 19 * 3600, retryAt: '2026-03-05T00:00:00.000Z' });
    // One second before the first leaves the day: still refused; at 24 h: admitted.
    expect(await submit(anon(ip), new Date(start + DAY_MS - 1000))).toBeInstanceOf(AppError);
    expect(await submit(anon(ip), new Date(start + DAY_MS))).toBe('ok');
  });

  it('when both windows are full, the later time to try again is given', async () => {
    const ip = '198.51.100.30';
    const small = { ...settings, perIpPerHour: 2, perIpPerDay: 2 };
    const start = new Date('2026-03-06T12:00:00Z').getTime();
    expect(await submit(anon(ip), new Date(start), { settings: small })).toBe('ok');
    expect(await submit(anon(ip), new Date(start + 10 * MINUTE), { settings: small })).toBe('ok');
    const err = (await submit(anon(ip), new Date(start + 20 * MINUTE), { settings: small })) as AppError;
    expect(err.message).toMatch(/at most 2 a day/);
    expect(err.details).toEqual({ retryAfterSeconds: DAY_MS / 1000 - 20 * 60, retryAt: '2026-03-07T12:00:00.000Z' });
  });

  it('signed-in reporters have their own, higher limit, per user and IP', async () => {
    const ip = '192.0.2.50';
    const at = new Date('2026-03-07T10:00:00Z');
    for (let i = 0; i < 10; i++) expect(await submit(anon(ip), at)).toBe('ok');
    expect(await submit(anon(ip), at)).toBeInstanceOf(AppError);
    // The anonymous limit of the IP does not hold back a signed-in reporter there, who gets 30.
    for (let i = 0; i < 30; i++) expect(await submit(user(userId, ip), at)).toBe('ok');
    const err = (await submit(user(userId, ip), at)) as AppError;
    expect(err.id).toBe('rate_limited');
    expect(err.message).toBe('Too many reports from your account at this address: at most 30 an hour. Try again in 60 minutes.');
    // Another user at the same IP, and the same user at another IP, are counted separately.
    expect(await submit(user(otherUserId, ip), at)).toBe('ok');
    expect(await submit(user(userId, '192.0.2.51'), at)).toBe('ok');
    // The signed-in submissions did not use up anything of the anonymous count (still exactly 10 rows).
    const anonRows = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM intake_submissions WHERE ip = ${ip} AND user_id IS NULL`,
    );
    expect(anonRows[0]!.n).toBe(10);
  });

  it('a lowered limit applies at once to what was already counted', async () => {
    const ip = '192.0.2.60';
    const at = new Date('2026-03-08T10:00:00Z');
    for (let i = 0; i < 5; i++) expect(await submit(anon(ip), at)).toBe('ok');
    const lowered = { ...settings, perIpPerHour: 3 };
    const err = (await submit(anon(ip), new Date(at.getTime() + MINUTE), { settings: lowered })) as AppError;
    // 5 counted, limit 3: the window admits again once the 3 oldest have left it.
    expect(err.details).toEqual({ retryAfterSeconds: 59 * 60, retryAt: '2026-03-08T11:00:00.000Z' });
  });

  it('a submission whose transaction rolls back is not counted', async () => {
    const ip = '192.0.2.70';
    const at = new Date('2026-03-09T10:00:00Z');
    await expect(
      t.db.transaction(async (tx) => {
        await admitSubmission(anon(ip), tx, at, settings);
        throw new Error('the report was invalid');
      }),
    ).rejects.toThrow('the report was invalid');
    expect(await rows(ip)).toBe(0);
  });

  it('System (jobs, imports) is not limited and not counted', async () => {
    const at = new Date('2026-03-10T10:00:00Z');
    for (let i = 0; i < 15; i++) expect(await submit(systemSession('import'), at)).toBe('ok');
    expect(await rows('local')).toBe(0);
  });

  it('submissions older than a day are swept', async () => {
    const ip = '192.0.2.80';
    const old = new Date('2026-04-01T10:00:00Z');
    for (let i = 0; i < 3; i++) expect(await submit(anon(ip), old)).toBe('ok');
    await t.db.query(
      sql`INSERT INTO intake_challenges (id, difficulty, expires_at, ip, issued_at) VALUES (${'a'.repeat(32)}, 8, ${old}, ${ip}, ${old})`,
    );
    expect(await rows(ip)).toBe(3);
    // A day and more later, the next submission (from anywhere) sweeps the old rows.
    const later = new Date(old.getTime() + DAY_MS + HOUR_MS);
    expect(await submit(anon('192.0.2.81'), later)).toBe('ok');
    expect(await rows(ip)).toBe(0);
    expect(await rows('192.0.2.81')).toBe(1);
    const challenges = await t.db.query(sql`SELECT id FROM intake_challenges WHERE id = ${'a'.repeat(32)}`);
    expect(challenges).toHaveLength(0);
  });
});
