// Every plan of searchObjects (src/domain/objects/read-plan.ts) returns exactly the rows a brute-force filter
// over each session's effective groups (walked independently of read_keys and group_closure) returns — for
// searches of different selectivity, filters, orders and pages — and the plan chosen from the planner's
// statistics is the one the estimates call for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessKeys } from '../../src/access/read-access.ts';
import { EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, anonymousSession, userSession, type Session } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { sql, type Database, type Sql } from '../../src/db/database.ts';
import { insertObject } from '../../src/domain/objects/repository.ts';
import {
  searchObjects,
  searchObjectsWithPlan,
  searchPlan,
  type ObjectQuery,
  type PlanChoice,
  type SortKey,
} from '../../src/domain/objects/search-repository.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const OBJECTS = 400;
const AT = new Date('2026-01-01T00:00:00Z');

let t: TestDatabase;
let db: Database;
const users: Record<string, number> = {};
const teams: Record<string, number> = {};

/** The share of objects (in 1/100) whose participants group nests each team; the rest as noted. */
const OWNERSHIP: [owner: string, upTo: number][] = [
  ['A', 4],
  ['B', 8],
  ['C', 12],
  ['D', 32],
  ['E', 40],
  ['F', 80],
  ['everyone', 85],
  ['registered', 90],
  ['nobody', 100],
];

function owner(i: number): string {
  const r = (i * 37) % 100;
  return OWNERSHIP.find(([, upTo]) => r < upTo)![0];
}

function words(i: number): string {
  const w = ['filler'];
  if ((i * 13) % 10 < 6) w.push('alpha'); // 60%
  if ((i * 7) % 10 === 0) w.push('beta'); // 10%
  if (i % 100 === 3) w.push('gamma'); // 1%
  return w.join(' ');
}

async function insertGroup(kind: 'custom' | 'object', name: string): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`
    INSERT INTO groups (kind, name, name_key, created_at, updated_at) VALUES (${kind}, ${name}, ${name.toLowerCase()}, ${AT}, ${AT})
    RETURNING id`);
  return rows[0]!.id;
}

async function insertUser(name: string): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`
    INSERT INTO users (username, username_key, created_at, updated_at) VALUES (${name}, ${name}, ${AT}, ${AT}) RETURNING id`);
  return rows[0]!.id;
}

async function nest(parent: number, member: number): Promise<void> {
  await db.query(sql`INSERT INTO group_group_members (group_id, member_group_id, added_at) VALUES (${parent}, ${member}, ${AT})`);
}

