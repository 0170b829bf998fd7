// Anonymous visitors get a session on every request; it is stored (row + cookie) only once it holds
// something, and signing in always starts a new session that carries that content over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import { ORIGIN, TEST_PASSWORD, createTestApp, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';

async function sessionRows(t: TestApp) {
  return t.database.db.query<{ user_id: number | null; data: Record<string, unknown> }>(
    sql`SELECT user_id, data FROM sessions ORDER BY created_at`,
  );
}

describe(`anonymous sessions (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.createUser('visitor');
  });
  afterAll(async () => t?.close());

  it('an anonymous request acts as anonymous and stores nothing', async () => {
    const res = await t.app.inject({ url: '/api/session' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userType: 'anonymous', user: null, next: 'done', preferences: {} });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await sessionRows(t)).toEqual([]);
  });

  it('is stored once it holds something, and then follows the visitor', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/session/preferences', payload: { language: 'de', theme: 'dark' } });
    expect(put.statusCode).toBe(200);
    const cookie = put.cookies.find((c) => c.name === '__Host-parapet');
    expect(cookie).toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    const rows = await sessionRows(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: null, data: { preferences: { language: 'de', theme: 'dark' } } });

    const again = await t.app.inject({ url: '/api/session', headers: { cookie: `__Host-parapet=${cookie!.value}` } });
    expect(again.json()).toEqual({ userType: 'anonymous', user: null, next: 'done', preferences: { language: 'de', theme: 'dark' } });

    // Signing in from that session: a new token, the old session row gone, the content carried over.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { cookie: `__Host-parapet=${cookie!.value}`, origin: ORIGIN },
      payload: { username: 'visitor', password: TEST_PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    const next = signIn.cookies.find((c) => c.name === '__Host-parapet');
    expect(next?.value).toBeDefined();
    expect(next!.value).not.toBe(cookie!.value);
    expect(signIn.json()).toMatchObject({ userType: 'user', preferences: { language: 'de', theme: 'dark' } });
    const after = await sessionRows(t);
    expect(after).toHaveLength(1);
    expect(after[0]!.user_id).not.toBeNull();
    const old = await t.app.inject({ url: '/api/session', headers: { cookie: `__Host-parapet=${cookie!.value}` } });
    expect(old.json().userType).toBe('anonymous');
  });

  it('refuses bad preferences with a field error', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/session/preferences', payload: { language: 'not a tag!', colour: 'red' } });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .error.fields.map((f: { field: string }) => f.field)
      .sort();
    expect(fields).toEqual(['colour', 'language']);
  });
});
