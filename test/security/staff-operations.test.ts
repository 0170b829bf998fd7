// The staff console is one list (src/http/staff-operations.ts). This file enumerates every route of the app:
// - every listed operation needs a staff account, is refused outside the staff networks (reads and changes),
//   and, when it changes something, needs a recent password proof, so never an API token;
// - no route outside the list refuses an ordinary user as "administrators only": every route is called as
//   an ordinary user with inputs made from its schema. That probe is shown to reach the administrator check
//   of every listed route (called as a non-administrator with the staff console), so an administrator-only
//   route left out of the list would be found.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { STAFF_OPERATIONS, registeredRoutes, type StaffOperation } from '../../src/http/staff-operations.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { EVERYONE, adminApi, expectError } from '../helpers/factories.ts';
import { createProduct } from '../helpers/reports.ts';
import { TEST_PASSWORD, actorFrom, createUser, openTestApp, setSettings, setSignInPolicy, signInRaw } from './support.ts';

const system = systemSession('test');
const INSIDE = '10.70.0.5';
const OUTSIDE = '203.0.113.70';
const MISSING = 2147483000;

type Json = Record<string, unknown>;

/** A value that satisfies a route's JSON schema (required properties only; formats and patterns by example). */
function sample(schema: Json | undefined, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const options = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (options) return sample(options.find((o) => o.type !== 'null') ?? options[0], name);
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sample(props[k], k)]));
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample(schema.items as Json, name));
    case 'string': {
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return '2030-01-01T00:00:00Z';
      if (schema.format === 'date') return '2030-01-01';
      if (schema.format === 'email') return 'probe@example.org';
      if (typeof schema.pattern === 'string') {
        for (const candidate of ['12', 'en', 'CVE-2099-0001', 'probe']) if (new RegExp(schema.pattern).test(candidate)) return candidate;
        throw new Error(`no sample for pattern ${schema.pattern} (${name})`);
      }
      return 'probe'.padEnd(Number(schema.minLength ?? 0), 'x');
    }
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

const ROUTE_GUARD_IDS = new Set(['staff_only', 'reauthentication_required', 'token_scope', 'unauthenticated']);
const errorId = (res: LightMyRequestResponse): string | undefined => {
  try {
    return res.json<{ error?: { id?: string } }>().error?.id;
  } catch {
    return undefined;
  }
};