async function addMember(group: number, user: number): Promise<void> {
  await db.query(sql`INSERT INTO group_user_members (group_id, user_id, added_at) VALUES (${group}, ${user}, ${AT})`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  // Teams: A ⊇ B ⊇ C (a member of C is a member of B and A), D ⊇ E, F.
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) teams[name] = await insertGroup('custom', `Plan team ${name}`);
  await nest(teams.A!, teams.B!);
  await nest(teams.B!, teams.C!);
  await nest(teams.D!, teams.E!);
  for (const name of ['inA', 'inC', 'inE', 'inF', 'reporter', 'nobody']) users[name] = await insertUser(`plan-${name}`);
  await addMember(teams.A!, users.inA!);
  await addMember(teams.C!, users.inC!);
  await addMember(teams.E!, users.inE!);
  await addMember(teams.F!, users.inF!);

  // One participants group per object, nesting its owning team; the closure as the group repository keeps it.
  const participants: number[] = [];
  for (let i = 0; i < OBJECTS; i++) {
    const p = await insertGroup('object', `Participants ${i}`);
    participants.push(p);
    const o = owner(i);
    if (teams[o] !== undefined) await nest(p, teams[o]);
    if (i % 50 === 7) await addMember(p, users.reporter!);
  }
  await db.query(sql`
    INSERT INTO group_closure (ancestor_id, descendant_id)
    WITH RECURSIVE reach (ancestor_id, descendant_id) AS (
      SELECT id, id FROM unnest(${[...Object.values(teams), ...participants]}::int[]) AS id
      UNION
      SELECT r.ancestor_id, e.member_group_id FROM reach r JOIN group_group_members e ON e.group_id = r.descendant_id
    )
    SELECT ancestor_id, descendant_id FROM reach`);

  await db.transaction(async (tx) => {
    for (let i = 0; i < OBJECTS; i++) {
      const o = owner(i);
      const read = o === 'everyone' ? EVERYONE_GROUP_ID : o === 'registered' ? REGISTERED_GROUP_ID : participants[i]!;
      // Every seventh object shares its predecessor's time: the order then rests on the id.
      const at = new Date(AT.getTime() + (i - (i % 7 === 0 && i > 0 ? 1 : 0)) * 60_000);
      const id = await insertObject(systemSession('test'), tx, at, {
        type: 'page',
        title: `Page ${String.fromCharCode(97 + ((i * 11) % 26))} ${i}`,
        searchText: words(i),
        readGroupId: read,
        editGroupId: read,
        publishGroupId: read,
      });
      if (i % 3 === 0) await tx.query(sql`UPDATE objects SET published = true WHERE id = ${id}`);
    }
  });
  await db.exec('ANALYZE');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

function session(name: string): Session {
  if (name === 'anonymous') return anonymousSession('127.0.0.1');
  return userSession({ id: users[name]!, username: `plan-${name}`, isAdmin: false }, '127.0.0.1');
}

/** Groups the session is a member of, walked up group_group_members from its direct groups. */
async function effectiveGroups(name: string): Promise<number[]> {
  if (name === 'anonymous') return [EVERYONE_GROUP_ID];
  const rows = await db.query<{ ids: number[] }>(sql`
    WITH RECURSIVE eff (id) AS (
      SELECT id FROM (SELECT group_id AS id FROM group_user_members WHERE user_id = ${users[name]!}
                      UNION ALL VALUES (${EVERYONE_GROUP_ID}::int), (${REGISTERED_GROUP_ID}::int)) AS direct
      UNION
      SELECT e.group_id FROM eff JOIN group_group_members e ON e.member_group_id = eff.id
    )
    SELECT array_agg(id) AS ids FROM eff`);
  return rows[0]!.ids;
}

const ORDER: Record<SortKey, Sql> = {
  newest: sql`o.created_at DESC, o.id DESC`,
  oldest: sql`o.created_at ASC, o.id ASC`,
  title: sql`lower(o.title) ASC, o.id ASC`,
};

async function expected(groups: number[], query: ObjectQuery): Promise<number[]> {
  const rows = await db.query<{ id: number }>(sql`
    SELECT o.id FROM objects o
     WHERE o.type = ${query.type} AND o.read_group_id = ANY(${groups}::int[])
       AND (${query.text ?? null}::text IS NULL OR o.search @@ plainto_tsquery('simple', ${query.text ?? ''}))
       AND (${query.published ?? null}::boolean IS NULL OR o.published = ${query.published ?? false})
       AND ${query.where ?? sql`TRUE`}
     ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit} OFFSET ${query.offset}`);
  return rows.map((r) => r.id);
}

const PLANS: PlanChoice[] = [
  { plan: 'recent', cap: 100_000 },
  { plan: 'recent', cap: 3 }, // cut short: falls back to the filter
  { plan: 'walk' },
  { plan: 'matches-first' },
  { plan: 'filter' },
];

const SESSIONS = ['inA', 'inC', 'inE', 'inF', 'reporter', 'nobody', 'anonymous'];
const TEXTS = [undefined, 'alpha', 'beta', 'gamma', 'alpha beta', 'Alpha, GAMMA!', 'delta', '!!'];
const PAGES: [limit: number, offset: number][] = [
  [50, 0],
  [7, 3],
  [20, 40],
];

describe(`read plans (${backendName})`, () => {
  it('every plan returns what the brute-force filter returns, for every session, search, filter, order and page', async () => {
    let compared = 0;
    let nonEmpty = 0;
    for (const name of SESSIONS) {
      const s = session(name);
      const groups = await effectiveGroups(name);
      const keys = await accessKeys(s, db);
      for (const text of TEXTS) {
        for (const sort of ['newest', 'oldest', 'title'] as const) {
          for (const [limit, offset] of PAGES) {
            for (const published of [undefined, true]) {
              const where = limit === 7 ? sql`o.id % 2 = 0` : undefined;
              const query: ObjectQuery = { type: 'page', text, published, sort, limit, offset, ...(where ? { where } : {}) };
              const want = await expected(groups, query);
              if (want.length > 0) nonEmpty++;
              const label = `${name} ${JSON.stringify({ text, sort, limit, offset, published, where: Boolean(where) })}`;
              expect(
                (await searchObjects(s, db, query)).map((r) => r.id),
                `${label} chosen plan`,
              ).toEqual(want);
              for (const choice of PLANS) {
                // The keys read inside the statement, and loaded beforehand (as the pages service passes them).
                const inline = (await searchObjectsWithPlan(s, db, query, choice)).map((r) => r.id);
                expect(inline, `${label} ${JSON.stringify(choice)}`).toEqual(want);
                const loaded = (await searchObjectsWithPlan(s, db, query, choice, keys)).map((r) => r.id);
                expect(loaded, `${label} ${JSON.stringify(choice)} with loaded keys`).toEqual(want);
                compared++;
              }
            }
          }
        }
      }
    }
    expect(compared).toBe(SESSIONS.length * TEXTS.length * 3 * PAGES.length * 2 * PLANS.length);
    // The comparisons are not vacuous: a good share of the queries have readable results (282 of 1,008 here;
    // the others search for words no readable page has, or page past the end).
    expect(nonEmpty).toBeGreaterThan(250);
  }, 300_000);

  it('chooses the plan the statistics call for', async () => {
    const query = (text: string): ObjectQuery => ({ type: 'page', text, sort: 'newest', limit: 50, offset: 0 });
    // Reads ~50% (team F, Everyone, Registered users); the word is in ~60%: the newest objects, filtered.
    expect(await searchPlan(session('inF'), db, query('alpha'))).toBe('recent');
    // Reads ~22%: each key's own objects, newest first.
    expect(await searchPlan(session('inC'), db, query('alpha'))).toBe('walk');
    // Four objects match: those, then the readable ones.
    expect(await searchPlan(session('inF'), db, query('gamma'))).toBe('matches-first');
    expect(await searchPlan(userSession({ id: users.inF!, username: 'x', isAdmin: true }, '127.0.0.1'), db, query('alpha'))).toBe(
      'unrestricted',
    );
  });
});
