// Restrictions on where and how Parapet may be used: per-user networks allowed to sign in (refused with the
// generic failure), the staff console flag and the staff networks, and the require-HTTPS setting (pages
// redirected, API refused over plain HTTP; believed through a trusted proxy's X-Forwarded-Proto only).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidrList } from '../../src/http/client-ip.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { TEST_PASSWORD, WRONG, createUser, openTestApp, setSettings, signInRaw } from './support.ts';

const STAFF_ROUTES = [
  ['GET', '/api/admin/security-settings'],
  ['GET', '/api/admin/security-events'],
  ['GET', '/api/admin/outbox'],
] as const;

function withoutRequestId(res: LightMyRequestResponse) {
  const body = res.json<{ requestId?: string }>();
  delete body.requestId;
  return { status: res.statusCode, body };
}

describe(`sign-in and console restrictions (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let user: Actor;

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('restrict-admin', { isAdmin: true });
    user = await t.actor('restrict-user');
  });
  afterAll(async () => t?.close());

  it('a user limited to some networks cannot sign in from elsewhere, and is told only the generic failure', async () => {
    const id = await createUser(t, 'netbound');
    const policy = await t.request(admin, {
      method: 'PUT',
      url: `/api/users/${id}/sign-in-policy`,
      payload: { allowedNetworks: ['198.51.100.0/24'] },
    });
    expect(policy.statusCode, policy.body).toBe(200);

    const outside = await signInRaw(t, 'netbound', TEST_PASSWORD, { ip: '203.0.113.5' });
    expectError(outside, 401, 'sign_in_failed');
    expect(outside.cookies.filter((c) => c.value !== '')).toEqual([]);
    const wrong = await signInRaw(t, 'netbound', WRONG, { ip: '198.51.100.21' });
    expect(withoutRequestId(outside)).toEqual(withoutRequestId(wrong));
    expect((await signInRaw(t, 'netbound', TEST_PASSWORD, { ip: '198.51.100.20' })).statusCode).toBe(200);

    const bad = await t.request(admin, {
      method: 'PUT',
      url: `/api/users/${id}/sign-in-policy`,
      payload: { allowedNetworks: ['10.0.0.0/33'] },
    });
    expect(expectError(bad, 400, 'validation').error.fields.map((f) => f.field)).toEqual(['allowedNetworks.0']);
  });

  it.each(STAFF_ROUTES)('%s %s: 403 staff_only for a non-staff user, 401 for a visitor, 200 for an administrator', async (method, url) => {
    expectError(await t.request(user, { method, url }), 403, 'staff_only');
    expectError(await t.request(anonymous, { method, url }), 401, 'unauthenticated');
    expect((await t.request(admin, { method, url })).statusCode).toBe(200);
  });

  it('staff routes that change something refuse a non-staff user before doing anything', async () => {
    const victimId = await createUser(t, 'staff-victim');
    for (let i = 0; i < 10; i++) await signInRaw(t, 'staff-victim', WRONG, { ip: '10.41.0.1' });
    expectError(await t.request(user, { method: 'POST', url: `/api/users/${victimId}/unlock` }), 403, 'staff_only');
    expectError(
      await t.request(user, { method: 'PATCH', url: '/api/admin/security-settings', payload: { requireHttps: true } }),
      403,
      'staff_only',
    );
    expectError(
      await t.request(user, { method: 'PUT', url: `/api/users/${victimId}/sign-in-policy`, payload: { staffConsole: true } }),
      403,
      'staff_only',
    );
    expectError(await signInRaw(t, 'staff-victim', TEST_PASSWORD, { ip: '10.41.0.2' }), 401, 'sign_in_failed');
    expect((await t.request(admin, { url: '/api/admin/security-settings' })).json()).toMatchObject({ requireHttps: false });
  });

  it('the staff networks setting keeps staff routes away from other client IPs', async () => {
    const inside = await t.actor('restrict-admin-inside', { isAdmin: true, ip: '10.40.0.5' });
    const set = await t.request(inside, {
      method: 'PATCH',
      url: '/api/admin/security-settings',
      payload: { staffNetworks: ['10.40.0.0/16'] },
    });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const refused = expectError(await t.request(admin, { url: '/api/admin/security-settings' }), 403, 'staff_only');
      expect(refused.error.message).toMatch(/network/);
      expectError(await t.request(admin, { url: '/api/admin/security-events' }), 403, 'staff_only');
      expect((await t.request(inside, { url: '/api/admin/security-settings' })).statusCode).toBe(200);
      // Routes outside the staff console are not affected.
      expect((await t.request(admin, { url: '/api/me/sessions' })).statusCode).toBe(200);
    } finally {
      await setSettings(t, { staffNetworks: [] });
    }
  });

  it('refuses a staff network that is not a CIDR range', async () => {
    const res = await t.request(admin, {
      method: 'PATCH',
      url: '/api/admin/security-settings',
      payload: { staffNetworks: ['not-a-network'] },
    });
    expect(expectError(res, 400, 'validation').error.fields.map((f) => f.field)).toEqual(['staffNetworks.0']);
  });
});

describe(`require HTTPS (${backendName})`, () => {
  let t: TestApp;
  const proxy = '127.0.0.1';
  const https = { 'x-forwarded-proto': 'https', host: '127.0.0.1:8080' };

  beforeAll(async () => {
    t = await openTestApp({ config: { trustProxy: parseCidrList(proxy) } });
    await createUser(t, 'https-user');
    await setSettings(t, { requireHttps: true });
  });
  afterAll(async () => t?.close());

  it('redirects a page request over plain HTTP to https, keeping path and query', async () => {
    const res = await t.app.inject({ url: '/groups/12?tab=members', headers: { accept: 'text/html', host: '127.0.0.1:8080' } });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('https://127.0.0.1:8080/groups/12?tab=members');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('refuses API requests over plain HTTP, in the error shape, without signing anyone in', async () => {
    const get = await t.app.inject({ url: '/api/session' });
    expect(get.statusCode).toBeGreaterThanOrEqual(400);
    expect(get.statusCode).toBeLessThan(500);
    expect(get.json<{ error: { message: string } }>().error.message).toMatch(/HTTPS/);
    const signIn = await signInRaw(t, 'https-user', TEST_PASSWORD);
    expect(signIn.statusCode).toBeGreaterThanOrEqual(400);
    expect(signIn.statusCode).toBeLessThan(500);
    expect(signIn.cookies.filter((c) => c.value !== '')).toEqual([]);
  });

  it('health checks still answer over plain HTTP', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('accepts requests that reached a trusted proxy over HTTPS, and sends HSTS on them', async () => {
    const res = await t.app.inject({ url: '/api/session', remoteAddress: proxy, headers: https });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security'] ?? '').toMatch(/max-age=\d{7,}/);
    const signIn = await signInRaw(t, 'https-user', TEST_PASSWORD, { ip: proxy, headers: https });
    expect(signIn.statusCode, signIn.body).toBe(200);
  });

  it('ignores X-Forwarded-Proto from an untrusted peer', async () => {
    const res = await t.app.inject({ url: '/api/session', remoteAddress: '198.51.100.9', headers: https });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const page = await t.app.inject({ url: '/', remoteAddress: '198.51.100.9', headers: { ...https, accept: 'text/html' } });
    expect(page.statusCode).toBe(301);
  });
});
