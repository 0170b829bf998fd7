// The pages security.txt names answer any client: the Policy URL gives curl (Accept: */*, or no Accept at all)
// the policy as readable text, and the Contact form URL says how to report without a browser; a browser gets
// the web UI; without a built web UI an HTML client gets a server-rendered page. Nothing depends on scripts.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { WEB_DIST } from '../../src/http/app.ts';
import { publicPageRoutes } from '../../src/http/routes/public-pages.ts';
import { registerSecurityHeaders } from '../../src/http/plugins/security-headers.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, ORIGIN, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { openTestApp } from '../security/support.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';

const CURL = { accept: '*/*', 'user-agent': 'curl/8.5.0' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe(`the pages security.txt points at, for any client (${backendName})`, () => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => t.request(anonymous, { url, headers });

  beforeAll(async () => {
    t = await openTestApp();
    await t.database.db.transaction((tx) =>
      changeSetting(
        systemSession('test'),
        tx,
        t.clock.now(),
        'disclosure',
        { securityEmail: 'psirt@example.com' },
        { env: { publicUrl: new URL(ORIGIN) } },
      ),
    );
  });
  afterAll(() => t?.close());

  it('answers every web address in security.txt with 200 to curl', async () => {
    const file = await get('/.well-known/security.txt', CURL);
    expect(file.statusCode).toBe(200);
    const urls = [...file.body.matchAll(/^(?:Contact|Policy|Canonical|Encryption|Acknowledgments): (https?:\/\/\S+)$/gm)].map((m) => m[1]!);
    expect(urls).toEqual(expect.arrayContaining([`${ORIGIN}/disclosure-policy`, `${ORIGIN}/report`]));
    for (const url of urls) {
      const res = await get(new URL(url).pathname, CURL);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('text/plain; charset=utf-8');
    }
  });

  it('gives curl the policy as readable text, with how to report', async () => {
    for (const headers of [CURL, {}]) {
      const res = await get('/disclosure-policy', headers);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers.vary).toMatch(/accept/i);
      expect(res.body).toMatch(/^# Disclosure policy of 127\.0\.0\.1:8080\n/);
      expect(res.body).toContain('## How to report');
      expect(res.body).toContain('## Safe harbour');
      expect(res.body).toContain(`Report a vulnerability: ${ORIGIN}/report`);
      expect(res.body).toContain('E-mail: psirt@example.com');
      expect(res.body).not.toMatch(/<(script|div|html)/i);
    }
    const head = await t.request(anonymous, { method: 'HEAD', url: '/disclosure-policy', headers: CURL });
    expect(head.statusCode).toBe(200);
  });

  it('shows an administrator-written policy as written (text, never rendered)', async () => {
    await t.database.db.transaction((tx) =>
      changeSetting(
        systemSession('test'),
        tx,
        t.clock.now(),
        'disclosure',
        { policyMarkdown: 'Our policy.\n\n<script>alert(1)</script>\n' },
        { env: { publicUrl: new URL(ORIGIN) } },
      ),
    );
    try {
      const res = await get('/disclosure-policy', CURL);
      expect(res.body).toContain('Our policy.');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await t.database.db.transaction((tx) =>
        changeSetting(
          systemSession('test'),
          tx,
          t.clock.now(),
          'disclosure',
          { policyMarkdown: null },
          { env: { publicUrl: new URL(ORIGIN) } },
        ),
      );
    }
  });

  it('tells curl how to report at the report form address', async () => {
    const res = await get('/report', CURL);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Open ${ORIGIN}/report in a web browser`);
    expect(res.body).toContain('psirt@example.com');
    expect(res.body).toContain(`POST ${ORIGIN}/api/reports`);
  });

  it.runIf(existsSync(path.join(WEB_DIST, 'index.html')))('gives browsers the web UI at the same addresses', async () => {
    for (const url of ['/disclosure-policy', '/report']) {
      const res = await get(url, BROWSER);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<div id="root">');
    }
  });
});

describe(`the policy page without a built web UI (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t?.close());

  it('serves HTML clients a server-rendered, script-free policy page', async () => {
    const app = Fastify();
    registerSecurityHeaders(app, { https: false, trustProxy: false });
    app.decorateRequest('session', null as never);
    app.addHook('onRequest', (request, _reply, done) => {
      request.session = anonymousSession('127.0.0.1');
      done();
    });
    publicPageRoutes(app, t.services, new URL(ORIGIN), { webUi: false });
    const res = await app.inject({ url: '/disclosure-policy', headers: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>Disclosure policy of 127.0.0.1:8080</h1>');
    expect(res.body).toContain('<h2>How to report</h2>');
    expect(res.body).not.toContain('<script');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    await app.close();
  });
});
