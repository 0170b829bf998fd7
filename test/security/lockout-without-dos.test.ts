// Seed 004's lock (10 failures lock sign-in; administrators unlock) without handing attackers a denial of
// service: the lock ends no session and no API token; the owner's known devices (device cookies) keep signing
// in while unknown clients are locked out; failures from a known device count against that device only; the
// owner is told by mail; an administrator's unlock lets unknown clients in again.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_COOKIE, MAX_DEVICES_PER_USER } from '../../src/auth/known-device-repository.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { sql } from '../../src/db/database.ts';
import type { TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { COOKIE, TEST_PASSWORD, WRONG, actorFrom, createUser, enrolTotp, isSignedIn, lockedAt, openTestApp, sha256 } from './support.ts';

/** POST /api/session from `ip`, presenting a device cookie when given. */
function signIn(t: TestApp, username: string, password: string, ip: string, device?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
    remoteAddress: ip,
    ...(device ? { cookies: { [DEVICE_COOKIE]: device } } : {}),
  });
}

function deviceOf(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === DEVICE_COOKIE && c.value !== '')?.value;
}

async function lockByStrangers(t: TestApp, username: string, subnet: number): Promise<void> {
  for (let i = 0; i < 10; i++) expectError(await signIn(t, username, WRONG, `10.${subnet}.${i}.1`), 401, 'sign_in_failed');
}

