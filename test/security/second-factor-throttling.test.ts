// The second factor cannot be brute-forced: wrong codes count like wrong passwords (the account's consecutive
// failures and the client IP's window), the password step does not reset the count, one pending sign-in takes at
// most MAX_CODES_PER_SIGN_IN codes (also when they arrive at once), and codes given with a reset link are counted
// and bounded per link too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CODES_PER_SIGN_IN } from '../../src/auth/second-factor.ts';
import { MAX_CODES_PER_RESET_LINK } from '../../src/auth/recovery-limit-repository.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { sql } from '../../src/db/database.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import {
  MINUTE,
  TEST_PASSWORD,
  actorFrom,
  createUser,
  enrolTotp,
  linkToken,
  lockedAt,
  openTestApp,
  setSettings,
  signInRaw,
} from './support.ts';

const NEW_PASSWORD = 'Quiet lantern orchard 5830';

describe(`second-factor brute force (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  async function passwordStep(username: string, ip: string): Promise<Actor> {
    const res = await signInRaw(t, username, TEST_PASSWORD, { ip });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ next: 'second_factor' });
    return actorFrom(res, username, ip);
  }
  const code = (pending: Actor, value: string) =>
    t.request(pending, { method: 'POST', url: '/api/session/second-factor', payload: { code: value } });
  /** A code that is certainly wrong now (far in the future). */
  const wrongCode = (secret: string) => totpCode(secret, new Date(t.clock.now().getTime() + 60 * MINUTE));
  const failures = async (id: number) =>
    (await t.database.db.query<{ n: number }>(sql`SELECT failed_signins AS n FROM users WHERE id = ${id}`))[0]!.n;

  async function mfaUser(name: string, email?: string): Promise<{ id: number; secret: string }> {
    const id = await createUser(t, name, { email });
    const { secret } = await enrolTotp(t, await t.signIn(name, TEST_PASSWORD, { ip: '10.200.0.1' }));
    return { id, secret };
  }

  it('wrong codes lock the account at the threshold: the right password in between does not reset the count', async () => {
    const { id, secret } = await mfaUser('code-lock');
    for (let round = 0; round < 3; round++) {
      const pending = await passwordStep('code-lock', `10.201.${round}.1`);
      for (let i = 0; i < 3; i++) expectError(await code(pending, wrongCode(secret)), 401, 'mfa_failed');
    }
    expect(await failures(id)).toBe(9);
    expect(await lockedAt(t, id)).toBeNull();
    const last = await passwordStep('code-lock', '10.201.9.1');
    expect(await failures(id)).toBe(9);
    expectError(await code(last, wrongCode(secret)), 401, 'mfa_failed');
    expect(await lockedAt(t, id)).not.toBeNull();
    // Locked for unknown clients: neither the password nor a right code gets in now.
    expectError(await signInRaw(t, 'code-lock', TEST_PASSWORD, { ip: '10.201.10.1' }), 401, 'sign_in_failed');
    const events = await t.database.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'signin.second_factor_failed' AND target_id = ${String(id)}`,
    );
    expect(events[0]!.n).toBe(10);
  });

  it('a completed sign-in resets the count', async () => {
    const { id, secret } = await mfaUser('code-reset');
    const pending = await passwordStep('code-reset', '10.202.0.1');
    for (let i = 0; i < 4; i++) expectError(await code(pending, wrongCode(secret)), 401, 'mfa_failed');
    expect(await failures(id)).toBe(4);
    t.clock.advance(30_000);
    expect((await code(pending, totpCode(secret, t.clock.now()))).statusCode).toBe(200);
    expect(await failures(id)).toBe(0);
  });

  it(`one pending sign-in takes at most ${MAX_CODES_PER_SIGN_IN} codes, then the password must be given again`, async () => {
    const { secret } = await mfaUser('code-bound');
    t.clock.advance(30_000);
    const pending = await passwordStep('code-bound', '10.203.0.1');
    for (let i = 0; i < MAX_CODES_PER_SIGN_IN; i++) expectError(await code(pending, wrongCode(secret)), 401, 'mfa_failed');
    const refused = expectError(await code(pending, totpCode(secret, t.clock.now())), 401, 'unauthenticated');
    expect(refused.error.message).toMatch(/password again/);
    expect((await t.request(pending, { url: '/api/session' })).json()).toMatchObject({ next: 'done', user: null });
    const abandoned = await t.database.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'signin.second_factor_abandoned'`,
    );
    expect(abandoned[0]!.n).toBe(1);
    const fresh = await passwordStep('code-bound', '10.203.0.1');
    expect((await code(fresh, totpCode(secret, t.clock.now()))).statusCode).toBe(200);
  });

  it('codes sent at once on one pending sign-in: at most the bound are checked, and the right one among the rest does not get in', async () => {
    const { id, secret } = await mfaUser('code-burst');
    t.clock.advance(30_000);
    const pending = await passwordStep('code-burst', '10.204.0.1');
    const wrong = Array.from({ length: 30 }, () => code(pending, wrongCode(secret)));
    const answers = await Promise.all(wrong);
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(30);
    const checked = answers.filter((r) => r.json<{ error: { id: string } }>().error.id === 'mfa_failed').length;
    expect(checked).toBeLessThanOrEqual(MAX_CODES_PER_SIGN_IN);
    expect(await failures(id)).toBe(checked);
    expectError(await code(pending, totpCode(secret, t.clock.now())), 401, 'unauthenticated');
  });

  it('wrong codes count against the client IP: it is blocked at its limit (429 with Retry-After)', async () => {
    await setSettings(t, { lockoutThreshold: 100 });
    try {
      const { secret } = await mfaUser('code-ip');
      const ip = '192.0.2.200';
      for (let round = 0; round < 6; round++) {
        const pending = await passwordStep('code-ip', ip);
        for (let i = 0; i < 5; i++) expectError(await code(pending, wrongCode(secret)), 401, 'mfa_failed');
      }
      const blocked = await signInRaw(t, 'code-ip', TEST_PASSWORD, { ip });
      const body = expectError(blocked, 429, 'rate_limited');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(body.error.message).toMatch(/Try again after \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      const events = await t.database.db.query<{ ip: string }>(
        sql`SELECT ip FROM audit_events WHERE action = 'ip.blocked' AND target_id = ${ip}`,
      );
      expect(events.length).toBe(1);
    } finally {
      await setSettings(t, { lockoutThreshold: 10 });
    }
  });

  describe('codes given with a reset link', () => {
    const requestReset = (login: string) => t.request(anonymous, { method: 'POST', url: '/api/password-reset', payload: { login } });
    const complete = (token: string, codeValue: string, ip: string) =>
      t.request(
        { ...anonymous, ip },
        { method: 'POST', url: '/api/password-reset/complete', payload: { token, newPassword: NEW_PASSWORD, code: codeValue } },
      );

    async function resetToken(login: string): Promise<string> {
      expect((await requestReset(login)).statusCode).toBe(202);
      const mail = (await t.mails()).filter((m) => m.subject?.startsWith('Reset')).pop()!;
      return linkToken(mail.text ?? '', '/reset-password');
    }

    it(`count against the account, and a link takes at most ${MAX_CODES_PER_RESET_LINK}: then it is spent`, async () => {
      const { id, secret } = await mfaUser('reset-codes', 'reset-codes@example.org');
      const token = await resetToken('reset-codes');
      for (let i = 0; i < MAX_CODES_PER_RESET_LINK; i++)
        expectError(await complete(token, wrongCode(secret), '10.205.0.1'), 401, 'mfa_failed');
      expect(await failures(id)).toBe(MAX_CODES_PER_RESET_LINK);
      t.clock.advance(30_000);
      const spent = expectError(await complete(token, totpCode(secret, t.clock.now()), '10.205.0.1'), 400, 'validation');
      expect(spent.error.fields.map((f) => f.field)).toEqual(['token']);
      expect(spent.error.message).toMatch(/no longer works/);
      const events = await t.database.db.query<{ action: string }>(
        sql`SELECT action FROM audit_events WHERE target_id = ${String(id)} AND action LIKE 'password.reset_%' ORDER BY id`,
      );
      expect(events.map((e) => e.action)).toEqual([
        'password.reset_requested',
        ...Array(MAX_CODES_PER_RESET_LINK).fill('password.reset_code_failed'),
        'password.reset_link_spent',
      ]);
      expectError(await complete(token, totpCode(secret, t.clock.now()), '10.205.0.1'), 400, 'validation');
      // A new link works with the right code, and the completed reset clears the count.
      const fresh = await resetToken('reset-codes');
      expect((await complete(fresh, totpCode(secret, t.clock.now()), '10.205.0.2')).statusCode).toBe(200);
      expect(await failures(id)).toBe(0);
    });
  });
});
