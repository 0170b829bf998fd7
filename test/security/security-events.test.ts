// The security event log: sign-in success and failure, lockout, IP block, unlock, password/MFA/e-mail
// changes, token creation and session revocation each appear in GET /api/admin/security-events and are found
// by its filters (action, userId, ip, from/to, q). Only administrators read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { HOUR, TEST_PASSWORD, WRONG, actorFrom, createUser, enrolTotp, openTestApp, signInRaw } from './support.ts';

interface EventJson {
  at: string;
  action: string;
  actor: { kind: string; userId: number | null; name: string };
  target: { type: string; id: string };
  ip: string | null;
}

const USER_IP = '10.71.0.1';
const ATTACK_IP = '10.72.0.1';

describe(`security event log (${backendName})`, () => {
  let t: TestApp;
  let watcher: Actor;
  let userId: number;
  let lockedId: number;
  let attackStart: Date;

  beforeAll(async () => {
    t = await openTestApp();
    watcher = await t.actor('events-admin', { isAdmin: true, ip: '10.70.0.1' });
    userId = await createUser(t, 'events-user');
    lockedId = await createUser(t, 'events-locked');

    expect((await signInRaw(t, 'events-user', WRONG, { ip: '10.71.0.2' })).statusCode).toBe(401);
    const user = actorFrom(await signInRaw(t, 'events-user', TEST_PASSWORD, { ip: USER_IP }), 'events-user', USER_IP);
    const other = actorFrom(await signInRaw(t, 'events-user', TEST_PASSWORD, { ip: '10.71.0.3' }), 'events-user', '10.71.0.3');
    const ok = async (p: Promise<{ statusCode: number; body: string }>, status = 200) => {
      const res = await p;
      expect(res.statusCode, res.body).toBe(status);
    };
    await ok(
      t.request(user, {
        method: 'POST',
        url: '/api/me/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'Granite pelican sonata 4471' },
      }),
    );
    await enrolTotp(t, user);
    await ok(t.request(user, { method: 'DELETE', url: '/api/me/mfa' }));
    await ok(t.request(user, { method: 'PUT', url: '/api/me/email', payload: { email: 'events@example.org' } }));
    await ok(
      t.request(user, { method: 'POST', url: '/api/me/tokens', payload: { name: 'events', scopes: ['read'], expiresInDays: 7 } }),
      201,
    );
    const again = actorFrom(
      await signInRaw(t, 'events-user', 'Granite pelican sonata 4471', { ip: '10.71.0.4' }),
      'events-user',
      '10.71.0.4',
    );
    const list = (await t.request(user, { url: '/api/me/sessions' })).json<{ items: { id: string; ip: string }[] }>();
    await ok(t.request(user, { method: 'DELETE', url: `/api/me/sessions/${list.items.find((s) => s.ip === again.ip)!.id}` }));
    await ok(t.request(watcher, { method: 'DELETE', url: `/api/users/${userId}/sessions` }));
    expect(other.cookie).toBeDefined();

    t.clock.advance(HOUR);
    attackStart = t.clock.now();
    watcher = await t.signIn('events-admin', TEST_PASSWORD, { ip: '10.70.0.1' }); // the first session went idle
    for (let i = 0; i < 10; i++) await signInRaw(t, 'events-locked', WRONG, { ip: ATTACK_IP });
    for (let i = 0; i < 20; i++) await signInRaw(t, `ghost-${i}`, WRONG, { ip: ATTACK_IP });
    expect((await signInRaw(t, 'ghost', WRONG, { ip: ATTACK_IP })).statusCode).toBe(429);
    await ok(t.request(watcher, { method: 'POST', url: `/api/users/${lockedId}/unlock` }));
  });
  afterAll(async () => t?.close());

  async function search(query: string): Promise<{ items: EventJson[]; total: number }> {
    const res = await t.request(watcher, { url: `/api/admin/security-events${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: EventJson[]; total: number }>();
  }

  it.each([
    ['signin.succeeded', 'events-user', USER_IP],
    ['signin.failed', 'events-user', '10.71.0.2'],
    ['password.changed', 'events-user', USER_IP],
    ['mfa.enabled', 'events-user', USER_IP],
    ['mfa.disabled', 'events-user', USER_IP],
    ['email.changed', 'events-user', USER_IP],
    ['api_token.created', 'events-user', USER_IP],
    ['session.revoked', 'events-user', USER_IP],
    ['session.revoked_all', 'events-user', '10.70.0.1'],
    ['account.locked', 'events-locked', ATTACK_IP],
    ['account.unlocked', 'events-locked', '10.70.0.1'],
  ])('%s is logged against the user and found by its action', async (action, who, ip) => {
    const id = String(who === 'events-user' ? userId : lockedId);
    const found = await search(`?action=${action}`);
    const mine = found.items.filter((e) => e.target.id === id && e.target.type === 'user');
    expect(mine.length, JSON.stringify(found.items)).toBeGreaterThanOrEqual(1);
    expect(mine.map((e) => e.ip)).toContain(ip);
    expect(found.items.every((e) => e.action === action)).toBe(true);
    expect(found.total).toBe(found.items.length);
  });

  it('ip.blocked is logged once, for the blocked IP, at the 30th failure', async () => {
    const found = await search('?action=ip.blocked');
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ action: 'ip.blocked', target: { type: 'ip', id: ATTACK_IP }, ip: ATTACK_IP });
    const failures = await search(`?action=signin.failed&ip=${ATTACK_IP}`);
    expect(failures.total).toBe(30);
  });

  it('filters by user: everything about the user and nothing about others', async () => {
    const found = await search(`?userId=${userId}&limit=500`);
    const actions = new Set(found.items.map((e) => e.action));
    for (const a of [
      'signin.succeeded',
      'signin.failed',
      'password.changed',
      'mfa.enabled',
      'mfa.disabled',
      'email.changed',
      'api_token.created',
      'session.revoked',
    ]) {
      expect(actions.has(a), a).toBe(true);
    }
    expect(found.items.every((e) => e.target.id === String(userId) || e.actor.userId === userId)).toBe(true);
  });

  it('filters by client IP and by time', async () => {
    const byIp = await search(`?ip=${ATTACK_IP}&limit=500`);
    expect(byIp.items.length).toBeGreaterThanOrEqual(32);
    expect(byIp.items.every((e) => e.ip === ATTACK_IP)).toBe(true);

    const after = await search(`?from=${encodeURIComponent(attackStart.toISOString())}&limit=500`);
    expect(after.items.every((e) => Date.parse(e.at) >= attackStart.getTime())).toBe(true);
    expect(after.items.some((e) => e.action === 'account.locked')).toBe(true);
    expect(after.items.some((e) => e.action === 'password.changed')).toBe(false);

    const before = await search(`?to=${encodeURIComponent(attackStart.toISOString())}&limit=500`);
    expect(before.items.every((e) => Date.parse(e.at) < attackStart.getTime())).toBe(true);
    expect(before.items.some((e) => e.action === 'password.changed')).toBe(true);
    expect(before.items.some((e) => e.action === 'account.locked')).toBe(false);
    expect(before.total + after.total).toBe((await search('?limit=1')).total);
  });

  it('free-text search matches every word against action, actor, target and IP', async () => {
    const found = await search(`?q=${encodeURIComponent(`blocked ${ATTACK_IP}`)}`);
    expect(found.items.map((e) => e.action)).toEqual(['ip.blocked']);
    const byActor = await search('?q=events-admin');
    expect(new Set(byActor.items.map((e) => e.action))).toEqual(
      new Set(['account.unlocked', 'credentials.ended', 'session.revoked_all', 'signin.succeeded']),
    );
  });

  it('holds security events only, and only administrators read it', async () => {
    expect((await search('?action=user.created')).total).toBe(0);
    const reader = await t.signIn('events-locked', TEST_PASSWORD, { ip: '10.73.0.1' });
    expectError(await t.request(reader, { url: '/api/admin/security-events' }), 403, 'staff_only');
  });
});
