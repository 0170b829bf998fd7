// Brute-force defences of sign-in, at the service level, with the injectable clock: account lockout at
// exactly the threshold (also under concurrency), the sliding-window IP block, no hashing for refused
// attempts, the same answer for unknown/wrong/locked, timed unlock, and transparent rehash.
import { Algorithm, hash } from '@node-rs/argon2';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anonymousSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { HashGate } from '../../src/auth/hash-gate.ts';
import { signInService } from '../../src/auth/sign-in.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { AppError } from '../../src/errors/catalog.ts';
import { openJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { createServices } from '../../src/services.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const PASSWORD = 'a long and unusual passphrase 7';
const WRONG = 'definitely not the password';

describe(`sign-in throttling (${backendName})`, () => {
  let t: TestDatabase;
  let jobs: JobQueue;
  let clock: ManualClock;
  let gate: HashGate;
  let service: ReturnType<typeof signInService>;
  let n = 0;
  const mails: Record<string, unknown>[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    jobs = await openJobQueue(t.db);
    jobs.handle('mail', (data) => {
      mails.push(data);
      return Promise.resolve();
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await t?.close();
  });
  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T10:00:00Z');
    gate = new HashGate(2, 64);
    service = signInService({ db: t.db, clock, jobs, gate });
    mails.length = 0;
    await t.db.exec('DELETE FROM signin_failures; DELETE FROM ip_blocks;');
  });
  afterEach(async () => {
    await jobs.runPending();
  });

  async function newUser(): Promise<{ id: number; username: string }> {
    n += 1;
    const services = createServices({ db: t.db, clock });
    const u = await services.users.create(systemSession('test'), {
      username: `user${n}`,
      password: PASSWORD,
      email: `user${n}@example.org`,
    });
    return { id: u.id, username: u.username };
  }

  const from = (ip: string) => anonymousSession(ip, 'test');

  async function attempt(
    ip: string,
    username: string,
    password: string,
  ): Promise<{ ok: true } | { ok: false; id: string; message: string }> {
    try {
      await service.signIn(from(ip), { username, password, userAgent: 'test' });
      return { ok: true };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { ok: false, id: err.id, message: err.message };
    }
  }

  async function lockedAt(userId: number): Promise<Date | null> {
    const rows = await t.db.query<{ locked_at: Date | null }>(sql`SELECT locked_at FROM users WHERE id = ${userId}`);
    return rows[0]!.locked_at;
  }

  it('locks the account at exactly the 10th consecutive failure and tells the owner by e-mail', async () => {
    const u = await newUser();
    for (let i = 1; i <= 9; i++) {
      expect((await attempt(`10.0.${i}.1`, u.username, WRONG)).ok).toBe(false);
      expect(await lockedAt(u.id)).toBeNull();
    }
    expect(await attempt('10.0.10.1', u.username, WRONG)).toMatchObject({ ok: false, id: 'sign_in_failed' });
    expect(await lockedAt(u.id)).not.toBeNull();
    await jobs.runPending();
    expect(mails).toContainEqual({ kind: 'account_locked', userId: u.id });

    // Even the right password is refused now, and without computing a hash.
    const before = gate.computed;
    expect(await attempt('10.0.11.1', u.username, PASSWORD)).toMatchObject({ ok: false, id: 'sign_in_failed' });
    expect(gate.computed).toBe(before);
  });

  it('a success resets the count of consecutive failures', async () => {
    const u = await newUser();
    for (let i = 0; i < 9; i++) await attempt('10.1.0.1', u.username, WRONG);
    expect((await attempt('10.1.0.2', u.username, PASSWORD)).ok).toBe(true);
    for (let i = 0; i < 9; i++) await attempt('10.1.0.3', u.username, WRONG);
    expect(await lockedAt(u.id)).toBeNull();
  });

  it('holds the threshold exactly when 15 failures arrive at once: 10 hashes, then locked', async () => {
    const u = await newUser();
    const before = gate.computed;
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(`10.2.${i}.1`, u.username, WRONG)));
    expect(results.every((r) => !r.ok && r.id === 'sign_in_failed')).toBe(true);
    expect(gate.computed - before).toBe(10);
    expect(await lockedAt(u.id)).not.toBeNull();
    const rows = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.locked' AND target_id = ${String(u.id)}`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('locks at the 10th failure when exactly 10 arrive at once', async () => {
    const u = await newUser();
    await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(`10.3.${i}.1`, u.username, WRONG)));
    expect(await lockedAt(u.id)).not.toBeNull();
  });

  it('blocks a client IP at the 30th failure within 5 minutes; the 31st is 429 without hashing', async () => {
    for (let i = 1; i <= 29; i++) {
      expect(await attempt('192.0.2.7', `nobody${i}`, WRONG)).toMatchObject({ id: 'sign_in_failed' });
      clock.advance(5_000);
    }
    expect(await attempt('192.0.2.7', 'nobody30', WRONG)).toMatchObject({ id: 'sign_in_failed' });
    const before = gate.computed;
    expect(await attempt('192.0.2.7', 'nobody31', WRONG)).toMatchObject({ id: 'rate_limited' });
    expect(gate.computed).toBe(before);
    // Another IP is not affected; the blocked one is free again after 15 minutes.
    expect(await attempt('192.0.2.8', 'nobody', WRONG)).toMatchObject({ id: 'sign_in_failed' });
    clock.advance(14 * 60_000);
    expect(await attempt('192.0.2.7', 'nobody', WRONG)).toMatchObject({ id: 'rate_limited' });
    clock.advance(2 * 60_000);
    expect(await attempt('192.0.2.7', 'nobody', WRONG)).toMatchObject({ id: 'sign_in_failed' });
  });

  it('does not block 30 failures spread over 6 minutes', async () => {
    for (let i = 1; i <= 31; i++) {
      expect(await attempt('192.0.2.9', `nobody${i}`, WRONG)).toMatchObject({ id: 'sign_in_failed' });
      clock.advance(12_500); // 30 failures span 6 minutes 2.5 seconds
    }
  });

  it('answers unknown user, wrong password and locked account identically', async () => {
    const locked = await newUser();
    for (let i = 0; i < 10; i++) await attempt(`10.4.${i}.1`, locked.username, WRONG);
    const known = await newUser();
    const answers = [
      await attempt('10.5.0.1', 'no-such-user', WRONG),
      await attempt('10.5.0.2', known.username, WRONG),
      await attempt('10.5.0.3', locked.username, PASSWORD),
    ];
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ ok: false, id: 'sign_in_failed' });
    expect((answers[0] as { message: string }).message).toMatch(/locked/);
    expect((answers[0] as { message: string }).message).toMatch(/e-mail/);
  });

  it('in timed mode, unlocks after a wait that grows with each lock', async () => {
    const admin = systemSession('test');
    await t.db.transaction((tx) => changeSetting(admin, tx, clock.now(), 'security', { lockoutMode: 'timed', lockoutBaseMinutes: 10 }));
    try {
      const u = await newUser();
      for (let i = 0; i < 10; i++) await attempt(`10.6.${i}.1`, u.username, WRONG);
      clock.advance(9 * 60_000);
      expect((await attempt('10.6.20.1', u.username, PASSWORD)).ok).toBe(false);
      clock.advance(2 * 60_000);
      expect((await attempt('10.6.21.1', u.username, PASSWORD)).ok).toBe(true);
      // Second lock: twice as long.
      for (let i = 0; i < 10; i++) await attempt(`10.6.${30 + i}.1`, u.username, WRONG);
      clock.advance(11 * 60_000);
      expect((await attempt('10.6.50.1', u.username, PASSWORD)).ok).toBe(false);
      clock.advance(10 * 60_000);
      expect((await attempt('10.6.51.1', u.username, PASSWORD)).ok).toBe(true);
    } finally {
      await t.db.transaction((tx) => changeSetting(admin, tx, clock.now(), 'security', { lockoutMode: 'admin' }));
    }
  });

  it('rehashes transparently when the stored hash is weaker than the configured parameters', async () => {
    const u = await newUser();
    const weak = await hash(PASSWORD.normalize('NFKC'), { algorithm: Algorithm.Argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await t.db.query(sql`UPDATE users SET password_hash = ${weak} WHERE id = ${u.id}`);
    expect((await attempt('10.7.0.1', u.username, PASSWORD)).ok).toBe(true);
    const rows = await t.db.query<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE id = ${u.id}`);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await attempt('10.7.0.2', u.username, PASSWORD)).ok).toBe(true);
  });

  it('refuses a correct password from outside the networks the account may sign in from', async () => {
    const u = await newUser();
    await t.db.query(sql`UPDATE users SET allowed_networks = ARRAY['198.51.100.0/24'] WHERE id = ${u.id}`);
    expect(await attempt('203.0.113.5', u.username, PASSWORD)).toMatchObject({ ok: false, id: 'sign_in_failed' });
    expect((await attempt('198.51.100.20', u.username, PASSWORD)).ok).toBe(true);
  });
});
