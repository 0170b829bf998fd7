// The audit trail: every change to users, groups, memberships and an object's access groups writes one event
// (actor, action, target, before/after, the injected clock's time, client IP, request id), read back through
// GET /api/audit. And when the audit insert fails, the change it describes is rolled back and the client
// gets a 500 in the error shape that leaks nothing.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors/catalog.ts';
import { TEST_PASSWORD, anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ADMINISTRATORS, EVERYONE, adminApi, expectError, type AdminApi } from '../helpers/factories.ts';

interface AuditEventJson {
  id: string;
  at: string;
  actor: { kind: string; userId: number | null; name: string };
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

const CLIENT_IP = '198.51.100.23';
const STRONG_PASSWORD = 'long enough passphrase for audit 7';

describe(`audit trail (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  /** The same administrator, signed in a second time from CLIENT_IP (sessions are bound to their IP). */
  let adminFromClientIp: Actor;
  let outsider: Actor;
  let api: AdminApi;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('audit-admin', { isAdmin: true });
    outsider = await t.actor('audit-outsider');
    api = adminApi(t, admin);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'audit-admin', password: TEST_PASSWORD },
      remoteAddress: CLIENT_IP,
    });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === '__Host-parapet')!;
    adminFromClientIp = { cookie: `${cookie.name}=${cookie.value}`, userId: admin.userId, username: admin.username, ip: CLIENT_IP };
  });
  afterAll(async () => t?.close());
  // Membership changes need a password proof within 10 minutes, and every change here moves the clock a
  // minute. (Not while the audit store is broken on purpose: a re-authentication is itself audited. Those
  // tests do not move the clock.)
  let auditBroken = false;
  beforeEach(async () => {
    if (auditBroken) return;
    await t.reauthenticate(admin);
    await t.reauthenticate(adminFromClientIp);
  });

  async function events(query = ''): Promise<AuditEventJson[]> {
    const res = await t.request(admin, { url: `/api/audit?limit=500${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: AuditEventJson[] }>().items;
  }

  /**
   * Makes one change as the administrator from CLIENT_IP at a new clock time, and returns the response with
   * the audit events it wrote (the events newer than before the change).
   */
  async function change(options: InjectOptions, status: number) {
    const before = new Set((await events()).map((e) => e.id));
    t.clock.advance(61_000); // a new, distinct time for each change (well inside the session's idle limit)
    const at = t.clock.now().toISOString();
    const res = await t.request(adminFromClientIp, { ...options, remoteAddress: CLIENT_IP });
    expect(res.statusCode, res.body).toBe(status);
    const written = (await events()).filter((e) => !before.has(e.id));
    return { res, at, written };
  }

  /** The change's own events, and the credentials.ended event some changes also write. */
  function splitCredentialsEnded<C extends { written: AuditEventJson[] }>(c: C): [C, AuditEventJson[]] {
    return [
      { ...c, written: c.written.filter((e) => e.action !== 'credentials.ended') },
      c.written.filter((e) => e.action === 'credentials.ended'),
    ];
  }

  function expectEvent(
    c: { res: LightMyRequestResponse; at: string; written: AuditEventJson[] },
    expected: { action: string; target: { type: string; id: string | number }; before: unknown; after: unknown },
  ): void {
    expect(c.written).toHaveLength(1);
    const e = c.written[0]!;
    // Exact comparison of every field (toEqual, so before/after hold nothing more than expected).
    expect({
      at: e.at,
      actor: e.actor,
      action: e.action,
      target: e.target,
      before: e.before,
      after: e.after,
      ip: e.ip,
      requestId: e.requestId,
    }).toEqual({
      at: c.at,
      actor: { kind: 'user', userId: admin.userId, name: 'audit-admin' },
      action: expected.action,
      target: { type: expected.target.type, id: String(expected.target.id) },
      before: expected.before,
      after: expected.after,
      ip: CLIENT_IP,
      requestId: c.res.headers['x-request-id'],
    });
  }

