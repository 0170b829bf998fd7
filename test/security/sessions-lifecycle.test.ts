// Session lifecycle through HTTP: the cookie's attributes, an opaque token stored only as its SHA-256, a new
// session at every sign-in (also over an anonymous or signed-in session), the idle timeout and absolute
// lifetime with the injectable clock, and sign-out ending the session on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import {
  MINUTE,
  COOKIE,
  TEST_PASSWORD,
  actorFrom,
  createUser,
  isSignedIn,
  openTestApp,
  setToken,
  sha256,
  signInRaw,
  tableText,
  tokenOf,
} from './support.ts';

describe(`session lifecycle (${backendName})`, () => {
  let t: TestApp;
  let userId: number;

  beforeAll(async () => {
    t = await openTestApp();
    userId = await createUser(t, 'lifecycle');
  });
  afterAll(async () => t?.close());

  const signIn = async (): Promise<Actor> => {
    const res = await signInRaw(t, 'lifecycle', TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    return actorFrom(res, 'lifecycle');
  };

  it('sets __Host-parapet with Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain', async () => {
    const res = await signInRaw(t, 'lifecycle', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookies = res.cookies.filter((c) => c.name === COOKIE);
    expect(cookies).toHaveLength(1);
    const c = cookies[0]!;
    expect(c).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    expect(c.domain).toBeUndefined();
    const header = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]).find((h) => h.startsWith(`${COOKIE}=`))!;
    for (const attribute of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']) expect(header.split('; ')).toContain(attribute);
    expect(header.toLowerCase()).not.toContain('domain=');
    // The only other cookie is the device cookie of a completed sign-in, with the same attributes.
    const others = res.cookies.filter((x) => x.name !== COOKIE);
    expect(others.map((x) => x.name)).toEqual(['__Host-parapet-device']);
    expect(others[0]).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    expect(others[0]!.domain).toBeUndefined();
  });

  it('the token has at least 128 random bits and the sessions table holds only its SHA-256', async () => {
    const actor = await signIn();
    const token = tokenOf(actor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const rows = await t.database.db.query<{ id: string }>(sql`SELECT id FROM sessions WHERE user_id = ${userId}`);
    expect(rows.map((r) => r.id)).toContain(sha256(token));
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f]{64}$/);
      expect(r.id).not.toBe(token);
    }
    expect(await tableText(t, 'sessions')).not.toContain(token);
    // The session list shows a public id, never the token or its hash.
    const list = await t.request(actor, { url: '/api/me/sessions' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(sha256(token));
  });

  it('every sign-in makes a new session: two sign-ins give two tokens and two rows', async () => {
    const a = await signIn();
    const b = await signIn();
    expect(tokenOf(a)).not.toBe(tokenOf(b));
    expect(await isSignedIn(t, a)).toBe(true);
    expect(await isSignedIn(t, b)).toBe(true);
  });

  it('signing in while signed in replaces the session: the old token stops working', async () => {
    const before = await signIn();
    const res = await t.request(before, {
      method: 'POST',
      url: '/api/session',
      payload: { username: 'lifecycle', password: TEST_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = actorFrom(res, 'lifecycle');
    expect(tokenOf(after)).not.toBe(tokenOf(before));
    expect(await isSignedIn(t, before)).toBe(false);
    expect(await isSignedIn(t, after)).toBe(true);
    const ids = (await t.database.db.query<{ id: string }>(sql`SELECT id FROM sessions`)).map((r) => r.id);
    expect(ids).not.toContain(sha256(tokenOf(before)));
  });

  it('signing in over an anonymous stored session gives a new token (no fixation) and keeps the preferences', async () => {
    const prefs = await t.request(anonymous, { method: 'PUT', url: '/api/session/preferences', payload: { theme: 'dark' } });
    expect(prefs.statusCode, prefs.body).toBe(200);
    const anonToken = setToken(prefs)!;
    expect(anonToken).toBeDefined();
    const visitor: Actor = { cookie: `${COOKIE}=${anonToken}`, userId: undefined, username: undefined };
    const res = await t.request(visitor, {
      method: 'POST',
      url: '/api/session',
      payload: { username: 'lifecycle', password: TEST_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userType: 'user', next: 'done', preferences: { theme: 'dark' } });
    const signedIn = setToken(res)!;
    expect(signedIn).not.toBe(anonToken);
    const ids = (await t.database.db.query<{ id: string }>(sql`SELECT id FROM sessions`)).map((r) => r.id);
    expect(ids).not.toContain(sha256(anonToken));
    // The visitor's old token is worth nothing now.
    expect((await t.request(visitor, { url: '/api/session' })).json()).toMatchObject({ userType: 'anonymous', user: null });
  });

  it('ends a session idle for more than 30 minutes', async () => {
    const actor = await signIn();
    t.clock.advance(29 * MINUTE);
    expect(await isSignedIn(t, actor)).toBe(true);
    t.clock.advance(30 * MINUTE); // exactly 30 minutes since the last request
    expect(await isSignedIn(t, actor)).toBe(true);
    t.clock.advance(30 * MINUTE + 1000);
    expect(await isSignedIn(t, actor)).toBe(false);
    expect(await tableText(t, 'sessions')).not.toContain(sha256(tokenOf(actor)));
  });

  it('ends an active session 12 hours after sign-in, and the cookie lives no longer', async () => {
    const res = await signInRaw(t, 'lifecycle', TEST_PASSWORD);
    expect(res.cookies.find((c) => c.name === COOKIE)!.maxAge).toBe(12 * 3600);
    const actor = actorFrom(res, 'lifecycle');
    for (let i = 0; i < 28; i++) {
      t.clock.advance(25 * MINUTE);
      expect(await isSignedIn(t, actor), `after ${(i + 1) * 25} minutes`).toBe(true);
    }
    t.clock.advance(19 * MINUTE); // 11 h 59 min
    expect(await isSignedIn(t, actor)).toBe(true);
    t.clock.advance(MINUTE); // 12 h
    expect(await isSignedIn(t, actor)).toBe(false);
  });

  it('sign-out ends the session on the server: the old cookie no longer works', async () => {
    const actor = await signIn();
    const out = await t.request(actor, { method: 'DELETE', url: '/api/session' });
    expect(out.statusCode, out.body).toBe(200);
    const cleared = out.cookies.find((c) => c.name === COOKIE)!;
    expect(cleared.value).toBe('');
    expect(await isSignedIn(t, actor)).toBe(false);
    expect((await t.request(actor, { url: '/api/session' })).json()).toMatchObject({ userType: 'anonymous', user: null });
    const ids = (await t.database.db.query<{ id: string }>(sql`SELECT id FROM sessions`)).map((r) => r.id);
    expect(ids).not.toContain(sha256(tokenOf(actor)));
  });
});
