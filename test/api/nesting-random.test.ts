// A seeded random walk over group nesting and memberships, checked against a model after every step: each
// user's effective groups and the pages they can read (one page per group, read by that group) must match
// the model on the very next request, and every edge that would close a cycle must be refused with 409.
// This exercises the closure and read-key maintenance under many add/remove orders, diamonds included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { adminApi, expectError, type AdminApi } from '../helpers/factories.ts';

const GROUPS = 7;
const USERS = 3;
const STEPS = 40;

/** mulberry32: a small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

class Model {
  /** [parent, member] pairs by group index. */
  edges = new Set<string>();
  members: Set<number>[] = Array.from({ length: USERS }, () => new Set<number>());

  /** Indices of the groups `member` is in, itself included, following edges upwards. */
  ancestors(member: number): Set<number> {
    const seen = new Set<number>([member]);
    const queue = [member];
    while (queue.length > 0) {
      const g = queue.shift()!;
      for (const e of this.edges) {
        const [p, m] = e.split('>').map(Number) as [number, number];
        if (m === g && !seen.has(p)) {
          seen.add(p);
          queue.push(p);
        }
      }
    }
    return seen;
  }

  effective(user: number): Set<number> {
    const result = new Set<number>();
    for (const g of this.members[user]!) for (const a of this.ancestors(g)) result.add(a);
    return result;
  }
}

describe(`random nesting walk against a model (${backendName})`, () => {
  let t: TestApp;
  let api: AdminApi;
  let admin: Actor;
  const groupIds: number[] = [];
  const users: Actor[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('walk-admin', { isAdmin: true });
    api = adminApi(t, admin);
    for (let i = 0; i < GROUPS; i++) groupIds.push(await api.group(`Walk ${i}`));
    for (let u = 0; u < USERS; u++) users.push(await t.actor(`walk-user-${u}`));
    for (let i = 0; i < GROUPS; i++)
      await api.page({ title: `Walk page ${i}`, body: 'walktoken', read: groupIds[i]!, edit: groupIds[i]!, publish: groupIds[i]! });
  });
  afterAll(async () => t?.close());

  it.each([1, 2])(`seed %i: ${STEPS} random steps stay exact`, async (seed) => {
    // Start every seed from no nesting and no members.
    const model = new Model();
    for (let i = 0; i < GROUPS; i++) {
      const m = (await t.request(admin, { url: `/api/groups/${groupIds[i]}/members` })).json<{
        users: { id: number }[];
        groups: { id: number }[];
      }>();
      for (const g of m.groups) await api.unnest(groupIds[i]!, g.id);
      for (const u of m.users) await api.removeUser(groupIds[i]!, u.id);
    }
    const random = prng(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const log: string[] = [];

    for (let step = 0; step < STEPS; step++) {
      const kind = random();
      const edges = [...model.edges];
      if (kind < 0.2 && edges.length > 0) {
        const [parent, member] = edges[pick(edges.length)]!.split('>').map(Number) as [number, number];
        log.push(`unnest ${member} from ${parent}`);
        await api.unnest(groupIds[parent]!, groupIds[member]!);
        model.edges.delete(`${parent}>${member}`);
      } else if (kind < 0.55) {
        const parent = pick(GROUPS);
        const member = pick(GROUPS);
        if (model.edges.has(`${parent}>${member}`)) continue;
        if (model.ancestors(parent).has(member)) {
          log.push(`refused cycle ${member} into ${parent}`);
          const res = await t.request(admin, {
            method: 'POST',
            url: `/api/groups/${groupIds[parent]}/members/groups`,
            payload: { groupId: groupIds[member] },
          });
          expectError(res, 409, 'group_cycle');
        } else {
          log.push(`nest ${member} into ${parent}`);
          await api.nest(groupIds[parent]!, groupIds[member]!);
          model.edges.add(`${parent}>${member}`);
        }
      } else {
        const user = pick(USERS);
        const group = pick(GROUPS);
        if (model.members[user]!.has(group)) {
          log.push(`remove user ${user} from ${group}`);
          await api.removeUser(groupIds[group]!, users[user]!.userId!);
          model.members[user]!.delete(group);
        } else {
          log.push(`add user ${user} to ${group}`);
          await api.addUser(groupIds[group]!, users[user]!.userId!);
          model.members[user]!.add(group);
        }
      }

      for (let u = 0; u < USERS; u++) {
        const expected = [...model.effective(u)].map((i) => `Walk ${i}`).sort();
        const eff = (await t.request(admin, { url: `/api/users/${users[u]!.userId}/effective-groups` })).json<{
          groups: { kind: string; name: string }[];
        }>();
        const actual = eff.groups
          .filter((g) => g.kind === 'custom')
          .map((g) => g.name)
          .sort();
        expect(actual, `seed ${seed}, after: ${log.join('; ')} — effective groups of user ${u}`).toEqual(expected);
        const pages = (await t.request(users[u]!, { url: '/api/pages?q=walktoken&sort=title&limit=200' })).json<{
          items: { title: string }[];
        }>();
        const readable = pages.items.map((p) => p.title.replace('Walk page ', 'Walk ')).sort();
        expect(readable, `seed ${seed}, after: ${log.join('; ')} — pages user ${u} reads`).toEqual(expected);
        const count = (await t.request(users[u]!, { url: '/api/pages/count?q=walktoken' })).json<{ count: number }>();
        expect(count.count).toBe(expected.length);
      }
    }
  });
});
