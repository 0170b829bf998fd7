// The staff console: the one list of staff operations (administering users, groups, products, pages, the
// installation's settings, and reading the audit and security logs). Every operation listed here
//   - needs a staff account (administrators, or users given the staff console) — 401/403 staff_only;
//   - is reachable only from the staff networks (security setting staffNetworks), reads and changes alike;
//   - when it changes something: needs a password proof within the re-authentication window
//     (403 reauthentication_required), so it is never open to personal API tokens (403 token_scope), which
//     cannot re-authenticate.
// The rules are applied by plugins/access-guards.ts from the route's `config.staff`, which is set here from
// this list when a route is registered (a route cannot set it itself). test/security/staff-operations.test.ts
// enumerates every route of the app and fails when an administrator-only route is missing from this list.
import type { FastifyInstance, RouteOptions } from 'fastify';

export type StaffMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface StaffOperation {
  readonly method: StaffMethod;
  readonly url: string;
  /** Changes something: needs re-authentication (default: every method but GET). */
  readonly changes: boolean;
  /**
   * Also serves a user about themself: when this path parameter is the caller's own user id, it is not a
   * staff operation (GET /api/users/:id for one's own account).
   */
  readonly exceptOwn?: 'id';
}

type Entry = readonly [StaffMethod, string, { readOnly?: true; exceptOwn?: 'id' }?];

const ENTRIES: readonly Entry[] = [
  // Users and their sign-in security
  ['GET', '/api/users'],
  ['POST', '/api/users'],
  ['GET', '/api/users/:id', { exceptOwn: 'id' }],
  ['PATCH', '/api/users/:id'],
  ['GET', '/api/users/:id/effective-groups', { exceptOwn: 'id' }],
  ['POST', '/api/users/:id/unlock'],
  ['GET', '/api/users/:id/sessions'],
  ['DELETE', '/api/users/:id/sessions'],
  ['DELETE', '/api/users/:id/sessions/:sessionId'],
  ['PUT', '/api/users/:id/sign-in-policy'],
  ['POST', '/api/users/:id/invitation'],
  ['POST', '/api/users/:id/password-reset'],
  ['GET', '/api/admin/ip-blocks'],
  ['DELETE', '/api/admin/ip-blocks/:ip'],
  // Groups (listing and reading one's own groups is not administration)
  ['POST', '/api/groups'],
  ['PATCH', '/api/groups/:id'],
  ['DELETE', '/api/groups/:id'],
  ['GET', '/api/groups/:id/uses'],
  ['GET', '/api/groups/:id/members'],
  ['POST', '/api/groups/:id/members/users'],
  ['DELETE', '/api/groups/:id/members/users/:userId'],
  ['POST', '/api/groups/:id/members/groups'],
  ['DELETE', '/api/groups/:id/members/groups/:groupId'],
  // The product catalogue
  ['POST', '/api/products'],
  ['PATCH', '/api/products/:id'],
  ['DELETE', '/api/products/:id'],
  ['POST', '/api/products/:id/versions'],
  ['PATCH', '/api/products/:id/versions/:versionId'],
  ['DELETE', '/api/products/:id/versions/:versionId'],
  // Pages: creating them and deciding who reads, edits and publishes (editing is for their edit group)
  ['POST', '/api/pages'],
  ['PUT', '/api/pages/:id/access'],
  // Logs
  ['GET', '/api/audit'],
  ['GET', '/api/admin/security-events'],
  ['GET', '/api/admin/outbox'],
  // Installation settings
  ['GET', '/api/admin/security-settings'],
  ['PATCH', '/api/admin/security-settings'],
  ['GET', '/api/admin/intake-settings'],
  ['PATCH', '/api/admin/intake-settings'],
  ['GET', '/api/admin/disclosure-settings'],
  ['PATCH', '/api/admin/disclosure-settings'],
  ['GET', '/api/admin/security-txt'],
  ['GET', '/api/admin/team-key'],
  ['POST', '/api/admin/team-key/generate'],
  ['POST', '/api/admin/team-key/import'],
  // Hands out the private key: as sensitive as a change.
  ['POST', '/api/admin/team-key/export'],
  ['DELETE', '/api/admin/team-key'],
  ['GET', '/api/admin/report-templates'],
  ['PUT', '/api/admin/report-templates'],
  ['POST', '/api/admin/report-templates/preview', { readOnly: true }],
  ['GET', '/api/admin/report-inbox'],
  ['GET', '/api/admin/sla'],
  ['PATCH', '/api/admin/sla'],
  ['GET', '/api/admin/cve-pool'],
  ['POST', '/api/admin/cve-pool'],
  ['DELETE', '/api/admin/cve-pool/:cveId'],
  ['POST', '/api/admin/canned-responses'],
  ['PATCH', '/api/admin/canned-responses/:id'],
  ['DELETE', '/api/admin/canned-responses/:id'],
];

export const STAFF_OPERATIONS: readonly StaffOperation[] = ENTRIES.map(([method, url, o = {}]) => ({
  method,
  url,
  changes: method !== 'GET' && !o.readOnly,
  ...(o.exceptOwn ? { exceptOwn: o.exceptOwn } : {}),
}));

const key = (method: string, url: string) => `${method} ${url}`;
const BY_ROUTE = new Map(STAFF_OPERATIONS.map((op) => [key(op.method, op.url), op]));

/** The staff operation a route is, if any (HEAD routes are their GET's). */
export function staffOperation(method: string, url: string): StaffOperation | undefined {
  return BY_ROUTE.get(key(method === 'HEAD' ? 'GET' : method, url));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set from STAFF_OPERATIONS at registration (never by the route itself). */
    staff?: StaffOperation;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  staff: StaffOperation | undefined;
  /** The route's schema (params, querystring, body), for tests that call every route. */
  schema: RouteOptions['schema'];
}

const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on the app (for tests that enumerate them), with its staff operation. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

/**
 * Marks each route as it is registered with its staff operation (or none), and refuses to start when a route
 * marks itself, or when an entry of the list names no route (a renamed route must not leave the list stale).
 * Call before any route is registered.
 */
export function registerStaffOperations(app: FastifyInstance): void {
  const table: RegisteredRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const ops = methods.map((m) => staffOperation(m, route.url));
    if (new Set(ops).size > 1) throw new Error(`${methods.join(',')} ${route.url}: one route cannot be partly a staff operation.`);
    const declared = (route.config as { staff?: unknown } | undefined)?.staff;
    if (declared !== undefined && declared !== ops[0]) {
      throw new Error(
        `${methods.join(',')} ${route.url}: staff operations are named in src/http/staff-operations.ts, not in the route's config.`,
      );
    }
    route.config = { ...route.config, staff: ops[0] };
    for (const m of methods) table.push({ method: m, url: route.url, staff: ops[0], schema: route.schema });
  });
  app.addHook('onReady', (done) => {
    const missing = STAFF_OPERATIONS.filter((op) => !table.some((r) => r.method === op.method && r.url === op.url));
    if (missing.length > 0) {
      done(
        new Error(`src/http/staff-operations.ts names routes that do not exist: ${missing.map((op) => key(op.method, op.url)).join(', ')}`),
      );
      return;
    }
    done();
  });
}