  describe('every change writes one event', () => {
    let userId: number;
    let groupId: number;
    let childId: number;
    let pageId: number;

    it('user created', async () => {
      const c = await change(
        {
          method: 'POST',
          url: '/api/users',
          payload: { username: 'audited-user', password: STRONG_PASSWORD, displayName: 'Audited', email: 'a@example.org' },
        },
        201,
      );
      userId = c.res.json<{ id: number }>().id;
      expectEvent(c, {
        action: 'user.created',
        target: { type: 'user', id: userId },
        before: null,
        after: { username: 'audited-user', displayName: 'Audited', email: 'a@example.org', isAdmin: false },
      });
      // The password (or its hash) is never in the audit trail.
      expect(JSON.stringify(c.written)).not.toContain(STRONG_PASSWORD);
      expect(JSON.stringify(c.written)).not.toContain('argon2');
    });

    it('user changed (display name, e-mail, disabled)', async () => {
      const changed = await change(
        { method: 'PATCH', url: `/api/users/${userId}`, payload: { displayName: 'Audited Person', email: null, disabled: true } },
        200,
      );
      // Disabling also ends the account's credentials, in its own security event.
      const [c, ended] = splitCredentialsEnded(changed);
      expect(ended.map((e) => e.after)).toEqual([
        {
          reason: 'account_disabled',
          sessionsEnded: 0,
          tokensRevoked: 0,
          resetLinksVoided: 0,
          devicesForgotten: 0,
          currentSessionKept: false,
        },
      ]);
      expectEvent(c, {
        action: 'user.updated',
        target: { type: 'user', id: userId },
        before: { displayName: 'Audited', email: 'a@example.org', disabled: false },
        after: { displayName: 'Audited Person', email: null, disabled: true },
      });
    });

    it('group created', async () => {
      const c = await change({ method: 'POST', url: '/api/groups', payload: { name: 'Audited group', description: 'd1' } }, 201);
      groupId = c.res.json<{ id: number }>().id;
      expectEvent(c, {
        action: 'group.created',
        target: { type: 'group', id: groupId },
        before: null,
        after: { name: 'Audited group', description: 'd1' },
      });
    });

    it('group renamed', async () => {
      const c = await change({ method: 'PATCH', url: `/api/groups/${groupId}`, payload: { name: 'Audited group renamed' } }, 200);
      expectEvent(c, {
        action: 'group.updated',
        target: { type: 'group', id: groupId },
        before: { name: 'Audited group', description: 'd1' },
        after: { name: 'Audited group renamed', description: 'd1' },
      });
    });

    it('user added to a group', async () => {
      const c = await change({ method: 'POST', url: `/api/groups/${groupId}/members/users`, payload: { userId } }, 200);
      expectEvent(c, {
        action: 'group.user_added',
        target: { type: 'group', id: groupId },
        before: null,
        after: { userId, username: 'audited-user' },
      });
    });

    it('user removed from a group', async () => {
      const c = await change({ method: 'DELETE', url: `/api/groups/${groupId}/members/users/${userId}` }, 200);
      expectEvent(c, {
        action: 'group.user_removed',
        target: { type: 'group', id: groupId },
        before: { userId, username: 'audited-user' },
        after: null,
      });
    });

    it('group nested in a group', async () => {
      childId = await api.group('Audited child');
      const c = await change({ method: 'POST', url: `/api/groups/${groupId}/members/groups`, payload: { groupId: childId } }, 200);
      expectEvent(c, {
        action: 'group.group_added',
        target: { type: 'group', id: groupId },
        before: null,
        after: { groupId: childId, name: 'Audited child' },
      });
    });

    it('nested group removed', async () => {
      const c = await change({ method: 'DELETE', url: `/api/groups/${groupId}/members/groups/${childId}` }, 200);
      expectEvent(c, {
        action: 'group.group_removed',
        target: { type: 'group', id: groupId },
        before: { groupId: childId, name: 'Audited child' },
        after: null,
      });
    });

    it('user made administrator (member of Administrators) and back', async () => {
      const [added, ended] = splitCredentialsEnded(
        await change({ method: 'POST', url: `/api/groups/${ADMINISTRATORS}/members/users`, payload: { userId } }, 200),
      );
      expect(ended.map((e) => e.after)).toEqual([
        {
          reason: 'administrator_granted',
          sessionsEnded: 0,
          tokensRevoked: 0,
          resetLinksVoided: 0,
          devicesForgotten: 0,
          currentSessionKept: false,
        },
      ]);
      expectEvent(added, {
        action: 'group.user_added',
        target: { type: 'group', id: ADMINISTRATORS },
        before: null,
        after: { userId, username: 'audited-user' },
      });
      const removed = await change({ method: 'DELETE', url: `/api/groups/${ADMINISTRATORS}/members/users/${userId}` }, 200);
      expectEvent(removed, {
        action: 'group.user_removed',
        target: { type: 'group', id: ADMINISTRATORS },
        before: { userId, username: 'audited-user' },
        after: null,
      });
    });

    it("an object's access groups changed", async () => {
      pageId = await api.page({ title: 'Audited page', read: EVERYONE, edit: groupId, publish: groupId });
      const c = await change(
        {
          method: 'PUT',
          url: `/api/pages/${pageId}/access`,
          payload: { readGroupId: groupId, editGroupId: childId, publishGroupId: ADMINISTRATORS },
        },
        200,
      );
      expectEvent(c, {
        action: 'object.access_changed',
        target: { type: 'page', id: pageId },
        before: { readGroupId: EVERYONE, editGroupId: groupId, publishGroupId: groupId },
        after: { readGroupId: groupId, editGroupId: childId, publishGroupId: ADMINISTRATORS },
      });
    });

    it('group deleted', async () => {
      const c = await change({ method: 'DELETE', url: `/api/groups/${childId}` }, 409); // still the page's edit group
      expect(c.written).toEqual([]);
      await api.setAccess(pageId, { read: EVERYONE, edit: EVERYONE, publish: EVERYONE });
      // Its memberships end with it; the event keeps them.
      const grandchild = await api.group('Audited grandchild');
      await api.nest(childId, grandchild);
      await api.addUser(childId, userId);
      const deleted = await change({ method: 'DELETE', url: `/api/groups/${childId}` }, 200);
      expectEvent(deleted, {
        action: 'group.deleted',
        target: { type: 'group', id: childId },
        before: { name: 'Audited child', description: '', memberGroups: [grandchild], memberUsers: [userId] },
        after: null,
      });
    });

    it('GET /api/audit filters by target and lists newest first', async () => {
      const forGroup = await events(`&targetType=group&targetId=${groupId}`);
      expect(forGroup.map((e) => e.action)).toEqual([
        'group.group_removed',
        'group.group_added',
        'group.user_removed',
        'group.user_added',
        'group.updated',
        'group.created',
      ]);
      const times = forGroup.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
    });
  });

