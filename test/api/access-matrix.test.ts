// The generated access matrix of issue 2: every actor × every operation × every page, each cell its own
// test. The expected answer of every cell comes from a small model of the rules (who is effectively in which
// group, through nesting), never from the application; the cells are then asserted through HTTP.
//
// Rules modelled: a session is in Everyone; signed in, also in Registered users; and in every group it is a
// direct member of plus every group those are nested in, at any depth. Administrators pass everything.
// Not readable → absent from list/search/count and 404 `not_found` on get/edit/publish (never 403).
// Readable but not in the edit group → 403 `forbidden_edit`; not in the publish group → 403 `forbidden_publish`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ADMINISTRATORS, EVERYONE, REGISTERED, adminApi, expectError, type AdminApi } from '../helpers/factories.ts';

// ---- The model ---------------------------------------------------------------------------------------

const CUSTOM_GROUPS = ['R', 'E', 'P', 'H', 'G1', 'G2', 'G3'] as const;
type CustomGroup = (typeof CUSTOM_GROUPS)[number];
type GroupRef = CustomGroup | 'Everyone' | 'Registered users' | 'Administrators';

/** [parent, member]: every member of `member` is a member of `parent`. User in G3 ⊂ G2 ⊂ G1 ⊂ R (and ⊂ P). */
const NESTING: [CustomGroup, CustomGroup][] = [
  ['R', 'G1'],
  ['P', 'G1'],
  ['G1', 'G2'],
  ['G2', 'G3'],
];

const ACTORS = ['anonymous', 'outsider', 'direct', 'nested', 'removed', 'admin'] as const;
type ActorKey = (typeof ACTORS)[number];

interface ActorModel {
  signedIn: boolean;
  admin: boolean;
  /** Groups the user is a direct member of. */
  groups: CustomGroup[];
  /** For the "removed one request earlier" actor: the direct membership removed just before each request. */
  removedFrom?: CustomGroup;
}

const ACTOR_MODEL: Record<ActorKey, ActorModel> = {
  anonymous: { signedIn: false, admin: false, groups: [] },
  outsider: { signedIn: true, admin: false, groups: [] },
  direct: { signedIn: true, admin: false, groups: ['R', 'E'] },
  nested: { signedIn: true, admin: false, groups: ['G3'] },
  removed: { signedIn: true, admin: false, groups: ['E', 'P'], removedFrom: 'R' },
  admin: { signedIn: true, admin: true, groups: [] },
};

const PAGES = {
  restricted: { read: 'R', edit: 'E', publish: 'P' },
  everyone: { read: 'Everyone', edit: 'E', publish: 'P' },
  registered: { read: 'Registered users', edit: 'Registered users', publish: 'Administrators' },
  hidden: { read: 'H', edit: 'E', publish: 'P' },
  inner: { read: 'G1', edit: 'G3', publish: 'G2' },
} as const satisfies Record<string, { read: GroupRef; edit: GroupRef; publish: GroupRef }>;
type PageKey = keyof typeof PAGES;
const PAGE_KEYS = Object.keys(PAGES) as PageKey[];

/** A word only this page's text contains, and one every matrix page contains. */
const token = (page: PageKey) => `mx${page}`;
const ALL_TOKEN = 'mxall';
const pageBody = (page: PageKey) => `Access matrix page ${token(page)} ${ALL_TOKEN}`;

const OPERATIONS = ['list', 'search', 'count', 'get', 'edit', 'publish'] as const;
type Operation = (typeof OPERATIONS)[number];

/** Every group the direct groups grant, following nesting upwards to any depth. */
function effectiveGroups(m: Pick<ActorModel, 'signedIn' | 'admin' | 'groups'>): Set<GroupRef> {
  const result = new Set<GroupRef>(['Everyone']);
  if (m.signedIn) result.add('Registered users');
  if (m.admin) result.add('Administrators');
  const queue: CustomGroup[] = [...m.groups];
  while (queue.length > 0) {
    const g = queue.shift()!;
    if (result.has(g)) continue;
    result.add(g);
    for (const [parent, member] of NESTING) if (member === g) queue.push(parent);
  }
  return result;
}

