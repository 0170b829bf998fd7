// Re-authentication: sensitive changes (e-mail, second factor, recovery codes, API tokens, security settings,
// group memberships)
// work within 10 minutes of the last password proof, then answer 403 reauthentication_required until
// POST /api/session/reauthenticate (with the second factor when one is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ADMINISTRATORS, adminApi, expectError } from '../helpers/factories.ts';
import { MINUTE, TEST_PASSWORD, WRONG, createUser, enrolTotp, openTestApp, reauthenticate } from './support.ts';

type Call = [string, (a: Actor) => Promise<import('fastify').LightMyRequestResponse>];

describe(`re-authentication before sensitive changes (${backendName})`, () => {
  let t: TestApp;
  let n = 0;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  const sensitive = (): Call[] => {
    n += 1;
    return [
      ['change e-mail', (a) => t.request(a, { method: 'PUT', url: '/api/me/email', payload: { email: `me${n}@example.org` } })],
      [
        'create an API token',
        (a) => t.request(a, { method: 'POST', url: '/api/me/tokens', payload: { name: `t${n}`, scopes: ['read'], expiresInDays: 5 } }),
      ],
      ['start TOTP set-up', (a) => t.request(a, { method: 'POST', url: '/api/me/mfa/totp' })],
    ];
  };

  it('within 10 minutes of signing in sensitive changes work; after 10 minutes they need a fresh proof', async () => {
    await createUser(t, 'reauth-user');
    const actor = await t.signIn('reauth-user');
    t.clock.advance(9 * MINUTE);
    for (const [what, call] of sensitive()) expect((await call(actor)).statusCode, what).toBeLessThan(300);

    t.clock.advance(2 * MINUTE); // 11 minutes after sign-in
    for (const [what, call] of sensitive()) {
      const body = expectError(await call(actor), 403, 'reauthentication_required');
      expect(body.error.message, what).toMatch(/password/);
    }

    const wrong = await t.request(actor, { method: 'POST', url: '/api/session/reauthenticate', payload: { password: WRONG } });
    expect(expectError(wrong, 400, 'validation').error.fields.map((f) => f.field)).toEqual(['password']);
    expectError(await sensitive()[0]![1](actor), 403, 'reauthentication_required');

    expect((await reauthenticate(t, actor)).statusCode).toBe(200);
    for (const [what, call] of sensitive()) expect((await call(actor)).statusCode, what).toBeLessThan(300);

    t.clock.advance(10 * MINUTE + 1000);
    expectError(await sensitive()[1]![1](actor), 403, 'reauthentication_required');
  });

  it('turning the second factor off and replacing recovery codes need a recent proof, which then needs the code', async () => {
    await createUser(t, 'reauth-mfa');
    const actor = await t.signIn('reauth-mfa');
    const { secret } = await enrolTotp(t, actor);
    t.clock.advance(11 * MINUTE);
    expectError(await t.request(actor, { method: 'POST', url: '/api/me/mfa/recovery-codes' }), 403, 'reauthentication_required');
    expectError(await t.request(actor, { method: 'DELETE', url: '/api/me/mfa' }), 403, 'reauthentication_required');

    expectError(await reauthenticate(t, actor), 401, 'mfa_failed');
    expectError(await t.request(actor, { method: 'DELETE', url: '/api/me/mfa' }), 403, 'reauthentication_required');
    expect((await reauthenticate(t, actor, totpCode(secret, t.clock.now()))).statusCode).toBe(200);
    expect((await t.request(actor, { method: 'POST', url: '/api/me/mfa/recovery-codes' })).statusCode).toBe(200);
    expect((await t.request(actor, { method: 'DELETE', url: '/api/me/mfa' })).statusCode).toBe(200);
    expect((await t.request(actor, { url: '/api/me/mfa' })).json()).toMatchObject({ enabled: false });
  });

  it('security settings need a recent proof from the administrator', async () => {
    const admin = await t.actor('reauth-admin', { isAdmin: true });
    t.clock.advance(11 * MINUTE);
    expectError(
      await t.request(admin, { method: 'PATCH', url: '/api/admin/security-settings', payload: { passwordMinLength: 14 } }),
      403,
      'reauthentication_required',
    );
    expect((await t.request(admin, { url: '/api/admin/security-settings' })).json()).toMatchObject({ passwordMinLength: 12 });
    expect((await reauthenticate(t, admin)).statusCode).toBe(200);
    const res = await t.request(admin, { method: 'PATCH', url: '/api/admin/security-settings', payload: { passwordMinLength: 14 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ passwordMinLength: 14 });
    await t.request(admin, { method: 'PATCH', url: '/api/admin/security-settings', payload: { passwordMinLength: 12 } });
  });

  it('changing group memberships needs a recent proof too', async () => {
    const admin = await t.actor('reauth-groups-admin', { isAdmin: true });
    const api = adminApi(t, admin);
    const group = await api.group('Reauth group');
    const member = await createUser(t, 'reauth-member');
    t.clock.advance(11 * MINUTE);
    const add = { method: 'POST' as const, url: `/api/groups/${group}/members/users`, payload: { userId: member } };
    expectError(await t.request(admin, add), 403, 'reauthentication_required');
    expectError(
      await t.request(admin, { method: 'POST', url: `/api/groups/${ADMINISTRATORS}/members/users`, payload: { userId: member } }),
      403,
      'reauthentication_required',
    );
    const members = await t.request(admin, { url: `/api/groups/${group}/members` });
    expect(members.body).not.toContain('reauth-member');
    expect((await reauthenticate(t, admin)).statusCode).toBe(200);
    const res = await t.request(admin, add);
    expect(res.statusCode, res.body).toBe(200);
    expect((await t.request(admin, { url: `/api/groups/${group}/members` })).body).toContain('reauth-member');
  });

  it('a password change needs the current password (itself a proof), also after 10 minutes', async () => {
    await createUser(t, 'reauth-password');
    const actor = await t.signIn('reauth-password');
    t.clock.advance(11 * MINUTE);
    const without = await t.request(actor, {
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: WRONG, newPassword: 'Marmalade harbour 6621 zephyr' },
    });
    expect(expectError(without, 400, 'validation').error.fields.map((f) => f.field)).toEqual(['currentPassword']);
    const res = await t.request(actor, {
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Marmalade harbour 6621 zephyr' },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});
