// Group administration through the API: lifecycle, refused cycles, deletion of groups in use, Unicode names,
// input validation, unknown ids, who may do it, and effective groups with their nesting paths, which must be
// exact on the very next request after every membership change.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ADMINISTRATORS, EVERYONE, REGISTERED, adminApi, expectError, type AdminApi } from '../helpers/factories.ts';

interface GroupJson {
  id: number;
  kind: string;
  name: string;
  description: string;
  userMemberCount: number;
  groupMemberCount: number;
  createdAt: string;
  updatedAt: string;
}

interface EffectiveGroupJson {
  id: number;
  name: string;
  via: 'direct' | 'nested' | 'implicit';
  path: { id: number; name: string }[];
}

describe(`groups API (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let outsider: Actor;
  let api: AdminApi;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('groups-admin', { isAdmin: true });
    outsider = await t.actor('groups-outsider');
    api = adminApi(t, admin);
  });
  afterAll(async () => t?.close());
  // Membership changes need a password proof within 10 minutes, and these tests move the clock.
  beforeEach(async () => t.reauthenticate(admin));

  const post = (url: string, payload: unknown, actor: Actor = admin) =>
    t.request(actor, { method: 'POST', url, payload: payload as object });
  const get = (url: string, actor: Actor = admin) => t.request(actor, { url });
  const expectStatus = (res: LightMyRequestResponse, status = 200): LightMyRequestResponse => {
    expect(res.statusCode, res.body).toBe(status);
    return res;
  };
  const memberGroupIds = async (id: number) =>
    expectStatus(await get(`/api/groups/${id}/members`))
      .json<{ groups: { id: number }[] }>()
      .groups.map((g) => g.id);

  describe('lifecycle', () => {
    it('creates, renames and deletes a group, with the clock time on it', async () => {
      // (Small steps: a session idle for 30 minutes ends.)
      t.clock.advance(5 * 60_000);
      const createdAt = t.clock.now().toISOString();
      const created = expectStatus(
        await post('/api/groups', { name: '  Incident responders  ', description: 'First line' }),
        201,
      ).json<GroupJson>();
      expect(created).toMatchObject({
        kind: 'custom',
        name: 'Incident responders',
        description: 'First line',
        userMemberCount: 0,
        groupMemberCount: 0,
        createdAt,
        updatedAt: createdAt,
      });
      expect(expectStatus(await get(`/api/groups/${created.id}`)).json<GroupJson>()).toEqual(created);

      t.clock.advance(7 * 60_000);
      await t.reauthenticate(admin); // changes in the staff console need a proof within 10 minutes
      const renamedAt = t.clock.now().toISOString();
      const renamed = expectStatus(
        await t.request(admin, { method: 'PATCH', url: `/api/groups/${created.id}`, payload: { name: 'Responders' } }),
      ).json<GroupJson>();
      expect(renamed).toMatchObject({ id: created.id, name: 'Responders', description: 'First line', createdAt, updatedAt: renamedAt });
      const listed = expectStatus(await get('/api/groups?q=responders')).json<{ items: GroupJson[] }>().items;
      expect(listed.map((g) => g.id)).toEqual([created.id]);

      expect(expectStatus(await t.request(admin, { method: 'DELETE', url: `/api/groups/${created.id}` })).json()).toEqual({ ok: true });
      expectError(await get(`/api/groups/${created.id}`), 404, 'not_found');
      expect(expectStatus(await get('/api/groups?q=responders')).json<{ items: GroupJson[] }>().items).toEqual([]);
    });

    it('refuses to rename or delete the built-in groups', async () => {
      for (const id of [EVERYONE, REGISTERED, ADMINISTRATORS]) {
        const rename = expectError(
          await t.request(admin, { method: 'PATCH', url: `/api/groups/${id}`, payload: { name: 'Mine now' } }),
          409,
          'builtin_group',
        );
        expect(rename.error.message).toMatch(/built-in/);
        expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${id}` }), 409, 'builtin_group');
      }
      expect(expectStatus(await get(`/api/groups/${EVERYONE}`)).json<GroupJson>().name).toBe('Everyone');
    });
  });

  describe('cycles are refused with 409 group_cycle', () => {
    it('a group cannot be a member of itself', async () => {
      const g = await api.group('Cycle self');
      const body = expectError(await post(`/api/groups/${g}/members/groups`, { groupId: g }), 409, 'group_cycle');
      expect(body.error.message).toBe('A group cannot be a member of itself.');
      expect(await memberGroupIds(g)).toEqual([]);
    });

    it('two groups cannot contain each other', async () => {
      const a = await api.group('Cycle A');
      const b = await api.group('Cycle B');
      await api.nest(a, b);
      const body = expectError(await post(`/api/groups/${b}/members/groups`, { groupId: a }), 409, 'group_cycle');
      expect(body.error.message).toContain('"Cycle A"');
      expect(body.error.message).toContain('"Cycle B"');
      expect(body.error.message).toMatch(/cycle/);
      expect(await memberGroupIds(b)).toEqual([]);
      expect(await memberGroupIds(a)).toEqual([b]);
    });

    it('a long chain cannot be closed into a ring', async () => {
      const chain: number[] = [];
      for (let i = 1; i <= 6; i++) chain.push(await api.group(`Ring ${i}`));
      for (let i = 0; i < chain.length - 1; i++) await api.nest(chain[i]!, chain[i + 1]!); // Ring 1 ⊇ Ring 2 ⊇ … ⊇ Ring 6
      const last = chain[chain.length - 1]!;
      const body = expectError(await post(`/api/groups/${last}/members/groups`, { groupId: chain[0] }), 409, 'group_cycle');
      expect(body.error.message).toBe(
        '"Ring 6" is already (directly or indirectly) a member of "Ring 1", so "Ring 1" cannot become a member of "Ring 6": that would be a cycle.',
      );
      // Any shortcut inside the ring is refused too; nothing changed.
      expectError(await post(`/api/groups/${chain[3]}/members/groups`, { groupId: chain[1] }), 409, 'group_cycle');
      expect(await memberGroupIds(last)).toEqual([]);
      expect(await memberGroupIds(chain[3]!)).toEqual([chain[4]]);
      // A shortcut in the direction of the chain is fine (it only adds a second path).
      await api.nest(chain[0]!, last);
      expect(await memberGroupIds(chain[0]!)).toEqual(expect.arrayContaining([chain[1], last]));
    });

    it('built-in groups cannot contain other groups', async () => {
      const g = await api.group('Into builtin');
      for (const id of [EVERYONE, REGISTERED, ADMINISTRATORS]) {
        expectError(await post(`/api/groups/${id}/members/groups`, { groupId: g }), 409, 'builtin_group');
      }
    });
  });

  describe('deleting a group in use', () => {
    it('is refused with 409 group_in_use and the list of uses, until every use is gone', async () => {
      const used = await api.group('Used group');
      const other = await api.group('Other group');
      const parent = await api.group('Parent group');
      const readPage = await api.page({ title: 'Read by it', read: used, edit: other, publish: other });
      const editPage = await api.page({ title: 'Edited by it', read: EVERYONE, edit: used, publish: other });
      const publishPage = await api.page({ title: 'Published by it', read: EVERYONE, edit: other, publish: used });
      const allPage = await api.page({ title: 'All three', read: used, edit: used, publish: used });
      await api.nest(parent, used);

      const expectedUses = [
        { kind: 'object', id: readPage, name: 'Read by it', role: 'read group' },
        { kind: 'object', id: editPage, name: 'Edited by it', role: 'edit group' },
        { kind: 'object', id: publishPage, name: 'Published by it', role: 'publish group' },
        { kind: 'object', id: allPage, name: 'All three', role: 'read group, edit group, publish group' },
        { kind: 'group', id: parent, name: 'Parent group', role: 'contains this group as a member' },
      ];
      const refused = expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${used}` }), 409, 'group_in_use');
      expect(refused.error.details).toEqual({ uses: expectedUses });
      for (const name of ['Used group', 'Read by it', 'Edited by it', 'Published by it', 'All three', 'Parent group']) {
        expect(refused.error.message).toContain(`"${name}"`);
      }
      expect(expectStatus(await get(`/api/groups/${used}/uses`)).json<{ items: unknown[] }>().items).toEqual(expectedUses);
      expect(expectStatus(await get(`/api/groups/${used}`)).json<GroupJson>().name).toBe('Used group');

      // Remove the uses one by one; each remaining one still blocks the deletion.
      await api.setAccess(readPage, { read: other, edit: other, publish: other });
      await api.setAccess(editPage, { read: EVERYONE, edit: other, publish: other });
      await api.setAccess(allPage, { read: other, edit: other, publish: other });
      const still = expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${used}` }), 409, 'group_in_use');
      expect(still.error.details).toEqual({ uses: [expectedUses[2], expectedUses[4]] });
      await api.setAccess(publishPage, { read: EVERYONE, edit: other, publish: other });
      const nested = expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${used}` }), 409, 'group_in_use');
      expect(nested.error.details).toEqual({ uses: [expectedUses[4]] });
      await api.unnest(parent, used);

      expect(expectStatus(await t.request(admin, { method: 'DELETE', url: `/api/groups/${used}` })).json()).toEqual({ ok: true });
      expectError(await get(`/api/groups/${used}`), 404, 'not_found');
    });

    it('a group that contains other groups can be deleted, and frees them', async () => {
      const outer = await api.group('Deleted outer');
      const inner = await api.group('Freed inner');
      await api.nest(outer, inner);
      expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${inner}` }), 409, 'group_in_use');
      expect(expectStatus(await t.request(admin, { method: 'DELETE', url: `/api/groups/${outer}` })).json()).toEqual({ ok: true });
      expect(expectStatus(await get(`/api/groups/${inner}/uses`)).json<{ items: unknown[] }>().items).toEqual([]);
      expect(expectStatus(await t.request(admin, { method: 'DELETE', url: `/api/groups/${inner}` })).json()).toEqual({ ok: true });
    });
  });

  describe('Unicode names', () => {
    it.each([
      ['emoji', '🛡️ Blue team 🔒'],
      ['emoji with joiners', '👩‍💻👨‍👩‍👧 Developers'],
      ['CJK', '安全対応チーム'],
      ['Arabic (RTL)', 'فريق الأمن'],
      ['Hebrew (RTL) with digits', 'צוות אבטחה 2'],
      ['combining characters', 'Z̤͔ͧ̑̓ä͖̭̈̇lgo crew'],
    ])('keeps a %s name exactly and finds it by search', async (_kind, name) => {
      const created = expectStatus(await post('/api/groups', { name }), 201).json<GroupJson>();
      expect(created.name).toBe(name.normalize('NFC'));
      expect(expectStatus(await get(`/api/groups/${created.id}`)).json<GroupJson>().name).toBe(name.normalize('NFC'));
      const part = Array.from(name.normalize('NFC')).slice(0, 3).join('');
      const found = expectStatus(await get(`/api/groups?q=${encodeURIComponent(part)}`)).json<{ items: GroupJson[] }>().items;
      expect(found.map((g) => g.id)).toContain(created.id);
    });

    it('stores decomposed input in composed form (NFC)', async () => {
      const created = expectStatus(await post('/api/groups', { name: 'E\u0301quipe rouge' }), 201).json<GroupJson>();
      expect(created.name).toBe('\u00c9quipe rouge');
    });

    it.each([
      ['case', 'Red Team', 'RED team'],
      ['surrounding spaces', 'Spaced name', '   Spaced name '],
      ['composed and decomposed (NFC)', '\u00c9quipe bleue', 'E\u0301quipe bleue'],
      ['full-width letters (NFKC)', 'security', '\uff53\uff45\uff43\uff55\uff52\uff49\uff54\uff59'],
      ['ligature (NFKC)', 'firewall', '\ufb01rewall'],
      ['superscript digit (NFKC)', 'Tier 2', 'Tier \u00b2'],
    ])('refuses a name equal to another up to %s with 409 name_taken', async (_kind, first, second) => {
      const created = expectStatus(await post('/api/groups', { name: first }), 201).json<GroupJson>();
      const dup = expectError(await post('/api/groups', { name: second }), 409, 'name_taken');
      expect(dup.error.fields).toEqual([{ field: 'name', message: 'is already used by another group.' }]);
      expect(dup.error.message).toContain('already exists');
      // Renaming another group into the same name is refused the same way.
      const other = await api.group(`Other of ${created.id}`);
      expectError(await t.request(admin, { method: 'PATCH', url: `/api/groups/${other}`, payload: { name: second } }), 409, 'name_taken');
      expect(expectStatus(await get(`/api/groups/${other}`)).json<GroupJson>().name).toBe(`Other of ${created.id}`);
    });

    it('counts characters, not UTF-16 units: 200 emoji fit, 201 letters do not', async () => {
      const emoji = '😀'.repeat(200);
      expect(expectStatus(await post('/api/groups', { name: emoji }), 201).json<GroupJson>().name).toBe(emoji);
      const tooLong = expectError(await post('/api/groups', { name: 'a'.repeat(201) }), 400, 'validation');
      expect(tooLong.error.fields).toEqual([{ field: 'name', message: 'must be at most 200 characters long (it has 201).' }]);
    });
  });

  describe('input validation', () => {
    it('a 10,000-character name is a 400 in the error shape naming the field', async () => {
      const body = expectError(await post('/api/groups', { name: 'x'.repeat(10_000) }), 400, 'validation');
      expect(body.error.fields).toHaveLength(1);
      expect(body.error.fields[0]!.field).toBe('name');
      expect(body.error.fields[0]!.message).toMatch(/^must be at most \d+ characters long/);
      expect(body.error.message).toContain('name');
      // The 10,000 characters are not echoed back.
      expect(body.error.message).not.toContain('x'.repeat(50));
      expect(expectStatus(await get('/api/groups?q=nosuchgroupname')).json<{ items: unknown[] }>().items).toEqual([]);
    });

    it.each([
      ['truncated', '{"name": "Half'],
      ['trailing comma', '{"name": "x",}'],
      ['single quotes', "{'name': 'x'}"],
      ['empty', ''],
    ])('malformed JSON (%s) is 400 malformed_json', async (_kind, payload) => {
      const res = await t.request(admin, { method: 'POST', url: '/api/groups', payload, headers: { 'content-type': 'application/json' } });
      const body = expectError(res, 400, 'malformed_json');
      expect(body.error.fields).toEqual([{ field: 'body', message: 'is not valid JSON.' }]);
    });

    it.each([
      ['wrong type', '/api/groups', { name: { text: 'x' } }, [{ field: 'name', message: 'must be a string.' }]],
      [
        'wrong type of description',
        '/api/groups',
        { name: 'Typed', description: { a: 1 } },
        [{ field: 'description', message: 'must be a string.' }],
      ],
      ['a JSON array instead of an object', '/api/groups', ['x'], [{ field: 'body', message: 'must be an object.' }]],
      ['missing field', '/api/groups', {}, [{ field: 'name', message: 'is required.' }]],
      [
        'unknown field',
        '/api/groups',
        { name: 'Colourful', colour: 'red' },
        [{ field: 'colour', message: 'is not a field this endpoint accepts.' }],
      ],
      [
        'missing and unknown fields together',
        '/api/groups',
        { title: 'x' },
        [
          { field: 'name', message: 'is required.' },
          { field: 'title', message: 'is not a field this endpoint accepts.' },
        ],
      ],
      ['empty name', '/api/groups', { name: '   ' }, [{ field: 'name', message: 'must not be empty.' }]],
      [
        'line break in a name',
        '/api/groups',
        { name: 'two\nlines' },
        [{ field: 'name', message: 'must not contain control characters or line breaks.' }],
      ],
      ['a non-number user id', '/api/groups/1/members/users', { userId: 'abc' }, [{ field: 'userId', message: 'must be a whole number.' }]],
      [
        'a fractional group id',
        '/api/groups/1/members/groups',
        { groupId: 1.5 },
        [{ field: 'groupId', message: 'must be a whole number.' }],
      ],
      ['a zero group id', '/api/groups/1/members/groups', { groupId: 0 }, [{ field: 'groupId', message: 'must be at least 1.' }]],
      ['a missing user id', '/api/groups/1/members/users', {}, [{ field: 'userId', message: 'is required.' }]],
    ])('%s is 400 validation with the fields', async (_kind, url, payload, fields) => {
      const body = expectError(await post(url, payload), 400, 'validation');
      expect(body.error.fields).toEqual(expect.arrayContaining(fields));
      expect(body.error.fields).toHaveLength(fields.length);
    });

    it('a non-numeric id in the path is 400 naming the parameter', async () => {
      const body = expectError(await get('/api/groups/abc'), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'id', message: 'must be a whole number.' }]);
    });
  });

  describe('unknown ids are 404', () => {
    const missing = 2_000_000_000;
    it.each([
      ['GET', `/api/groups/${missing}`, undefined],
      ['PATCH', `/api/groups/${missing}`, { name: 'Ghost' }],
      ['DELETE', `/api/groups/${missing}`, undefined],
      ['GET', `/api/groups/${missing}/members`, undefined],
      ['GET', `/api/groups/${missing}/uses`, undefined],
      ['POST', `/api/groups/${missing}/members/users`, { userId: 1 }],
      ['POST', `/api/groups/${missing}/members/groups`, { groupId: EVERYONE }],
      ['DELETE', `/api/groups/${missing}/members/users/1`, undefined],
      ['DELETE', `/api/groups/${missing}/members/groups/${EVERYONE}`, undefined],
      ['GET', `/api/users/${missing}`, undefined],
      ['GET', `/api/users/${missing}/effective-groups`, undefined],
      ['PATCH', `/api/users/${missing}`, { displayName: 'Ghost' }],
      ['GET', `/api/pages/${missing}`, undefined],
    ] as const)('%s %s', async (method, url, payload) => {
      expectError(await t.request(admin, { method, url, ...(payload ? { payload } : {}) }), 404, 'not_found');
    });

    it('an unknown member (user or group) of a real group is 404', async () => {
      const g = await api.group('Real group');
      expectError(await post(`/api/groups/${g}/members/users`, { userId: missing }), 404, 'not_found');
      expectError(await post(`/api/groups/${g}/members/groups`, { groupId: missing }), 404, 'not_found');
      expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${g}/members/users/${outsider.userId}` }), 404, 'not_found');
      expectError(await t.request(admin, { method: 'DELETE', url: `/api/groups/${g}/members/groups/${EVERYONE}` }), 404, 'not_found');
    });
  });

  describe('only administrators manage groups', () => {
    let target: number;
    beforeAll(async () => {
      target = await api.group('Guarded group');
    });
    const cases = () =>
      [
        ['POST', '/api/groups', { name: 'Sneaky' }],
        ['PATCH', `/api/groups/${target}`, { name: 'Sneaky' }],
        ['DELETE', `/api/groups/${target}`, undefined],
        ['GET', `/api/groups/${target}/uses`, undefined],
        ['POST', `/api/groups/${target}/members/users`, { userId: outsider.userId }],
        ['DELETE', `/api/groups/${target}/members/users/${outsider.userId}`, undefined],
        ['POST', `/api/groups/${target}/members/groups`, { groupId: EVERYONE }],
        ['DELETE', `/api/groups/${target}/members/groups/${EVERYONE}`, undefined],
        ['POST', `/api/groups/${ADMINISTRATORS}/members/users`, { userId: outsider.userId }],
      ] as const;

    it('a registered user without the staff console gets 403 staff_only, and nothing changes', async () => {
      for (const [method, url, payload] of cases()) {
        expectError(await t.request(outsider, { method, url, ...(payload ? { payload } : {}) }), 403, 'staff_only');
      }
      const g = expectStatus(await get(`/api/groups/${target}`)).json<GroupJson>();
      expect(g).toMatchObject({ name: 'Guarded group', userMemberCount: 0, groupMemberCount: 0 });
      expect(expectStatus(await get(`/api/users/${outsider.userId}`)).json<{ isAdmin: boolean }>().isAdmin).toBe(false);
    });

    it('an anonymous visitor gets 401 unauthenticated', async () => {
      for (const [method, url, payload] of cases()) {
        expectError(await t.request(anonymous, { method, url, ...(payload ? { payload } : {}) }), 401, 'unauthenticated');
      }
    });

    it("a non-administrator sees only their own effective groups; others' are the staff console's", async () => {
      expect(
        expectStatus(await get(`/api/users/${outsider.userId}/effective-groups`, outsider)).json<{ user: { id: number } }>().user.id,
      ).toBe(outsider.userId);
      expectError(await get(`/api/users/${admin.userId}/effective-groups`, outsider), 403, 'staff_only');
      expectError(await get(`/api/users/${admin.userId}/effective-groups`, anonymous), 401, 'unauthenticated');
    });
  });

  describe('effective groups and their nesting paths', () => {
    /** name → "via: path" for every effective group of the user, read through the API. */
    async function effective(userId: number, actor: Actor = admin): Promise<Record<string, string>> {
      const body = expectStatus(await get(`/api/users/${userId}/effective-groups`, actor)).json<{ groups: EffectiveGroupJson[] }>();
      return Object.fromEntries(body.groups.map((g) => [g.name, `${g.via}: ${g.path.map((p) => p.name).join(' → ')}`]));
    }
    const implicit = { Everyone: 'implicit: Everyone', 'Registered users': 'implicit: Registered users' };

    it('are exact on the very next request after each change', async () => {
      const user = await t.actor('effective-user');
      const uid = user.userId!;
      const [a, b, c] = [await api.group('Eff A'), await api.group('Eff B'), await api.group('Eff C')];
      expect(await effective(uid)).toEqual(implicit);

      await api.addUser(c, uid);
      expect(await effective(uid)).toEqual({ ...implicit, 'Eff C': 'direct: Eff C' });
      await api.nest(b, c);
      expect(await effective(uid)).toEqual({ ...implicit, 'Eff C': 'direct: Eff C', 'Eff B': 'nested: Eff C → Eff B' });
      await api.nest(a, b);
      const chain = { ...implicit, 'Eff C': 'direct: Eff C', 'Eff B': 'nested: Eff C → Eff B', 'Eff A': 'nested: Eff C → Eff B → Eff A' };
      expect(await effective(uid)).toEqual(chain);
      // The user sees the same view of themself.
      expect(await effective(uid, user)).toEqual(chain);

      await api.addUser(a, uid); // a shorter path wins
      expect(await effective(uid)).toEqual({ ...chain, 'Eff A': 'direct: Eff A' });
      await api.removeUser(a, uid);
      expect(await effective(uid)).toEqual(chain);

      await api.unnest(b, c);
      expect(await effective(uid)).toEqual({ ...implicit, 'Eff C': 'direct: Eff C' });
      await api.nest(b, c);
      expect(await effective(uid)).toEqual(chain);
      await api.removeUser(c, uid);
      expect(await effective(uid)).toEqual(implicit);

      await api.addUser(ADMINISTRATORS, uid);
      expect(await effective(uid)).toEqual({ ...implicit, Administrators: 'direct: Administrators' });
      await api.removeUser(ADMINISTRATORS, uid);
      expect(await effective(uid)).toEqual(implicit);
    });

    it('with two paths to the same group (a DAG), access stays while one path remains and goes with the last', async () => {
      const user = await t.actor('dag-user');
      const uid = user.userId!;
      const x = await api.group('Dag X');
      const short = await api.group('Dag short');
      const long1 = await api.group('Dag long 1');
      const long2 = await api.group('Dag long 2');
      const top = await api.group('Dag top');
      await api.addUser(x, uid);
      await api.nest(short, x); // X ⊂ short ⊂ top
      await api.nest(top, short);
      await api.nest(long1, x); // X ⊂ long 1 ⊂ long 2 ⊂ top
      await api.nest(long2, long1);
      await api.nest(top, long2);
      const page = await api.page({ title: 'Dag page', body: 'dagtoken', read: top, edit: top, publish: ADMINISTRATORS });
      const readable = async () => (await get(`/api/pages/${page}`, user)).statusCode;
      const count = async () => expectStatus(await get('/api/pages/count?q=dagtoken', user)).json<{ count: number }>().count;

      expect(await readable()).toBe(200);
      expect((await effective(uid))['Dag top']).toBe('nested: Dag X → Dag short → Dag top');

      await api.unnest(short, x); // the short path goes; the long one remains
      expect(await readable()).toBe(200);
      expect(await count()).toBe(1);
      const e = await effective(uid);
      expect(e['Dag top']).toBe('nested: Dag X → Dag long 1 → Dag long 2 → Dag top');
      expect(e['Dag short']).toBeUndefined();
      const edited = await t.request(user, { method: 'PATCH', url: `/api/pages/${page}`, payload: { title: 'Dag page, edited' } });
      expect(edited.statusCode, edited.body).toBe(200);

      await api.unnest(long2, long1); // the last path goes
      expectError(await get(`/api/pages/${page}`, user), 404, 'not_found');
      expect(await count()).toBe(0);
      expectError(await t.request(user, { method: 'PATCH', url: `/api/pages/${page}`, payload: { title: 'x' } }), 404, 'not_found');
      expect(await effective(uid)).toEqual({ ...implicit, 'Dag X': 'direct: Dag X', 'Dag long 1': 'nested: Dag X → Dag long 1' });

      await api.nest(short, x); // and comes back with a path
      expect(await readable()).toBe(200);
      expect(await count()).toBe(1);
    });
  });
});