type Observation =
  | { status: 200; listed: boolean }
  | { status: 200; count: number }
  | { status: 200; abilities: { edit: boolean; publish: boolean } }
  | { status: 200; saved: true }
  | { status: 200; published: true }
  | { status: 403 | 404; error: string };

function expectedCell(m: Pick<ActorModel, 'signedIn' | 'admin' | 'groups'>, op: Operation, page: PageKey): Observation {
  const p = PAGES[page];
  const groups = effectiveGroups(m);
  const read = m.admin || groups.has(p.read);
  const edit = m.admin || groups.has(p.edit);
  const publish = m.admin || groups.has(p.publish);
  switch (op) {
    case 'list':
    case 'search':
      return { status: 200, listed: read };
    case 'count':
      return { status: 200, count: read ? 1 : 0 };
    case 'get':
      return read ? { status: 200, abilities: { edit, publish } } : { status: 404, error: 'not_found' };
    case 'edit':
      if (!read) return { status: 404, error: 'not_found' };
      return edit ? { status: 200, saved: true } : { status: 403, error: 'forbidden_edit' };
    case 'publish':
      if (!read) return { status: 404, error: 'not_found' };
      return publish ? { status: 200, published: true } : { status: 403, error: 'forbidden_publish' };
  }
}

function describeObservation(o: Observation): string {
  if ('error' in o) return `${o.status} ${o.error}`;
  if ('listed' in o) return o.listed ? 'listed' : 'absent';
  if ('count' in o) return `count ${o.count}`;
  if ('abilities' in o) return `200 (edit ${o.abilities.edit ? 'yes' : 'no'}, publish ${o.abilities.publish ? 'yes' : 'no'})`;
  return '200';
}

interface Cell {
  name: string;
  actor: ActorKey;
  op: Operation;
  page: PageKey;
  expected: Observation;
  /** Only for the removed actor: the answer while still a member, one request before the removal. */
  expectedBefore?: Observation;
}

const CELLS: Cell[] = ACTORS.flatMap((actor) =>
  OPERATIONS.flatMap((op) =>
    PAGE_KEYS.map((page): Cell => {
      const m = ACTOR_MODEL[actor];
      const expected = expectedCell(m, op, page);
      const before = m.removedFrom ? expectedCell({ ...m, groups: [...m.groups, m.removedFrom] }, op, page) : undefined;
      const p = PAGES[page];
      const result = before ? `${describeObservation(before)} then ${describeObservation(expected)}` : describeObservation(expected);
      return {
        name: `${actor} × ${op} × ${page} (read ${p.read}, edit ${p.edit}, publish ${p.publish}) → ${result}`,
        actor,
        op,
        page,
        expected,
        ...(before ? { expectedBefore: before } : {}),
      };
    }),
  ),
);

// ---- The world, built through the API -------------------------------------------------------------------

