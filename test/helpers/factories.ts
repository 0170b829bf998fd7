// Builders for API tests: groups, memberships and pages created through HTTP as an administrator, each
// failing loudly (with the response body) when the API does not answer as expected.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Actor, TestApp } from './app.ts';

export const EVERYONE = 1;
export const REGISTERED = 2;
export const ADMINISTRATORS = 3;

function ok(res: LightMyRequestResponse, status: number, what: string): LightMyRequestResponse {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res;
}

export interface PageInput {
  title: string;
  body?: string;
  read: number;
  edit: number;
  publish: number;
}

/** API calls made by `admin`, for setting up a test's world. */
export function adminApi(t: TestApp, admin: Actor) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.request(admin, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  return {
    call,
    async group(name: string): Promise<number> {
      return ok(await call('POST', '/api/groups', { name }), 201, `create group ${name}`).json<{ id: number }>().id;
    },
    async user(username: string): Promise<number> {
      return t.createUser(username);
    },
    /** Makes `member` a direct member of `parent`. */
    async nest(parent: number, member: number): Promise<void> {
      ok(await call('POST', `/api/groups/${parent}/members/groups`, { groupId: member }), 200, `nest ${member} in ${parent}`);
    },
    async unnest(parent: number, member: number): Promise<void> {
      ok(await call('DELETE', `/api/groups/${parent}/members/groups/${member}`), 200, `unnest ${member} from ${parent}`);
    },
    async addUser(group: number, userId: number): Promise<void> {
      ok(await call('POST', `/api/groups/${group}/members/users`, { userId }), 200, `add user ${userId} to ${group}`);
    },
    async removeUser(group: number, userId: number): Promise<void> {
      ok(await call('DELETE', `/api/groups/${group}/members/users/${userId}`), 200, `remove user ${userId} from ${group}`);
    },
    async page(p: PageInput): Promise<number> {
      const res = await call('POST', '/api/pages', {
        title: p.title,
        body: p.body ?? '',
        readGroupId: p.read,
        editGroupId: p.edit,
        publishGroupId: p.publish,
      });
      return ok(res, 201, `create page ${p.title}`).json<{ id: number }>().id;
    },
    async setAccess(pageId: number, g: { read: number; edit: number; publish: number }): Promise<void> {
      const res = await call('PUT', `/api/pages/${pageId}/access`, { readGroupId: g.read, editGroupId: g.edit, publishGroupId: g.publish });
      ok(res, 200, `set access of page ${pageId}`);
    },
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

export interface ErrorBodyJson {
  error: { id: string; message: string; fields: { field: string; message: string }[]; details?: unknown; debug?: unknown };
  requestId: string;
}

/**
 * Asserts that `res` is an error answer with the given status and id, in the one error shape, and that its
 * requestId is the x-request-id header. Returns the parsed body for further checks.
 */
export function expectError(res: LightMyRequestResponse, status: number, id: string): ErrorBodyJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<ErrorBodyJson>();
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  expect(body.error.id).toBe(id);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(body.error.fields)).toBe(true);
  for (const f of body.error.fields) {
    expect(Object.keys(f).sort()).toEqual(['field', 'message']);
    expect(typeof f.field).toBe('string');
    expect(typeof f.message).toBe('string');
  }
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}
