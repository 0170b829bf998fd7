import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { backendName } from './helpers/db.ts';

describe(`smoke (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('answers health and readiness', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', migrated: true });
  });

  it('signs in an administrator and creates a nested group', async () => {
    const admin = await t.actor('root', { isAdmin: true });
    const a = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Team A' } });
    expect(a.statusCode).toBe(201);
    const b = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Team B' } });
    const nest = await t.request(admin, {
      method: 'POST',
      url: `/api/groups/${a.json().id}/members/groups`,
      payload: { groupId: b.json().id },
    });
    expect(nest.statusCode).toBe(200);
    const cycle = await t.request(admin, {
      method: 'POST',
      url: `/api/groups/${b.json().id}/members/groups`,
      payload: { groupId: a.json().id },
    });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error.id).toBe('group_cycle');
  });
});