describe(`access matrix (${backendName})`, () => {
  let t: TestApp;
  let api: AdminApi;
  const groupIds = new Map<GroupRef, number>([
    ['Everyone', EVERYONE],
    ['Registered users', REGISTERED],
    ['Administrators', ADMINISTRATORS],
  ]);
  const pageIds = new Map<PageKey, number>();
  const actors = new Map<ActorKey, Actor>();
  let notFoundMessage = '';
  let edits = 0;

  const gid = (g: GroupRef) => groupIds.get(g)!;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.actor('matrix-admin', { isAdmin: true });
    api = adminApi(t, admin);
    actors.set('admin', admin);
    actors.set('anonymous', anonymous);
    for (const g of CUSTOM_GROUPS) groupIds.set(g, await api.group(`Matrix ${g}`));
    for (const [parent, member] of NESTING) await api.nest(gid(parent), gid(member));
    for (const key of ACTORS) {
      if (key === 'admin' || key === 'anonymous') continue;
      const m = ACTOR_MODEL[key];
      const actor = await t.actor(`matrix-${key}`);
      for (const g of [...m.groups, ...(m.removedFrom ? [m.removedFrom] : [])]) await api.addUser(gid(g), actor.userId!);
      actors.set(key, actor);
    }
    for (const page of PAGE_KEYS) {
      const p = PAGES[page];
      pageIds.set(
        page,
        await api.page({ title: `Matrix ${page}`, body: pageBody(page), read: gid(p.read), edit: gid(p.edit), publish: gid(p.publish) }),
      );
    }
    const missing = await t.request(admin, { url: '/api/pages/2147483647' });
    notFoundMessage = expectError(missing, 404, 'not_found').error.message;
  });
  afterAll(async () => t?.close());

  async function perform(actor: Actor, op: Operation, page: PageKey): Promise<Observation> {
    const id = pageIds.get(page)!;
    switch (op) {
      case 'list': {
        const res = await t.request(actor, { url: '/api/pages?limit=200' });
        expect(res.statusCode, res.body).toBe(200);
        return { status: 200, listed: res.json<{ items: { id: number }[] }>().items.some((i) => i.id === id) };
      }
      case 'search': {
        const res = await t.request(actor, { url: `/api/pages?q=${token(page)}` });
        expect(res.statusCode, res.body).toBe(200);
        const items = res.json<{ items: { id: number }[] }>().items;
        expect(items.every((i) => i.id === id)).toBe(true);
        return { status: 200, listed: items.length === 1 };
      }
      case 'count': {
        const res = await t.request(actor, { url: `/api/pages/count?q=${token(page)}` });
        expect(res.statusCode, res.body).toBe(200);
        return { status: 200, count: res.json<{ count: number }>().count };
      }
      case 'get': {
        const res = await t.request(actor, { url: `/api/pages/${id}` });
        if (res.statusCode !== 200) return errorObservation(res);
        const body = res.json<{ id: number; abilities: { edit: boolean; publish: boolean } }>();
        expect(body.id).toBe(id);
        return { status: 200, abilities: body.abilities };
      }
      case 'edit': {
        const text = `${pageBody(page)} edit ${++edits}`;
        const res = await t.request(actor, { method: 'PATCH', url: `/api/pages/${id}`, payload: { body: text } });
        if (res.statusCode !== 200) return errorObservation(res);
        expect(res.json<{ body: string }>().body).toBe(text);
        return { status: 200, saved: true };
      }
      case 'publish': {
        const res = await t.request(actor, { method: 'POST', url: `/api/pages/${id}/publish` });
        if (res.statusCode !== 200) return errorObservation(res);
        expect(res.json<{ published: boolean }>().published).toBe(true);
        return { status: 200, published: true };
      }
    }
  }

  function errorObservation(res: Awaited<ReturnType<TestApp['request']>>): Observation {
    const status = res.statusCode;
    if (status !== 403 && status !== 404) throw new Error(`unexpected ${status}: ${res.body}`);
    const body = res.json<{ error: { id: string } }>();
    const checked = expectError(res, status, body.error.id);
    // A page the actor may not read is indistinguishable from one that does not exist.
    if (status === 404) expect(checked.error.message).toBe(notFoundMessage);
    return { status, error: checked.error.id };
  }

  for (const cell of CELLS) {
    it(cell.name, async () => {
      const actor = actors.get(cell.actor)!;
      const m = ACTOR_MODEL[cell.actor];
      if (m.removedFrom && cell.expectedBefore) {
        const group = gid(m.removedFrom);
        await api.addUser(group, actor.userId!);
        expect(await perform(actor, cell.op, cell.page)).toEqual(cell.expectedBefore);
        await api.removeUser(group, actor.userId!); // one request earlier
      }
      expect(await perform(actor, cell.op, cell.page)).toEqual(cell.expected);
    });
  }

  // Whole-result checks per actor: the list, the search over every matrix page and the count hold exactly the
  // pages the model says the actor may read.
  for (const key of ACTORS) {
    const readable = PAGE_KEYS.filter((p) => expectedCell(ACTOR_MODEL[key], 'get', p).status === 200);
    it(`${key}: list, search and count hold exactly the readable pages (${readable.join(', ') || 'none'})`, async () => {
      const actor = actors.get(key)!;
      const m = ACTOR_MODEL[key];
      if (m.removedFrom) {
        await api.addUser(gid(m.removedFrom), actor.userId!);
        await api.removeUser(gid(m.removedFrom), actor.userId!);
      }
      const expectedIds = readable.map((p) => pageIds.get(p)!).sort((a, b) => a - b);
      const ids = (res: Awaited<ReturnType<TestApp['request']>>) =>
        res
          .json<{ items: { id: number }[] }>()
          .items.map((i) => i.id)
          .sort((a, b) => a - b);
      expect(ids(await t.request(actor, { url: '/api/pages?limit=200' }))).toEqual(expectedIds);
      expect(ids(await t.request(actor, { url: `/api/pages?q=${ALL_TOKEN}&sort=title` }))).toEqual(expectedIds);
      expect((await t.request(actor, { url: '/api/pages/count' })).json()).toEqual({ count: expectedIds.length });
      expect((await t.request(actor, { url: `/api/pages/count?q=${ALL_TOKEN}` })).json()).toEqual({ count: expectedIds.length });
    });
  }

  it('a nested member loses read access on the very next request when a link of the chain is removed, and regains it', async () => {
    const nested = actors.get('nested')!;
    const restricted = pageIds.get('restricted')!;
    expect((await t.request(nested, { url: `/api/pages/${restricted}` })).statusCode).toBe(200);
    await api.unnest(gid('G2'), gid('G3'));
    expectError(await t.request(nested, { url: `/api/pages/${restricted}` }), 404, 'not_found');
    expect((await t.request(nested, { url: `/api/pages/count?q=${token('restricted')}` })).json()).toEqual({ count: 0 });
    await api.nest(gid('G2'), gid('G3'));
    expect((await t.request(nested, { url: `/api/pages/${restricted}` })).statusCode).toBe(200);
    expect((await t.request(nested, { url: `/api/pages/count?q=${token('restricted')}` })).json()).toEqual({ count: 1 });
  });

  it('an administrator removed from Administrators is restricted on the very next request', async () => {
    const former = await t.actor('matrix-former-admin', { isAdmin: true });
    const hidden = pageIds.get('hidden')!;
    expect((await t.request(former, { url: `/api/pages/${hidden}` })).statusCode).toBe(200);
    await api.removeUser(ADMINISTRATORS, former.userId!);
    expectError(await t.request(former, { url: `/api/pages/${hidden}` }), 404, 'not_found');
    expectError(await t.request(former, { method: 'POST', url: '/api/groups', payload: { name: 'Too late' } }), 403, 'forbidden_admin');
    await api.addUser(ADMINISTRATORS, former.userId!);
    // Gaining administrator rights ends the user's sessions; the next sign-in has the rights.
    expect((await t.request(former, { url: '/api/session' })).json().userType).toBe('anonymous');
    expectError(await t.request(former, { url: `/api/pages/${hidden}` }), 404, 'not_found');
    const again = await t.signIn('matrix-former-admin');
    expect((await t.request(again, { url: `/api/pages/${hidden}` })).statusCode).toBe(200);
  });

  it('the matrix covers the cases the issue names', () => {
    const find = (actor: ActorKey, op: Operation, page: PageKey) =>
      CELLS.find((c) => c.actor === actor && c.op === op && c.page === page)!.expected;
    // may edit but not publish
    expect(find('direct', 'edit', 'restricted')).toEqual({ status: 200, saved: true });
    expect(find('direct', 'publish', 'restricted')).toEqual({ status: 403, error: 'forbidden_publish' });
    // may read but not edit
    expect(find('outsider', 'get', 'everyone').status).toBe(200);
    expect(find('outsider', 'edit', 'everyone')).toEqual({ status: 403, error: 'forbidden_edit' });
    // in the edit group but not the read group: not found, never forbidden
    expect(find('direct', 'edit', 'hidden')).toEqual({ status: 404, error: 'not_found' });
    // membership flows up the nesting only: a member of R does not read what G1 (nested in R) reads
    expect(find('direct', 'get', 'inner')).toEqual({ status: 404, error: 'not_found' });
    expect(find('nested', 'publish', 'inner')).toEqual({ status: 200, published: true });
    expect(CELLS).toHaveLength(ACTORS.length * OPERATIONS.length * PAGE_KEYS.length);
  });
});
