// Sign-in through HTTP: no account enumeration (unknown user, wrong password and locked account answer the
// same), the lock at exactly the 10th failure (also when the 10 arrive at once), the IP block at the 30th
// failure within 5 minutes (429 in the error shape), and the client IP taken from X-Forwarded-For only when
// the request comes from a trusted proxy.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { parseCidrList } from '../../src/http/client-ip.ts';
import type { TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { MINUTE, TEST_PASSWORD, WRONG, createUser, lockedAt, openTestApp, signInRaw } from './support.ts';

/** The body without its request id (which differs from request to request by design). */
function comparable(res: LightMyRequestResponse): unknown {
  const body = res.json<{ requestId?: string }>();
  delete body.requestId;
  return { status: res.statusCode, type: res.headers['content-type'], body };
}

async function lockedEvents(t: TestApp, userId: number): Promise<number> {
  const rows = await t.database.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.locked' AND target_id = ${String(userId)}`,
  );
  return rows[0]!.n;
}

describe(`sign-in over HTTP (${backendName})`, () => {
  let t: TestApp;
  let proxied: TestApp;
  const users: Record<string, number> = {};

  beforeAll(async () => {
    t = await openTestApp();
    proxied = await openTestApp({ config: { trustProxy: parseCidrList('127.0.0.1') } });
    for (const name of ['enum-known', 'enum-locked', 'enum-disabled', 'nine-fails', 'ten-fails', 'concurrent', 'blocked-ip-user']) {
      users[name] = await createUser(t, name, { email: `${name}@example.org` });
    }
  });
  afterAll(async () => {
    await t?.close();
    await proxied?.close();
  });

  it('unknown user, wrong password, locked and disabled accounts get the same 401 and the same body', async () => {
    await t.services.users.update(systemSession('test'), users['enum-disabled']!, { disabled: true });
    for (let i = 0; i < 10; i++) expect((await signInRaw(t, 'enum-locked', WRONG, { ip: `10.10.${i}.1` })).statusCode).toBe(401);
    expect(await lockedAt(t, users['enum-locked']!)).not.toBeNull();

    const unknown = await signInRaw(t, 'no-such-user', WRONG, { ip: '10.11.0.1' });
    const wrong = await signInRaw(t, 'enum-known', WRONG, { ip: '10.11.0.2' });
    const locked = await signInRaw(t, 'enum-locked', TEST_PASSWORD, { ip: '10.11.0.3' });
    const lockedWrong = await signInRaw(t, 'enum-locked', WRONG, { ip: '10.11.0.4' });
    const disabled = await signInRaw(t, 'enum-disabled', TEST_PASSWORD, { ip: '10.11.0.5' });
    for (const res of [unknown, wrong, locked, lockedWrong, disabled]) {
      const body = expectError(res, 401, 'sign_in_failed');
      expect(body.error.fields).toEqual([]);
      expect(body.error.message).toMatch(/locked/);
      expect(body.error.message).toMatch(/e-mail/);
      expect(res.cookies.filter((c) => c.value !== '')).toEqual([]);
    }
    expect(comparable(wrong)).toEqual(comparable(unknown));
    expect(comparable(locked)).toEqual(comparable(unknown));
    expect(comparable(lockedWrong)).toEqual(comparable(unknown));
    expect(comparable(disabled)).toEqual(comparable(unknown));
    expect(unknown.json().requestId).not.toBe(wrong.json().requestId);
  });

  it('9 failures do not lock; the 10th does; then even the right password is refused until an administrator unlocks', async () => {
    for (let i = 0; i < 9; i++) expectError(await signInRaw(t, 'nine-fails', WRONG, { ip: '10.12.0.1' }), 401, 'sign_in_failed');
    expect(await lockedAt(t, users['nine-fails']!)).toBeNull();
    expect((await signInRaw(t, 'nine-fails', TEST_PASSWORD, { ip: '10.12.0.2' })).statusCode).toBe(200);

    for (let i = 1; i <= 10; i++) {
      expectError(await signInRaw(t, 'ten-fails', WRONG, { ip: '10.13.0.1' }), 401, 'sign_in_failed');
      expect((await lockedAt(t, users['ten-fails']!)) !== null, `locked after failure ${i}`).toBe(i === 10);
    }
    expectError(await signInRaw(t, 'ten-fails', TEST_PASSWORD, { ip: '10.13.0.2' }), 401, 'sign_in_failed');
    expect(await lockedEvents(t, users['ten-fails']!)).toBe(1);
    // By default only an administrator unlocks: waiting does not help.
    t.clock.advance(48 * 60 * MINUTE);
    expectError(await signInRaw(t, 'ten-fails', TEST_PASSWORD, { ip: '10.13.0.3' }), 401, 'sign_in_failed');
    const admin = await t.actor('unlocking-admin', { isAdmin: true });
    const unlock = await t.request(admin, { method: 'POST', url: `/api/users/${users['ten-fails']}/unlock` });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect((await signInRaw(t, 'ten-fails', TEST_PASSWORD, { ip: '10.13.0.4' })).statusCode).toBe(200);
    expectError(await t.request(admin, { method: 'POST', url: `/api/users/${users['ten-fails']}/unlock` }), 409, 'conflict');
    const lockMail = (await t.mails()).filter((m) => m.subject?.includes('locked'));
    expect(lockMail.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).toContain('ten-fails@example.org');
  });

  it('10 wrong passwords arriving at once lock the account exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => signInRaw(t, 'concurrent', WRONG, { ip: `10.14.${i}.1` })));
    for (const res of results) expectError(res, 401, 'sign_in_failed');
    expect(await lockedAt(t, users.concurrent!)).not.toBeNull();
    expect(await lockedEvents(t, users.concurrent!)).toBe(1);
    expectError(await signInRaw(t, 'concurrent', TEST_PASSWORD, { ip: '10.14.99.1' }), 401, 'sign_in_failed');
  });

  it('blocks a client IP at its 30th failure within 5 minutes: then 429 in the error shape, even with the right password', async () => {
    const ip = '192.0.2.30';
    for (let i = 1; i <= 30; i++) {
      expectError(await signInRaw(t, `nobody-${i}`, WRONG, { ip }), 401, 'sign_in_failed');
      t.clock.advance(9_000); // 30 failures within 4.5 minutes
    }
    const blocked = expectError(await signInRaw(t, 'nobody-31', WRONG, { ip }), 429, 'rate_limited');
    expect(blocked.error.message).toMatch(/network|Try again/i);
    expectError(await signInRaw(t, 'blocked-ip-user', TEST_PASSWORD, { ip }), 429, 'rate_limited');
    // Another client IP is not affected.
    expect((await signInRaw(t, 'blocked-ip-user', TEST_PASSWORD, { ip: '192.0.2.31' })).statusCode).toBe(200);
    // The block lasts 15 minutes.
    t.clock.advance(14 * MINUTE);
    expectError(await signInRaw(t, 'blocked-ip-user', TEST_PASSWORD, { ip }), 429, 'rate_limited');
    t.clock.advance(2 * MINUTE);
    expect((await signInRaw(t, 'blocked-ip-user', TEST_PASSWORD, { ip })).statusCode).toBe(200);
  });

  it('does not block 30 failures spread over 6 minutes', async () => {
    const ip = '192.0.2.60';
    for (let i = 1; i <= 31; i++) {
      expectError(await signInRaw(t, `spread-${i}`, WRONG, { ip }), 401, 'sign_in_failed');
      t.clock.advance(12_500);
    }
    expect((await signInRaw(t, 'blocked-ip-user', TEST_PASSWORD, { ip })).statusCode).toBe(200);
  });

  describe('client IP behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
    const fromProxy = (forwardedFor: string, username = 'nobody') =>
      signInRaw(proxied, username, WRONG, { ip: '127.0.0.1', headers: { 'x-forwarded-for': forwardedFor } });

    it('believes X-Forwarded-For from the trusted proxy: the forwarded client is blocked, other clients are not', async () => {
      for (let i = 1; i <= 30; i++) expectError(await fromProxy('203.0.113.50', `p-${i}`), 401, 'sign_in_failed');
      const blocked = expectError(await fromProxy('203.0.113.50'), 429, 'rate_limited');
      expect(blocked.error.details).toMatchObject({ ip: '203.0.113.50' });
      expectError(await fromProxy('203.0.113.51'), 401, 'sign_in_failed');
      // The proxy itself is not blocked either.
      expectError(await signInRaw(proxied, 'nobody', WRONG, { ip: '127.0.0.1' }), 401, 'sign_in_failed');
      const events = await proxied.database.db.query<{ ip: string }>(sql`SELECT ip FROM audit_events WHERE action = 'ip.blocked'`);
      expect(events.map((e) => e.ip)).toEqual(['203.0.113.50']);
    });

    it('ignores X-Forwarded-For from an untrusted peer: a changing header does not escape the block', async () => {
      const peer = '198.51.100.7';
      const attempt = (i: number) =>
        signInRaw(proxied, `u-${i}`, WRONG, { ip: peer, headers: { 'x-forwarded-for': `203.0.113.${100 + i}` } });
      for (let i = 1; i <= 30; i++) expectError(await attempt(i), 401, 'sign_in_failed');
      const blocked = expectError(await attempt(31), 429, 'rate_limited');
      expect(blocked.error.details).toMatchObject({ ip: peer });
      const failures = await proxied.database.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM signin_failures WHERE ip LIKE '203.0.113.1%'`,
      );
      expect(failures[0]!.n).toBe(0);
    });
  });
});