  it('a refused change writes no event', async () => {
    const a = await api.group('Refused A');
    const b = await api.group('Refused B');
    await api.nest(a, b);
    const cycle = await change({ method: 'POST', url: `/api/groups/${b}/members/groups`, payload: { groupId: a } }, 409);
    expect(cycle.written).toEqual([]);
    const before = (await events()).length;
    expectError(await t.request(outsider, { method: 'POST', url: '/api/groups', payload: { name: 'Not allowed' } }), 403, 'staff_only');
    expect((await events()).length).toBe(before);
  });

  it('the audit trail is for administrators only', async () => {
    expectError(await t.request(outsider, { url: '/api/audit' }), 403, 'staff_only');
    expectError(await t.request(anonymous, { url: '/api/audit' }), 401, 'unauthenticated');
  });

  describe('when the audit insert fails, the change is rolled back', () => {
    const SECRET = 'audit-store-broken-secret-4471';
    let member: Actor;
    let readers: number;
    let inner: number;
    let parent: number;
    let page: number;
    let parentPage: number;

    beforeAll(async () => {
      member = await t.actor('rollback-member');
      readers = await api.group('Rollback readers');
      inner = await api.group('Rollback inner');
      parent = await api.group('Rollback parent');
      await api.addUser(readers, member.userId!);
      await api.addUser(inner, member.userId!);
      page = await api.page({ title: 'Rollback page', body: 'rollbacktoken', read: readers, edit: readers, publish: readers });
      parentPage = await api.page({ title: 'Rollback parent page', read: parent, edit: parent, publish: parent });
      // From here on every insert into audit_events raises an error.
      await t.reauthenticate(admin);
      auditBroken = true;
      await t.database.db.exec(`
        CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${SECRET}'; END $$;
        CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_fail_audit();`);
    });
    afterAll(async () => {
      await t.database.db.exec(`DROP TRIGGER IF EXISTS test_fail_audit ON audit_events; DROP FUNCTION IF EXISTS test_fail_audit();`);
      auditBroken = false;
    });

    /** Sends the change and checks the 500: the error shape, the catalog message, no details of the cause. */
    async function failingChange(options: InjectOptions): Promise<void> {
      const res = await t.request(admin, options);
      const body = expectError(res, 500, 'internal');
      expect(body.error.message).toBe(ERRORS.internal.message);
      expect(body.error.fields).toEqual([]);
      expect(body.error).not.toHaveProperty('debug');
      expect(body.error).not.toHaveProperty('details');
      for (const leak of [SECRET, 'audit_events', 'trigger', 'plpgsql', 'INSERT', '.ts']) expect(res.body).not.toContain(leak);
    }
    const group = async (id: number) =>
      (await t.request(admin, { url: `/api/groups/${id}` })).json<{ name: string; userMemberCount: number; groupMemberCount: number }>();
    const effective = async () =>
      (await t.request(admin, { url: `/api/users/${member.userId}/effective-groups` }))
        .json<{ groups: { name: string }[] }>()
        .groups.map((g) => g.name)
        .sort();
    const status = async (actor: Actor, url: string) => (await t.request(actor, { url })).statusCode;

    it('creating a group', async () => {
      await failingChange({ method: 'POST', url: '/api/groups', payload: { name: 'Never created' } });
      expect((await t.request(admin, { url: '/api/groups?q=never' })).json<{ total: number }>().total).toBe(0);
    });

    it('renaming a group', async () => {
      await failingChange({ method: 'PATCH', url: `/api/groups/${readers}`, payload: { name: 'Never renamed' } });
      expect((await group(readers)).name).toBe('Rollback readers');
    });

    it('deleting a group', async () => {
      await failingChange({ method: 'DELETE', url: `/api/groups/${inner}` });
      expect((await group(inner)).name).toBe('Rollback inner');
      expect(await effective()).toContain('Rollback inner');
    });

    it('removing a user from a group: the user keeps access', async () => {
      await failingChange({ method: 'DELETE', url: `/api/groups/${readers}/members/users/${member.userId}` });
      expect((await group(readers)).userMemberCount).toBe(1);
      expect(await status(member, `/api/pages/${page}`)).toBe(200);
    });

    it('adding a user to a group: the user gains nothing', async () => {
      await failingChange({ method: 'POST', url: `/api/groups/${parent}/members/users`, payload: { userId: member.userId } });
      expect((await group(parent)).userMemberCount).toBe(0);
      expect(await status(member, `/api/pages/${parentPage}`)).toBe(404);
    });

    it('nesting a group: the closure and read keys are unchanged', async () => {
      const before = await effective();
      await failingChange({ method: 'POST', url: `/api/groups/${parent}/members/groups`, payload: { groupId: inner } });
      expect((await group(parent)).groupMemberCount).toBe(0);
      expect(await effective()).toEqual(before);
      expect(await status(member, `/api/pages/${parentPage}`)).toBe(404);
      expect((await t.request(member, { url: '/api/pages/count?q=rollback' })).json<{ count: number }>().count).toBe(1);
    });

    it("changing an object's access groups: readers keep (and outsiders do not gain) access", async () => {
      await failingChange({
        method: 'PUT',
        url: `/api/pages/${page}/access`,
        payload: { readGroupId: EVERYONE, editGroupId: parent, publishGroupId: parent },
      });
      const p = (await t.request(admin, { url: `/api/pages/${page}` })).json<{ readGroupId: number; editGroupId: number }>();
      expect(p).toMatchObject({ readGroupId: readers, editGroupId: readers });
      expect(await status(member, `/api/pages/${page}`)).toBe(200);
      expect(await status(outsider, `/api/pages/${page}`)).toBe(404);
      expect((await t.request(anonymous, { url: '/api/pages/count?q=rollbacktoken' })).json<{ count: number }>().count).toBe(0);
    });

    it('creating and changing a user, and making one an administrator', async () => {
      await failingChange({ method: 'POST', url: '/api/users', payload: { username: 'never-created', password: STRONG_PASSWORD } });
      expect((await t.request(admin, { url: '/api/users?q=never-created' })).json<{ total: number }>().total).toBe(0);
      await failingChange({ method: 'PATCH', url: `/api/users/${member.userId}`, payload: { displayName: 'Never changed' } });
      await failingChange({ method: 'POST', url: `/api/groups/${ADMINISTRATORS}/members/users`, payload: { userId: member.userId } });
      const u = (await t.request(admin, { url: `/api/users/${member.userId}` })).json<{ displayName: string; isAdmin: boolean }>();
      expect(u).toMatchObject({ displayName: 'rollback-member', isAdmin: false });
      expect(await status(member, `/api/pages/${parentPage}`)).toBe(404);
    });

    it('once the audit insert works again, the same change succeeds and is audited', async () => {
      await t.database.db.exec(`DROP TRIGGER test_fail_audit ON audit_events; DROP FUNCTION test_fail_audit();`);
      const res = await t.request(admin, { method: 'POST', url: `/api/groups/${parent}/members/groups`, payload: { groupId: inner } });
      expect(res.statusCode, res.body).toBe(200);
      expect(await status(member, `/api/pages/${parentPage}`)).toBe(200);
      const last = (await events(`&targetType=group&targetId=${parent}`))[0]!;
      expect(last).toMatchObject({ action: 'group.group_added', after: { groupId: inner }, requestId: res.headers['x-request-id'] });
    });
  });
});
