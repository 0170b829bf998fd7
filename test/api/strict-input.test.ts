// Input strictness: JSON bodies are not type-coerced, plain-text bodies are refused, names with invisible
// formatting characters are refused, and the Administrators group lists its members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';

describe(`strict input (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('strict-admin', { isAdmin: true });
  });
  afterAll(async () => t?.close());

  it.each([
    ['a number', 42],
    ['a boolean', true],
    ['an array', ['x']],
  ])('refuses %s where the body needs a string (no coercion)', async (_label, name) => {
    const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name } });
    expectError(res, 400, 'validation');
    expect(res.json().error.fields).toEqual([{ field: 'name', message: 'must be a string.' }]);
  });

  it('refuses a string where the body needs a whole number', async () => {
    const g = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Coercion check' } });
    const res = await t.request(admin, {
      method: 'POST',
      url: `/api/groups/${g.json().id}/members/users`,
      payload: { userId: String(admin.userId) },
    });
    expectError(res, 400, 'validation');
    expect(res.json().error.fields).toEqual([{ field: 'userId', message: 'must be a whole number.' }]);
  });

  it('still reads numbers in query strings and paths', async () => {
    const res = await t.request(admin, { url: '/api/groups?limit=2&offset=0' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeLessThanOrEqual(2);
  });

  it('refuses a plain-text body with 415', async () => {
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/groups',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it.each([
    ['a zero-width space', 'Par\u200Bent'],
    ['a right-to-left override', 'abc\u202Efdp.exe'],
    ['a byte-order mark inside', 'Te\uFEFFam'],
  ])('refuses a name with %s', async (_label, name) => {
    const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name } });
    expectError(res, 400, 'validation');
    expect(res.json().error.fields[0].field).toBe('name');
  });

  it('keeps zero-width joiners, which some scripts need', async () => {
    const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'टीम\u200Dएक' } });
    expect(res.statusCode).toBe(201);
  });

  it('names the real limit for a 10,000-character name', async () => {
    const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'n'.repeat(10_000) } });
    expectError(res, 400, 'validation');
    expect(res.json().error.fields).toEqual([{ field: 'name', message: 'must be at most 200 characters long (it has 10000).' }]);
  });

  it('lists and counts the members of Administrators', async () => {
    const group = await t.request(admin, { url: '/api/groups/3' });
    expect(group.json().userMemberCount).toBe(1);
    const members = await t.request(admin, { url: '/api/groups/3/members' });
    expect(members.json().users.map((u: { username: string }) => u.username)).toEqual(['strict-admin']);
  });

  it('shows member lists to administrators only', async () => {
    const g = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Private team' } });
    const member = await t.actor('private-member');
    await t.request(admin, { method: 'POST', url: `/api/groups/${g.json().id}/members/users`, payload: { userId: member.userId } });
    expectError(await t.request(member, { url: `/api/groups/${g.json().id}/members` }), 403, 'staff_only');
  });

  it('writes no audit event for a rename that changes nothing', async () => {
    const g = await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Same name' } });
    await t.request(admin, { method: 'PATCH', url: `/api/groups/${g.json().id}`, payload: {} });
    await t.request(admin, { method: 'PATCH', url: `/api/groups/${g.json().id}`, payload: { name: 'Same name' } });
    const events = await t.request(admin, { url: `/api/audit?targetType=group&targetId=${g.json().id}` });
    expect(events.json().items.map((e: { action: string }) => e.action)).toEqual(['group.created']);
  });
});
