// CSRF on the account-security routes: every state-changing request that carries the session cookie needs a
// same-origin Origin header. Forged requests (no Origin, a foreign one) get 403 csrf_origin and change
// nothing — the requests are otherwise valid, so a missing check would show as a change. GET on a
// state-changing path changes nothing either.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.ts';
import { sql } from '../../src/db/database.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { TEST_PASSWORD, WRONG, actorFrom, createUser, enrolTotp, openTestApp, signInRaw, tableText } from './support.ts';

const TABLES = ['users', 'sessions', 'api_tokens', 'mfa_recovery_codes', 'email_tokens', 'settings', 'audit_events', 'ip_blocks'];

describe(`CSRF on account-security routes (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let victim: Actor;
  let pending: Actor;
  let pendingSecret: string;
  let lockedId: number;
  let tokenId: number;
  let otherSessionId: string;
  let totpSecret: string;

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('csrf-admin', { isAdmin: true });
    await createUser(t, 'csrf-victim', { email: 'victim@example.org' });
    victim = await t.signIn('csrf-victim');
    await signInRaw(t, 'csrf-victim', TEST_PASSWORD, { ip: '10.50.0.2' }); // a second session, to end by id
    const token = await t.request(victim, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'script', scopes: ['read'], expiresInDays: 30 },
    });
    tokenId = token.json<{ info: { id: number } }>().info.id;
    const sessions = (await t.request(victim, { url: '/api/me/sessions' })).json<{ items: { id: string; current: boolean }[] }>();
    otherSessionId = sessions.items.find((s) => !s.current)!.id;
    const begin = await t.request(victim, { method: 'POST', url: '/api/me/mfa/totp' });
    totpSecret = begin.json<{ secret: string }>().secret;

    // A user half-way through a sign-in with a second factor.
    await createUser(t, 'csrf-mfa');
    const mfaUser = await t.signIn('csrf-mfa');
    pendingSecret = (await enrolTotp(t, mfaUser)).secret;
    pending = actorFrom(await signInRaw(t, 'csrf-mfa', TEST_PASSWORD), 'csrf-mfa');

    lockedId = await createUser(t, 'csrf-locked');
    for (let i = 0; i < 10; i++) await signInRaw(t, 'csrf-locked', WRONG, { ip: '10.50.1.1' });
  });
  afterAll(async () => t?.close());

  async function snapshot(): Promise<string> {
    const parts = await Promise.all(TABLES.map((table) => tableText(t, table)));
    const jobs = await t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM pgboss.job`);
    return JSON.stringify([parts, jobs[0]!.n]);
  }

  const forged = (): [string, () => Actor, InjectOptions][] => [
    [
      'change password',
      () => victim,
      { method: 'POST', url: '/api/me/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'Forged password quartz 8812' } },
    ],
    ['start TOTP set-up', () => victim, { method: 'POST', url: '/api/me/mfa/totp' }],
    [
      'confirm TOTP',
      () => victim,
      { method: 'POST', url: '/api/me/mfa/totp/confirm', payload: { code: totpCode(totpSecret, t.clock.now()) } },
    ],
    ['turn MFA off', () => victim, { method: 'DELETE', url: '/api/me/mfa' }],
    ['new recovery codes', () => victim, { method: 'POST', url: '/api/me/mfa/recovery-codes' }],
    ['end all other sessions', () => victim, { method: 'DELETE', url: '/api/me/sessions' }],
    ['end one session', () => victim, { method: 'DELETE', url: `/api/me/sessions/${otherSessionId}` }],
    [
      'create an API token',
      () => victim,
      { method: 'POST', url: '/api/me/tokens', payload: { name: 'forged', scopes: ['write'], expiresInDays: 30 } },
    ],
    ['revoke an API token', () => victim, { method: 'DELETE', url: `/api/me/tokens/${tokenId}` }],
    ['change e-mail', () => victim, { method: 'PUT', url: '/api/me/email', payload: { email: 'attacker@example.org' } }],
    ['mail a verification link', () => victim, { method: 'POST', url: '/api/me/email/verification' }],
    ['save preferences', () => victim, { method: 'PUT', url: '/api/session/preferences', payload: { theme: 'dark' } }],
    ['re-authenticate', () => victim, { method: 'POST', url: '/api/session/reauthenticate', payload: { password: TEST_PASSWORD } }],
    [
      'sign in over the session',
      () => victim,
      { method: 'POST', url: '/api/session', payload: { username: 'csrf-admin', password: TEST_PASSWORD } },
    ],
    ['sign out', () => victim, { method: 'DELETE', url: '/api/session' }],
    ['ask for a password reset', () => victim, { method: 'POST', url: '/api/password-reset', payload: { login: 'csrf-victim' } }],
    [
      'second factor of a pending sign-in',
      () => pending,
      { method: 'POST', url: '/api/session/second-factor', payload: { code: totpCode(pendingSecret, t.clock.now()) } },
    ],
    ['unlock an account', () => admin, { method: 'POST', url: `/api/users/${lockedId}/unlock` }],
    ["end a user's sessions", () => admin, { method: 'DELETE', url: `/api/users/${victim.userId}/sessions` }],
    ["end one of a user's sessions", () => admin, { method: 'DELETE', url: `/api/users/${victim.userId}/sessions/${otherSessionId}` }],
    [
      'set a sign-in policy',
      () => admin,
      {
        method: 'PUT',
        url: `/api/users/${victim.userId}/sign-in-policy`,
        payload: { allowedNetworks: ['192.0.2.0/24'], staffConsole: true },
      },
    ],
    [
      'change security settings',
      () => admin,
      { method: 'PATCH', url: '/api/admin/security-settings', payload: { requireHttps: true, lockoutThreshold: 100 } },
    ],
  ];

  it.each(['no Origin', 'a foreign Origin'])(
    'with %s, every state-changing route answers 403 csrf_origin and nothing changes',
    async (kind) => {
      const before = await snapshot();
      for (const [what, who, options] of forged()) {
        const actor = who();
        const headers: Record<string, string> = { cookie: actor.cookie! };
        if (kind === 'a foreign Origin') headers.origin = 'https://evil.example';
        const res = await t.app.inject({ ...options, headers, ...(actor.ip ? { remoteAddress: actor.ip } : {}) });
        expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
        expectError(res, 403, 'csrf_origin');
        expect(
          res.cookies.filter((c) => c.name === '__Host-parapet'),
          what,
        ).toEqual([]);
      }
      expect(await snapshot()).toBe(before);
    },
  );

  it('the same requests with the same-origin Origin are not refused as CSRF', async () => {
    const res = await t.request(victim, { method: 'PUT', url: '/api/session/preferences', payload: { theme: 'dark' } });
    expect(res.statusCode, res.body).toBe(200);
    const reauth = await t.request(victim, { method: 'POST', url: '/api/session/reauthenticate', payload: { password: TEST_PASSWORD } });
    expect(reauth.statusCode, reauth.body).toBe(200);
  });

  it('GET (and HEAD) on state-changing paths changes nothing', async () => {
    const before = await snapshot();
    for (const url of [
      '/api/me/mfa/totp',
      '/api/me/mfa/totp/confirm',
      '/api/me/mfa/recovery-codes',
      '/api/me/email/verification',
      '/api/session/reauthenticate',
      '/api/session/second-factor',
      `/api/users/${lockedId}/unlock`,
      '/api/password-reset',
      '/api/password-reset/complete',
      '/api/email/verify',
    ]) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await t.request(victim, { method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        const adminRes = await t.request(admin, { method, url });
        expect(adminRes.statusCode, `${method} ${url} as admin`).toBe(404);
      }
    }
    // Reads of account data change nothing either.
    for (const url of ['/api/me/sessions', '/api/me/tokens', '/api/me/mfa', '/api/session']) {
      expect((await t.request(victim, { url })).statusCode).toBe(200);
    }
    expect(await snapshot()).toBe(before);
  });
});
