// Sessions bound to the client IP: administrators' sessions by default (a request from another IP ends the
// session and writes a security event), everyone's when an administrator turns bindSessionIpForEveryone on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { TEST_PASSWORD, actorFrom, createUser, isSignedIn, openTestApp, sessionRows, setSettings, signInRaw } from './support.ts';

interface EventJson {
  action: string;
  ip: string | null;
  target: { type: string; id: string };
}

describe(`sessions bound to the client IP (${backendName})`, () => {
  let t: TestApp;
  let watcher: Actor;
  let adminId: number;
  let userId: number;

  beforeAll(async () => {
    t = await openTestApp();
    watcher = await t.actor('ip-watcher', { isAdmin: true, ip: '10.31.0.1' });
    adminId = await createUser(t, 'ip-admin', { isAdmin: true });
    userId = await createUser(t, 'ip-user');
  });
  afterAll(async () => t?.close());

  const signIn = async (name: string, ip: string) => actorFrom(await signInRaw(t, name, TEST_PASSWORD, { ip }), name, ip);

  it("an administrator's session used from another IP ends, even back at the first IP, with a security event", async () => {
    const admin = await signIn('ip-admin', '10.32.0.1');
    expect(await isSignedIn(t, admin)).toBe(true);
    expect((await sessionRows(t, adminId))[0]!.bound_ip).toBe(true);

    expect(await isSignedIn(t, admin, '10.32.0.2')).toBe(false);
    expect(await isSignedIn(t, admin)).toBe(false);
    expect(await sessionRows(t, adminId)).toEqual([]);

    const res = await t.request(watcher, { url: `/api/admin/security-events?action=session.ended_ip_changed&userId=${adminId}` });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: EventJson[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: 'session.ended_ip_changed', ip: '10.32.0.2', target: { type: 'user', id: String(adminId) } });
  });

  it("a regular user's session is not bound by default", async () => {
    const user = await signIn('ip-user', '10.33.0.1');
    expect((await sessionRows(t, userId))[0]!.bound_ip).toBe(false);
    expect(await isSignedIn(t, user, '10.33.0.2')).toBe(true);
    expect(await isSignedIn(t, user)).toBe(true);
    await t.request(user, { method: 'DELETE', url: '/api/session' });
  });

  it('bindSessionIpForEveryone (set by an administrator through the API) binds regular users too', async () => {
    const patch = await t.request(watcher, {
      method: 'PATCH',
      url: '/api/admin/security-settings',
      payload: { bindSessionIpForEveryone: true },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({ bindSessionIpForEveryone: true, bindSessionIpForAdmins: true });
    try {
      const user = await signIn('ip-user', '10.34.0.1');
      expect((await sessionRows(t, userId))[0]!.bound_ip).toBe(true);
      expect(await isSignedIn(t, user)).toBe(true);
      expect(await isSignedIn(t, user, '10.34.0.2')).toBe(false);
      expect(await isSignedIn(t, user)).toBe(false);
    } finally {
      await setSettings(t, { bindSessionIpForEveryone: false });
    }
  });

  it('with bindSessionIpForAdmins off, an administrator may move between IPs', async () => {
    await setSettings(t, { bindSessionIpForAdmins: false });
    try {
      const admin = await signIn('ip-admin', '10.35.0.1');
      expect(await isSignedIn(t, admin, '10.35.0.2')).toBe(true);
      expect(await isSignedIn(t, admin)).toBe(true);
    } finally {
      await setSettings(t, { bindSessionIpForAdmins: true });
    }
  });
});
