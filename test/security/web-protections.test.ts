// Web protections on every response — API answers, 401/403/404/429 errors, a 500 from an injected database
// fault, a redirect, the docs page and static files of the web UI: a CSP without inline script,
// nosniff, a Referrer-Policy that sends no path, COOP same-origin, a Permissions-Policy, no X-Powered-By, and
// Cache-Control: no-store on API responses. 5xx answers carry details only for developer IPs.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors/catalog.ts';
import { WEB_DIST } from '../../src/http/app.ts';
import { parseCidrList } from '../../src/http/client-ip.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { WRONG, openTestApp, setSettings, signInRaw } from './support.ts';

const FAULT = `
  CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN IF NEW.user_agent = 'explode' THEN RAISE EXCEPTION 'internal detail 7c1d: relation sessions'; END IF; RETURN NEW; END $$;
  CREATE TRIGGER test_fault BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION test_fault();`;

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!.toLowerCase(), values];
      }),
  );
}

function expectWebProtections(res: LightMyRequestResponse, what: string, opts: { api: boolean }): void {
  const csp = directives(res.headers['content-security-policy'] ?? '');
  const script = csp.get('script-src') ?? csp.get('default-src');
  expect(script, `${what}: script-src`).toBeDefined();
  expect(script, what).not.toContain("'unsafe-inline'");
  expect(script, what).not.toContain("'unsafe-eval'");
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('form-action'), what).toEqual(["'self'"]);
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(['no-referrer', 'origin', 'strict-origin'], what).toContain(res.headers['referrer-policy']);
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(String(res.headers['permissions-policy'] ?? ''), what).toMatch(/camera=\(\)/);
  expect(res.headers['x-powered-by'], what).toBeUndefined();
  if (opts.api) expect(res.headers['cache-control'] ?? '', what).toContain('no-store');
}

describe(`web protections on every response (${backendName})`, () => {
  let t: TestApp;
  let user: Actor;

  beforeAll(async () => {
    t = await openTestApp();
    user = await t.actor('web-user');
    await t.database.db.exec(FAULT);
  });
  afterAll(async () => t?.close());

  const api: [string, () => Promise<LightMyRequestResponse>, number, boolean?][] = [
    ['a successful API read', () => t.request(user, { url: '/api/me/sessions' }), 200],
    ['the session of a visitor', () => t.request(anonymous, { url: '/api/session' }), 200],
    ['an unknown API route (404)', () => t.request(anonymous, { url: '/api/no-such-route' }), 404],
    ['an unknown page without a web accept header (404)', () => t.request(anonymous, { url: '/no-such-page' }), 404, false],
    ['a failed sign-in (401)', () => signInRaw(t, 'web-user', WRONG, { ip: '10.80.0.9' }), 401],
    ['a refused staff route (403)', () => t.request(user, { url: '/api/admin/security-settings' }), 403],
    ['a CSRF refusal (403)', () => t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: user.cookie! } }), 403],
    [
      'a fault inside the database (500)',
      () =>
        t.request(anonymous, {
          method: 'PUT',
          url: '/api/session/preferences',
          payload: { theme: 'dark' },
          headers: { 'user-agent': 'explode' },
        }),
      500,
    ],
    ['the OpenAPI document', () => t.request(anonymous, { url: '/api/openapi.json' }), 200],
    ['the health check', () => t.request(anonymous, { url: '/healthz' }), 200],
  ];

  it.each(api)('%s', async (what, send, status, isApi = true) => {
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    expectWebProtections(res, what, { api: isApi });
  });

  it('a blocked client IP (429)', async () => {
    for (let i = 0; i < 30; i++) await signInRaw(t, `web-ghost-${i}`, WRONG, { ip: '10.81.0.1' });
    const res = await signInRaw(t, 'web-user', WRONG, { ip: '10.81.0.1' });
    expectError(res, 429, 'rate_limited');
    expectWebProtections(res, '429', { api: true });
  });

  it('the API docs page (inline styles allowed there, never inline script)', async () => {
    const res = await t.request(anonymous, { url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expectWebProtections(res, 'docs', { api: true });
  });

  it('a redirect to HTTPS', async () => {
    await setSettings(t, { requireHttps: true });
    try {
      const res = await t.app.inject({ url: '/somewhere', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(301);
      expectWebProtections(res, 'redirect', { api: false });
    } finally {
      await setSettings(t, { requireHttps: false });
    }
  });

  describe('static files of the web UI (web/dist; npm run build:web)', () => {
    it('web/dist has been built', () => {
      expect(existsSync(path.join(WEB_DIST, 'index.html')), `build the web UI first: npm run build:web (${WEB_DIST})`).toBe(true);
    });

    it('the app page at / and at a deep link', async () => {
      for (const url of ['/', '/groups/5']) {
        const res = await t.request(anonymous, { url, headers: { accept: 'text/html' } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/); // no inline script in the page
        expectWebProtections(res, url, { api: false });
      }
    });

    it('a script asset and the favicon', async () => {
      const assets = readdirSync(path.join(WEB_DIST, 'assets'));
      const script = assets.find((a) => a.endsWith('.js'));
      expect(script, 'a built script in web/dist/assets').toBeDefined();
      for (const url of [`/assets/${script}`, '/favicon.svg']) {
        const res = await t.request(anonymous, { url });
        expect(res.statusCode, url).toBe(200);
        expectWebProtections(res, url, { api: false });
      }
    });
  });
});

describe(`details of server errors (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp({ config: { developerIps: parseCidrList('127.0.0.1') } });
    await t.database.db.exec(FAULT);
  });
  afterAll(async () => t?.close());

  const explode = (ip: string) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/session/preferences',
      payload: { theme: 'dark' },
      remoteAddress: ip,
      headers: { origin: 'http://127.0.0.1:8080', 'user-agent': 'explode' },
    });

  it('a developer IP sees the cause of a 500', async () => {
    const body = expectError(await explode('127.0.0.1'), 500, 'internal');
    expect(body.error.debug).toMatchObject({ message: expect.stringContaining('7c1d') });
  });

  it('anyone else gets the bare 500, without any detail', async () => {
    const res = await explode('10.82.0.1');
    const body = expectError(res, 500, 'internal');
    expect(body.error).toEqual({ id: 'internal', message: ERRORS.internal.message, fields: [] });
    for (const leak of ['7c1d', 'relation', 'sessions', 'stack', 'plpgsql']) expect(res.body).not.toContain(leak);
    expectWebProtections(res, '500 to a non-developer', { api: true });
  });

  it('4xx answers carry no debug details, even for developer IPs', async () => {
    const body = expectError(await t.app.inject({ url: '/api/me/sessions' }), 401, 'unauthenticated');
    expect(body.error.debug).toBeUndefined();
  });
});

describe(`HSTS when served over HTTPS (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp({ config: { publicUrl: new URL('https://parapet.example') } });
  });
  afterAll(async () => t?.close());

  it.each([
    ['an API answer', '/api/session', {}],
    ['an API 404', '/api/no-such-route', {}],
    ['the app page', '/', { accept: 'text/html' }],
    ['the favicon', '/favicon.svg', {}],
  ])('on %s', async (_what, url, headers) => {
    const res = await t.app.inject({ url, headers });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['strict-transport-security'] ?? '').toMatch(/max-age=\d{7,}/);
  });
});