describe(`staff operations (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let outsideAdmin: Actor;
  let staleAdmin: Actor;
  let adminToken: string;
  let plain: Actor;
  let otherUserId: number;
  const ids: Record<string, number> = {};

  const routes = () => registeredRoutes(t.app).filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('staff-ops-admin', { isAdmin: true, ip: INSIDE });
    outsideAdmin = await t.actor('staff-ops-outside', { isAdmin: true, ip: OUTSIDE });
    staleAdmin = await t.actor('staff-ops-stale', { isAdmin: true, ip: INSIDE });
    await t.database.db.query(
      sql`UPDATE sessions SET authenticated_at = ${new Date(t.clock.now().getTime() - 3_600_000)} WHERE user_id = ${staleAdmin.userId!}`,
    );
    const created = await t.request(admin, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'admin ci', scopes: ['read', 'write'], expiresInDays: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    adminToken = created.json<{ token: string }>().token;
    plain = await t.actor('staff-ops-plain', { ip: INSIDE });
    otherUserId = await createUser(t, 'staff-ops-other');
    ids.group = (await t.services.groups.create(system, { name: 'Staff ops group' })).id;
    ids.product = (await createProduct(t, 'Staff ops product')).id;
    ids.page = await adminApi(t, admin).page({ title: 'Staff ops page', read: EVERYONE, edit: ids.group, publish: ids.group });
    await setSettings(t, { staffNetworks: ['10.70.0.0/16'] });
  });
  afterAll(async () => t?.close());

  /** A concrete URL for a route pattern: existing objects where the kind is clear, `fallback` elsewhere. */
  function urlFor(pattern: string, fallback: number | 'existing' = 'existing'): string {
    const kind = /^\/api\/(users|groups|products|pages)\//.exec(pattern)?.[1];
    const existing: Record<string, number> = { users: otherUserId, groups: ids.group!, products: ids.product!, pages: ids.page! };
    return pattern.replace(/:(\w+)/g, (_m, name: string) => {
      if (name === 'sessionId') return randomUUID();
      if (name === 'cveId') return 'CVE-2099-0001';
      if (name === 'key') return 'probe';
      if (name === 'ip') return '192.0.2.1';
      if (fallback !== 'existing') return String(fallback);
      if (name === 'id' && kind) return String(existing[kind]);
      if (name === 'userId') return String(otherUserId);
      if (name === 'groupId') return String(ids.group);
      return '1';
    });
  }

  const callAs = (actor: Actor, op: { method: string; url: string }, url: string) => t.request(actor, { method: op.method, url });
  const withToken = (op: StaffOperation, url: string) =>
    t.app.inject({ method: op.method, url, remoteAddress: INSIDE, headers: { authorization: `Bearer ${adminToken}` } });

  it('the list names routes of the app, and every /api/admin route is in it', () => {
    const all = routes();
    for (const op of STAFF_OPERATIONS)
      expect(
        all.some((r) => r.method === op.method && r.url === op.url),
        `${op.method} ${op.url}`,
      ).toBe(true);
    const adminRoutes = all.filter((r) => r.url.startsWith('/api/admin/'));
    expect(adminRoutes.length).toBeGreaterThan(20);
    expect(adminRoutes.filter((r) => !r.staff).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it.each(STAFF_OPERATIONS.map((op) => [`${op.method} ${op.url}`, op] as const))(
    '%s: staff account, staff networks, and re-authentication for changes',
    async (_name, op) => {
      const url = urlFor(op.url, MISSING);
      expectError(await t.app.inject({ method: op.method, url, remoteAddress: INSIDE }), 401, 'unauthenticated');
      expectError(await callAs(plain, op, url), 403, 'staff_only');
      expect(expectError(await callAs(outsideAdmin, op, url), 403, 'staff_only').error.message).toMatch(/network/);

      const byToken = await withToken(op, url);
      const fresh = await callAs(admin, op, url);
      expect(ROUTE_GUARD_IDS.has(errorId(fresh) ?? ''), `${fresh.statusCode} ${fresh.body}`).toBe(false);
      if (op.changes) {
        // Re-authentication is asked once the input is valid (a form shows its field errors first).
        const body = sample(
          ((registeredRoutes(t.app).find((r) => r.method === op.method && r.url === op.url)?.schema ?? {}) as { body?: Json }).body,
        );
        expectError(
          await t.request(staleAdmin, { method: op.method, url, ...(body === undefined ? {} : { payload: body as object }) }),
          403,
          'reauthentication_required',
        );
        expectError(byToken, 403, 'token_scope');
      } else {
        // Reads: a token of a staff account may read within the staff networks, and needs no fresh proof.
        expect(ROUTE_GUARD_IDS.has(errorId(byToken) ?? ''), `${byToken.statusCode} ${byToken.body}`).toBe(false);
        const stale = await callAs(staleAdmin, op, url);
        expect(ROUTE_GUARD_IDS.has(errorId(stale) ?? ''), `${stale.statusCode} ${stale.body}`).toBe(false);
      }
    },
  );

  it('staff networks and re-authentication are security events and leave nothing changed', async () => {
    const before = await t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    const payload = { username: 'made-from-outside', password: 'a long enough password 9981', isAdmin: true };
    expectError(await t.request(outsideAdmin, { method: 'POST', url: '/api/users', payload }), 403, 'staff_only');
    expectError(await t.request(staleAdmin, { method: 'POST', url: '/api/users', payload }), 403, 'reauthentication_required');
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/users',
        payload,
        remoteAddress: INSIDE,
        headers: { authorization: `Bearer ${adminToken}` },
      }),
      403,
      'token_scope',
    );
    expect((await t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`))[0]!.n).toBe(before[0]!.n);
    const refused = await t.database.db.query<{ target_id: string }>(sql`
      SELECT target_id FROM audit_events WHERE action = 'staff.network_refused' AND actor_user_id = ${outsideAdmin.userId!} AND category = 'security'`);
    expect(refused.map((r) => r.target_id)).toContain('POST /api/users');

    // After a fresh proof, the administrator is created.
    await t.reauthenticate(staleAdmin);
    const made = await t.request(staleAdmin, { method: 'POST', url: '/api/users', payload });
    expect(made.statusCode, made.body).toBe(201);
  });

  it("a user's own record is not administration: readable from any network", async () => {
    const outsider = await t.actor('staff-ops-self', { ip: OUTSIDE });
    expect((await t.request(outsider, { url: `/api/users/${outsider.userId}` })).statusCode).toBe(200);
    expect((await t.request(outsider, { url: `/api/users/${outsider.userId}/effective-groups` })).statusCode).toBe(200);
    expectError(await t.request(outsider, { url: `/api/users/${otherUserId}` }), 403, 'staff_only');
  });

  describe('no administrator-only route is missing from the list', () => {
    async function probe(username: string, options: { staffConsole?: boolean } = {}) {
      const id = await createUser(t, username);
      if (options.staffConsole) await setSignInPolicy(t, id, { staffConsole: true });
      let actor = actorFrom(await signInRaw(t, username, TEST_PASSWORD, { ip: INSIDE }), username, INSIDE);
      return async (route: { method: string; url: string; schema: unknown }): Promise<LightMyRequestResponse> => {
        const schema = (route.schema ?? {}) as { body?: Json; querystring?: Json };
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : sample(schema.body);
        const query = sample(schema.querystring) as Record<string, string> | undefined;
        const res = await t.request(actor, {
          method: route.method,
          url: urlFor(route.url),
          ...(body === undefined ? {} : { payload: body as object }),
          ...(query ? { query } : {}),
        });
        // Some routes end the probe's session (signing out, ending sessions): sign in again for the next.
        if ((await t.request(actor, { url: '/api/me/sessions' })).statusCode !== 200) {
          actor = actorFrom(await signInRaw(t, username, TEST_PASSWORD, { ip: INSIDE }), username, INSIDE);
        }
        return res;
      };
    }

    it('the probe reaches the administrator check of every listed route', async () => {
      const call = await probe('staff-ops-console', { staffConsole: true });
      const missed: string[] = [];
      for (const route of routes().filter((r) => r.staff && !r.staff.exceptOwn)) {
        const res = await call(route);
        if (!(res.statusCode === 403 && errorId(res) === 'forbidden_admin'))
          missed.push(`${route.method} ${route.url}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
      expect(missed).toEqual([]);
    });

    it('no route outside the list refuses an ordinary user as "administrators only"', async () => {
      const call = await probe('staff-ops-ordinary');
      const adminOnly: string[] = [];
      for (const route of routes().filter((r) => !r.staff)) {
        const res = await call(route);
        if (res.statusCode === 403 && ['forbidden_admin', 'staff_only'].includes(errorId(res) ?? ''))
          adminOnly.push(`${route.method} ${route.url}`);
      }
      expect(adminOnly).toEqual([]);
    });
  });
});
