// Which events end which sessions: a password change (others end, the current one stays), enabling and
// disabling the second factor, gaining administrator rights (a lock after failed sign-ins ends none: it stops
// guessing, not the owner); users listing and ending their own sessions (never another user's), administrators
// listing and ending anyone's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ADMINISTRATORS, expectError } from '../helpers/factories.ts';
import {
  TEST_PASSWORD,
  WRONG,
  actorFrom,
  createUser,
  enrolTotp,
  isSignedIn,
  lockedAt,
  openTestApp,
  sessionRows,
  setSignInPolicy,
  signInRaw,
  signInWithTotp,
} from './support.ts';

interface SessionInfo {
  id: string;
  ip: string;
  current: boolean;
}

describe(`session revocation (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let n = 0;

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('revocation-admin', { isAdmin: true });
  });
  afterAll(async () => t?.close());

  /** A new user signed in `count` times, from 10.20.<n>.<i>. */
  async function userWithSessions(count: number): Promise<{ id: number; name: string; sessions: Actor[] }> {
    n += 1;
    const name = `revoke-${n}`;
    const id = await createUser(t, name);
    const sessions: Actor[] = [];
    for (let i = 1; i <= count; i++) {
      const ip = `10.20.${n}.${i}`;
      const res = await signInRaw(t, name, TEST_PASSWORD, { ip });
      expect(res.statusCode, res.body).toBe(200);
      sessions.push(actorFrom(res, name, ip));
    }
    return { id, name, sessions };
  }

  const listOwn = async (actor: Actor) => {
    const res = await t.request(actor, { url: '/api/me/sessions' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: SessionInfo[] }>().items;
  };

  it('a password change ends the other sessions and keeps the current one', async () => {
    const u = await userWithSessions(3);
    const [current, other1, other2] = u.sessions as [Actor, Actor, Actor];
    const res = await t.request(current, {
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Violet anchor drizzle 4417 quay' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await isSignedIn(t, current)).toBe(true);
    expect(await isSignedIn(t, other1)).toBe(false);
    expect(await isSignedIn(t, other2)).toBe(false);
    expect(await sessionRows(t, u.id)).toHaveLength(1);
  });

  it('enabling the second factor ends the other sessions; disabling it does too', async () => {
    const u = await userWithSessions(2);
    const [current, other] = u.sessions as [Actor, Actor];
    const { secret } = await enrolTotp(t, current);
    expect(await isSignedIn(t, current)).toBe(true);
    expect(await isSignedIn(t, other)).toBe(false);

    const second = await signInWithTotp(t, u.name, secret, '10.21.0.1');
    expect(await isSignedIn(t, second)).toBe(true);
    const off = await t.request(current, { method: 'DELETE', url: '/api/me/mfa' });
    expect(off.statusCode, off.body).toBe(200);
    expect(await isSignedIn(t, current)).toBe(true);
    expect(await isSignedIn(t, second)).toBe(false);
  });

  it("a lock ends none of the user's sessions (it stops guessing, not the owner); they last through the unlock", async () => {
    const u = await userWithSessions(1);
    const before = await sessionRows(t, u.id);
    for (let i = 0; i < 10; i++) await signInRaw(t, u.name, WRONG, { ip: '10.22.0.1' });
    expect(await lockedAt(t, u.id)).not.toBeNull();
    expect(await isSignedIn(t, u.sessions[0]!)).toBe(true);
    const unlock = await t.request(admin, { method: 'POST', url: `/api/users/${u.id}/unlock` });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(await sessionRows(t, u.id)).toEqual(before);
    expect(await isSignedIn(t, u.sessions[0]!)).toBe(true);
    expect((await signInRaw(t, u.name, TEST_PASSWORD, { ip: '10.22.0.2' })).statusCode).toBe(200);
  });

  it("gaining administrator rights (added to Administrators) ends the user's sessions", async () => {
    const u = await userWithSessions(2);
    const res = await t.request(admin, { method: 'POST', url: `/api/groups/${ADMINISTRATORS}/members/users`, payload: { userId: u.id } });
    expect(res.statusCode, res.body).toBe(200);
    for (const s of u.sessions) expect(await isSignedIn(t, s)).toBe(false);
    expect(await sessionRows(t, u.id)).toEqual([]);
    // Signing in again gives an administrator's session (bound to its IP).
    const again = await signInRaw(t, u.name, TEST_PASSWORD, { ip: '10.22.1.1' });
    expect(again.json()).toMatchObject({ userType: 'administrator' });
    expect((await sessionRows(t, u.id))[0]!.bound_ip).toBe(true);
  });

  it('users list their own sessions, the current one flagged, from the IPs they came from', async () => {
    const u = await userWithSessions(2);
    const items = await listOwn(u.sessions[0]!);
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items.find((s) => s.current)!.ip).toBe(u.sessions[0]!.ip);
    expect(items.map((s) => s.ip).sort()).toEqual(u.sessions.map((s) => s.ip).sort());
  });

  it('users end one of their own sessions by id, but not another user’s (404)', async () => {
    const u = await userWithSessions(2);
    const stranger = await userWithSessions(1);
    const [me, mine] = u.sessions as [Actor, Actor];
    const theirs = (await listOwn(stranger.sessions[0]!))[0]!;

    expectError(await t.request(me, { method: 'DELETE', url: `/api/me/sessions/${theirs.id}` }), 404, 'not_found');
    expect(await isSignedIn(t, stranger.sessions[0]!)).toBe(true);

    const other = (await listOwn(me)).find((s) => !s.current)!;
    const res = await t.request(me, { method: 'DELETE', url: `/api/me/sessions/${other.id}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(await isSignedIn(t, mine)).toBe(false);
    expect(await isSignedIn(t, me)).toBe(true);
    expectError(await t.request(me, { method: 'DELETE', url: `/api/me/sessions/${other.id}` }), 404, 'not_found');
    // Not through the administrators' route either.
    expectError(await t.request(me, { method: 'DELETE', url: `/api/users/${stranger.id}/sessions/${theirs.id}` }), 403, 'staff_only');
    expect(await isSignedIn(t, stranger.sessions[0]!)).toBe(true);
  });

  it('users end all their other sessions at once', async () => {
    const u = await userWithSessions(3);
    const res = await t.request(u.sessions[0]!, { method: 'DELETE', url: '/api/me/sessions' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ended: 2 });
    expect(await isSignedIn(t, u.sessions[0]!)).toBe(true);
    expect(await isSignedIn(t, u.sessions[1]!)).toBe(false);
    expect(await isSignedIn(t, u.sessions[2]!)).toBe(false);
  });

  it("administrators list and end anyone's sessions; others may not", async () => {
    const u = await userWithSessions(3);
    const list = await t.request(admin, { url: `/api/users/${u.id}/sessions` });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: SessionInfo[] }>().items;
    expect(items).toHaveLength(3);
    expect(items.every((s) => !s.current)).toBe(true);

    const target = items.find((s) => s.ip === u.sessions[1]!.ip)!;
    const one = await t.request(admin, { method: 'DELETE', url: `/api/users/${u.id}/sessions/${target.id}` });
    expect(one.statusCode, one.body).toBe(200);
    expect(await isSignedIn(t, u.sessions[1]!)).toBe(false);
    expect(await isSignedIn(t, u.sessions[0]!)).toBe(true);

    // A regular user and a staff user who is not an administrator may not.
    const staff = await userWithSessions(1);
    await setSignInPolicy(t, staff.id, { staffConsole: true });
    // Being given the staff console ended the session made without it; the next one has it.
    expect(await isSignedIn(t, staff.sessions[0]!)).toBe(false);
    const staffSession = actorFrom(
      await signInRaw(t, staff.name, TEST_PASSWORD, { ip: staff.sessions[0]!.ip }),
      staff.name,
      staff.sessions[0]!.ip,
    );
    expectError(await t.request(u.sessions[0]!, { url: `/api/users/${staff.id}/sessions` }), 403, 'staff_only');
    expectError(await t.request(staffSession, { url: `/api/users/${u.id}/sessions` }), 403, 'forbidden_admin');
    expectError(await t.request(staffSession, { method: 'DELETE', url: `/api/users/${u.id}/sessions` }), 403, 'forbidden_admin');
    expect(await isSignedIn(t, u.sessions[0]!)).toBe(true);

    const all = await t.request(admin, { method: 'DELETE', url: `/api/users/${u.id}/sessions` });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ ended: 2 });
    expect(await isSignedIn(t, u.sessions[0]!)).toBe(false);
    expect(await isSignedIn(t, u.sessions[2]!)).toBe(false);
    expect(await isSignedIn(t, admin)).toBe(true);
  });
});