describe(`account lock without denial of service (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  it('a lock ends none of the owner’s sessions and API tokens', async () => {
    const id = await createUser(t, 'dos-sessions', { email: 'dos-sessions@example.org' });
    const owner = await t.signIn('dos-sessions', TEST_PASSWORD, { ip: '10.1.0.1' });
    const tokenRes = await t.request(owner, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'ci', scopes: ['read'], expiresInDays: 30 },
    });
    expect(tokenRes.statusCode, tokenRes.body).toBe(201);
    const token = tokenRes.json<{ token: string }>().token;
    const sessionsBefore = await t.database.db.query(sql`SELECT id FROM sessions WHERE user_id = ${id}`);

    await lockByStrangers(t, 'dos-sessions', 2);
    expect(await lockedAt(t, id)).not.toBeNull();

    expect(await isSignedIn(t, owner, '10.1.0.1')).toBe(true);
    expect(await t.database.db.query(sql`SELECT id FROM sessions WHERE user_id = ${id}`)).toEqual(sessionsBefore);
    const viaToken = await t.app.inject({ url: '/api/session', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.json()).toMatchObject({ user: { username: 'dos-sessions' } });
    const mail = (await t.mails()).find(
      (m) => m.subject?.includes('locked') && (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'dos-sessions@example.org',
    );
    expect(mail?.text).toMatch(/You stay signed in/);
    expect(mail?.text).toMatch(/browsers where you signed in before/);
  });

  it('a completed sign-in sets a device cookie (stored hashed); with it the owner signs in while strangers are locked out', async () => {
    const id = await createUser(t, 'dos-device');
    const first = await signIn(t, 'dos-device', TEST_PASSWORD, '10.3.0.1');
    expect(first.statusCode, first.body).toBe(200);
    const device = deviceOf(first);
    expect(device).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.cookies.find((c) => c.name === DEVICE_COOKIE)).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    const stored = await t.database.db.query<{ token_hash: string }>(sql`SELECT token_hash FROM known_devices WHERE user_id = ${id}`);
    expect(stored.map((r) => r.token_hash)).toEqual([sha256(device!)]);

    await lockByStrangers(t, 'dos-device', 4);
    expect(await lockedAt(t, id)).not.toBeNull();
    // An unknown client with the right password is refused, and so is a device cookie of nobody.
    expectError(await signIn(t, 'dos-device', TEST_PASSWORD, '10.5.0.1'), 401, 'sign_in_failed');
    expectError(await signIn(t, 'dos-device', TEST_PASSWORD, '10.5.0.2', 'x'.repeat(43)), 401, 'sign_in_failed');

    // The owner's browser signs in, from anywhere, and its device token is replaced by a new one.
    const again = await signIn(t, 'dos-device', TEST_PASSWORD, '10.5.0.3', device);
    expect(again.statusCode, again.body).toBe(200);
    const next = deviceOf(again);
    expect(next).toBeDefined();
    expect(next).not.toBe(device);
    expect(await isSignedIn(t, actorFrom(again, 'dos-device', '10.5.0.3'), '10.5.0.3')).toBe(true);
    // The old token was for one sign-in only.
    expectError(await signIn(t, 'dos-device', TEST_PASSWORD, '10.5.0.4', device), 401, 'sign_in_failed');
    // The account stays locked for unknown clients until an administrator unlocks it.
    expect(await lockedAt(t, id)).not.toBeNull();
    const admin = await t.actor('dos-admin', { isAdmin: true });
    expect((await t.request(admin, { method: 'POST', url: `/api/users/${id}/unlock` })).statusCode).toBe(200);
    expect((await signIn(t, 'dos-device', TEST_PASSWORD, '10.5.0.5')).statusCode).toBe(200);
  });

  it('a credential event forgets the known devices: a device cookie earned with the old password passes no lock', async () => {
    const id = await createUser(t, 'dos-forget');
    const owner = await signIn(t, 'dos-forget', TEST_PASSWORD, '10.9.0.1');
    const device = deviceOf(owner)!;
    const actor = actorFrom(owner, 'dos-forget', '10.9.0.1');
    expect((await t.database.db.query(sql`SELECT 1 FROM known_devices WHERE user_id = ${id}`)).length).toBe(1);
    // "Sign out everywhere" is a credential event (as are password changes, resets and second-factor changes).
    expect((await t.request(actor, { method: 'DELETE', url: '/api/me/sessions' })).statusCode).toBe(200);
    expect(await t.database.db.query(sql`SELECT 1 FROM known_devices WHERE user_id = ${id}`)).toEqual([]);
    await lockByStrangers(t, 'dos-forget', 9);
    expectError(await signIn(t, 'dos-forget', TEST_PASSWORD, '10.9.1.1', device), 401, 'sign_in_failed');
  });

  it("a device cookie is its own user's only: another account's cookie does not pass that account's lock", async () => {
    await createUser(t, 'dos-mine');
    const victim = await createUser(t, 'dos-victim');
    const mine = deviceOf(await signIn(t, 'dos-mine', TEST_PASSWORD, '10.6.0.1'));
    await lockByStrangers(t, 'dos-victim', 7);
    expect(await lockedAt(t, victim)).not.toBeNull();
    expectError(await signIn(t, 'dos-victim', TEST_PASSWORD, '10.6.0.2', mine), 401, 'sign_in_failed');
  });

  it('failures from a known device count against that device only; at the threshold the device counts as unknown', async () => {
    const id = await createUser(t, 'dos-own-typos');
    const device = deviceOf(await signIn(t, 'dos-own-typos', TEST_PASSWORD, '10.8.0.1'))!;
    for (let i = 0; i < 10; i++) expectError(await signIn(t, 'dos-own-typos', WRONG, '10.8.0.2', device), 401, 'sign_in_failed');
    expect(await lockedAt(t, id)).toBeNull();
    const row = await t.database.db.query<{ failed_signins: number; locked: boolean }>(
      sql`SELECT failed_signins, locked_at IS NOT NULL AS locked FROM known_devices WHERE token_hash = ${sha256(device)}`,
    );
    expect(row).toEqual([{ failed_signins: 10, locked: true }]);
    const locks = await t.database.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'device.locked' AND target_id = ${String(id)}`,
    );
    expect(locks[0]!.n).toBe(1);
    const users = await t.database.db.query<{ failed_signins: number }>(sql`SELECT failed_signins FROM users WHERE id = ${id}`);
    expect(users[0]!.failed_signins).toBe(0);
    // Now an unknown client: its failures count against the account (and the right password still works).
    expectError(await signIn(t, 'dos-own-typos', WRONG, '10.8.0.3', device), 401, 'sign_in_failed');
    const after = await t.database.db.query<{ failed_signins: number }>(sql`SELECT failed_signins FROM users WHERE id = ${id}`);
    expect(after[0]!.failed_signins).toBe(1);
    expect((await signIn(t, 'dos-own-typos', TEST_PASSWORD, '10.8.0.4', device)).statusCode).toBe(200);
  });

  it(`a user keeps at most ${MAX_DEVICES_PER_USER} devices, the most recent`, async () => {
    const id = await createUser(t, 'dos-many');
    const devices: string[] = [];
    for (let i = 0; i < MAX_DEVICES_PER_USER + 3; i++) {
      devices.push(deviceOf(await signIn(t, 'dos-many', TEST_PASSWORD, '10.12.0.1'))!);
      t.clock.advance(1000);
    }
    const rows = await t.database.db.query<{ token_hash: string }>(sql`SELECT token_hash FROM known_devices WHERE user_id = ${id}`);
    expect(rows.map((r) => r.token_hash).sort()).toEqual(devices.slice(3).map(sha256).sort());
  });

  it('with a second factor, a known device completes both steps on a locked account and gets a new device cookie', async () => {
    const id = await createUser(t, 'dos-mfa');
    const { secret } = await enrolTotp(t, await t.signIn('dos-mfa', TEST_PASSWORD, { ip: '10.9.0.1' }));
    const password = await signIn(t, 'dos-mfa', TEST_PASSWORD, '10.9.0.2');
    expect(deviceOf(password)).toBeUndefined(); // not before the second factor
    const done = await t.request(actorFrom(password, 'dos-mfa', '10.9.0.2'), {
      method: 'POST',
      url: '/api/session/second-factor',
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(done.statusCode, done.body).toBe(200);
    const device = deviceOf(done)!;
    expect(device).toBeDefined();
    t.clock.advance(30_000);

    await lockByStrangers(t, 'dos-mfa', 10);
    expect(await lockedAt(t, id)).not.toBeNull();
    const step1 = await signIn(t, 'dos-mfa', TEST_PASSWORD, '10.11.0.1', device);
    expect(step1.json()).toMatchObject({ next: 'second_factor' });
    const pendingCookie = step1.cookies.find((c) => c.name === COOKIE)!.value;
    const step2 = await t.app.inject({
      method: 'POST',
      url: '/api/session/second-factor',
      payload: { code: totpCode(secret, t.clock.now()) },
      remoteAddress: '10.11.0.1',
      headers: { origin: 'http://127.0.0.1:8080' },
      cookies: { [COOKIE]: pendingCookie, [DEVICE_COOKIE]: device },
    });
    expect(step2.statusCode, step2.body).toBe(200);
    expect(deviceOf(step2)).toBeDefined();
    expect(deviceOf(step2)).not.toBe(device);
  });
});
