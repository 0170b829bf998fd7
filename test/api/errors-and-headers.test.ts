// One error shape for every 4xx/5xx (with the request id of the x-request-id header), unknown routes, body
// limits and content types, security headers on errors and 404s, the CSRF Origin rule, and the OpenAPI
// document.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ERRORS } from '../../src/errors/catalog.ts';
import { ORIGIN, anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { adminApi, expectError } from '../helpers/factories.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectSecurityHeaders(res: LightMyRequestResponse): void {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe(`errors and headers (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let outsider: Actor;
  let staffUser: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('errors-admin', { isAdmin: true });
    outsider = await t.actor('errors-outsider');
    // A staff-console user who is not an administrator (the console's administrator-only operations refuse them).
    const staffId = await t.createUser('errors-staff');
    await t.services.account.setSignInPolicy(systemSession('test'), staffId, { staffConsole: true });
    staffUser = await t.signIn('errors-staff');
    await adminApi(t, admin).group('Existing group');
    // A fault only this test file provokes: creating a group named "Explode" fails inside the database.
    await t.database.db.exec(`
      CREATE FUNCTION test_explode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'Explode' THEN RAISE EXCEPTION 'internal detail 9f3e: relation secrets'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_explode BEFORE INSERT ON groups FOR EACH ROW EXECUTE FUNCTION test_explode();`);
  });
  afterAll(async () => t?.close());

  /** Sends a request without the Origin header that TestApp.request adds to state-changing requests. */
  const withoutOrigin = (actor: Actor, options: InjectOptions) =>
    t.app.inject({
      ...options,
      headers: { ...(options.headers as Record<string, string>), ...(actor.cookie ? { cookie: actor.cookie } : {}) },
    });

  describe('every error answer has the one shape, with requestId = x-request-id', () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, () => Promise<LightMyRequestResponse>, number, string][] = [
      ['unknown API route', () => t.request(anonymous, { url: '/api/no-such-thing' }), 404, 'route_not_found'],
      [
        'unknown method on a known path',
        () => t.request(admin, { method: 'PUT', url: '/api/groups', payload: {} }),
        404,
        'route_not_found',
      ],
      ['unknown object', () => t.request(admin, { url: '/api/pages/123456789' }), 404, 'not_found'],
      ['bad path parameter', () => t.request(admin, { url: '/api/pages/abc' }), 400, 'validation'],
      ['bad query parameter', () => t.request(admin, { url: '/api/pages?limit=100000' }), 400, 'validation'],
      ['unknown query parameter', () => t.request(admin, { url: '/api/pages?colour=red' }), 400, 'validation'],
      [
        'malformed JSON',
        () => t.request(admin, { method: 'POST', url: '/api/groups', payload: '{"name":', headers: json }),
        400,
        'malformed_json',
      ],
      ['not signed in', () => t.request(anonymous, { method: 'POST', url: '/api/groups', payload: { name: 'x' } }), 401, 'unauthenticated'],
      [
        'wrong password',
        () =>
          t.request(anonymous, {
            method: 'POST',
            url: '/api/session',
            payload: { username: 'errors-admin', password: 'wrong password entirely' },
          }),
        401,
        'sign_in_failed',
      ],
      ['not a staff account', () => t.request(outsider, { method: 'POST', url: '/api/groups', payload: { name: 'x' } }), 403, 'staff_only'],
      [
        'staff but not an administrator',
        () => t.request(staffUser, { method: 'POST', url: '/api/groups', payload: { name: 'x' } }),
        403,
        'forbidden_admin',
      ],
      [
        'foreign Origin',
        () => t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'x' }, headers: { origin: 'https://evil.example' } }),
        403,
        'csrf_origin',
      ],
      [
        'duplicate name',
        () => t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'existing GROUP' } }),
        409,
        'name_taken',
      ],
      [
        'body too large',
        () => t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'x', description: 'y'.repeat(1_100_000) } }),
        413,
        'body_too_large',
      ],
      [
        'form-encoded body',
        () =>
          t.request(admin, {
            method: 'POST',
            url: '/api/groups',
            payload: 'name=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
        415,
        'unsupported_media_type',
      ],
      [
        'XML body',
        () =>
          t.request(admin, {
            method: 'POST',
            url: '/api/groups',
            payload: '<name>x</name>',
            headers: { 'content-type': 'application/xml' },
          }),
        415,
        'unsupported_media_type',
      ],
      [
        'multipart body',
        () =>
          t.request(admin, {
            method: 'POST',
            url: '/api/groups',
            payload: '--b\r\n\r\nx\r\n--b--',
            headers: { 'content-type': 'multipart/form-data; boundary=b' },
          }),
        415,
        'unsupported_media_type',
      ],
      [
        'failure inside the database',
        () => t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Explode' } }),
        500,
        'internal',
      ],
    ];

    for (const [what, send, status, id] of cases) {
      it(`${what} → ${status} ${id}`, async () => {
        const res = await send();
        const body = expectError(res, status, id);
        expect(body.requestId).toMatch(UUID);
        expectSecurityHeaders(res);
        expect(res.headers['cache-control']).toBe('no-store');
      });
    }

    it('request ids differ from request to request', async () => {
      const a = await t.request(anonymous, { url: '/api/no-such-thing' });
      const b = await t.request(anonymous, { url: '/api/no-such-thing' });
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });
  });

  it('an unknown route names the method and path, without echoing a long path back', async () => {
    const body = expectError(await t.request(admin, { method: 'POST', url: '/api/nowhere?x=1', payload: {} }), 404, 'route_not_found');
    expect(body.error.message).toBe('There is no endpoint POST /api/nowhere.');
    const long = expectError(await t.request(anonymous, { url: `/api/${'a'.repeat(5000)}` }), 404, 'route_not_found');
    expect(long.error.message.length).toBeLessThan(300);
  });

  it('a 413 and a 415 change nothing', async () => {
    await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Too big', description: 'y'.repeat(1_100_000) } });
    await t.request(admin, {
      method: 'POST',
      url: '/api/groups',
      payload: 'name=Form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const names = (await t.request(admin, { url: '/api/groups?kind=custom' }))
      .json<{ items: { name: string }[] }>()
      .items.map((g) => g.name);
    expect(names.sort()).toEqual(['Existing group', 'Triage team']);
  });

  it('a 500 tells nothing about the cause', async () => {
    const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Explode' } });
    const body = expectError(res, 500, 'internal');
    expect(body.error).toEqual({ id: 'internal', message: ERRORS.internal.message, fields: [] });
    for (const leak of ['9f3e', 'secrets', 'plpgsql', 'groups', 'stack', 'Error:']) expect(res.body).not.toContain(leak);
  });

  it('security headers are on a 404, on an error and on a success', async () => {
    for (const res of [
      await t.request(anonymous, { url: '/api/missing' }),
      await t.request(anonymous, { url: '/no-such-page' }),
      await t.request(admin, { url: '/api/groups/abc' }),
      await t.request(admin, { url: '/api/groups' }),
      await t.request(anonymous, { url: '/healthz' }),
    ]) {
      expectSecurityHeaders(res);
    }
  });

  describe('CSRF: cookie-authenticated state changes need a same-origin Origin', () => {
    const created = async (name: string) =>
      (await t.request(admin, { url: `/api/groups?q=${encodeURIComponent(name)}` })).json<{ total: number }>().total;

    it('no Origin header → 403 csrf_origin, and nothing changes', async () => {
      const res = await withoutOrigin(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Csrf none' } });
      const body = expectError(res, 403, 'csrf_origin');
      expect(body.error.message).toMatch(/Origin/);
      expect(await created('Csrf none')).toBe(0);
    });

    it.each([
      ['another site', 'https://evil.example'],
      ['the same host on another port', 'http://127.0.0.1:9999'],
      ['the same host over https', 'https://127.0.0.1:8080'],
      ['an opaque origin', 'null'],
      ['a lookalike suffix', 'http://127.0.0.1:8080.evil.example'],
    ])('Origin of %s → 403 csrf_origin', async (_what, origin) => {
      const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Csrf foreign' }, headers: { origin } });
      expectError(res, 403, 'csrf_origin');
      expect(await created('Csrf foreign')).toBe(0);
    });

    it('applies to PATCH, PUT, DELETE and sign-out too', async () => {
      const api = adminApi(t, admin);
      const g = await api.group('Csrf target');
      const page = await api.page({ title: 'Csrf page', read: g, edit: g, publish: g });
      for (const options of [
        { method: 'PATCH', url: `/api/groups/${g}`, payload: { name: 'Csrf renamed' } },
        { method: 'DELETE', url: `/api/groups/${g}` },
        { method: 'PUT', url: `/api/pages/${page}/access`, payload: { readGroupId: 1, editGroupId: 1, publishGroupId: 1 } },
        { method: 'POST', url: `/api/pages/${page}/publish` },
        { method: 'DELETE', url: '/api/session' },
      ] as InjectOptions[]) {
        expectError(await withoutOrigin(admin, options), 403, 'csrf_origin');
        expectError(await t.request(admin, { ...options, headers: { origin: 'https://evil.example' } }), 403, 'csrf_origin');
      }
      const after = (await t.request(admin, { url: `/api/groups/${g}` })).json<{ name: string }>();
      expect(after.name).toBe('Csrf target');
      const p = (await t.request(admin, { url: `/api/pages/${page}` })).json<{ readGroupId: number; published: boolean }>();
      expect(p).toMatchObject({ readGroupId: g, published: false });
      // The session survived the forged sign-out.
      expect((await t.request(admin, { url: '/api/session' })).json<{ user: { id: number } }>().user.id).toBe(admin.userId);
    });

    it('the same origin passes', async () => {
      const res = await t.request(admin, {
        method: 'POST',
        url: '/api/groups',
        payload: { name: 'Csrf same origin' },
        headers: { origin: ORIGIN },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(await created('Csrf same origin')).toBe(1);
    });

    it('reads need no Origin, and requests without the session cookie are not affected', async () => {
      expect((await withoutOrigin(admin, { url: '/api/groups' })).statusCode).toBe(200);
      expectError(await withoutOrigin(anonymous, { method: 'POST', url: '/api/groups', payload: { name: 'x' } }), 401, 'unauthenticated');
    });
  });

  describe('/api/openapi.json', () => {
    interface SchemaJson {
      type?: string;
      properties?: Record<string, SchemaJson>;
      items?: SchemaJson;
      required?: string[];
    }
    interface Doc {
      openapi: string;
      info: { title: string; version: string };
      components: { schemas: Record<string, SchemaJson> };
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
    }
    let doc: Doc;
    beforeAll(async () => {
      const res = await t.request(anonymous, { url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      doc = res.json<Doc>();
    });

    it('is an OpenAPI 3.1 document', () => {
      expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
      expect(doc.info.title).toBe('Parapet API');
    });

    it('documents the Error schema', () => {
      const error = doc.components.schemas.Error!;
      expect(error.type).toBe('object');
      expect(error.required).toEqual(expect.arrayContaining(['error', 'requestId']));
      const inner = error.properties!.error!;
      expect(inner.required).toEqual(expect.arrayContaining(['id', 'message', 'fields']));
      const fields = inner.properties!.fields!;
      expect(fields.type).toBe('array');
      expect(fields.items!.properties).toHaveProperty('field');
      expect(fields.items!.properties).toHaveProperty('message');
    });

    it.each([
      ['get', '/api/session'],
      ['post', '/api/session'],
      ['delete', '/api/session'],
      ['get', '/api/users'],
      ['post', '/api/users'],
      ['get', '/api/users/{id}'],
      ['patch', '/api/users/{id}'],
      ['get', '/api/users/{id}/effective-groups'],
      ['get', '/api/groups'],
      ['post', '/api/groups'],
      ['get', '/api/groups/{id}'],
      ['patch', '/api/groups/{id}'],
      ['delete', '/api/groups/{id}'],
      ['get', '/api/groups/{id}/uses'],
      ['get', '/api/groups/{id}/members'],
      ['post', '/api/groups/{id}/members/users'],
      ['delete', '/api/groups/{id}/members/users/{userId}'],
      ['post', '/api/groups/{id}/members/groups'],
      ['delete', '/api/groups/{id}/members/groups/{groupId}'],
      ['get', '/api/pages'],
      ['post', '/api/pages'],
      ['get', '/api/pages/count'],
      ['get', '/api/pages/{id}'],
      ['patch', '/api/pages/{id}'],
      ['post', '/api/pages/{id}/publish'],
      ['post', '/api/pages/{id}/unpublish'],
      ['put', '/api/pages/{id}/access'],
      ['get', '/api/audit'],
    ])('documents %s %s with its error answers as the Error schema', (method, path) => {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      const codes = Object.keys(op!.responses);
      expect(codes.some((c) => c.startsWith('2'))).toBe(true);
      for (const c of ['4XX', '5XX']) {
        expect(op!.responses[c]?.content?.['application/json']?.schema.$ref, `${method} ${path} ${c}`).toBe('#/components/schemas/Error');
      }
    });

    it('the docs page is served', async () => {
      const res = await t.request(anonymous, { url: '/api/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
