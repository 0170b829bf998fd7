// The report inbox's read path (src/domain/reports/list-repository.ts) against a model: for sessions of every
// kind, every filter the inbox offers, pages across the open/finished boundary and every plan, the rows, the
// totals and the dashboard's open reports are exactly what a brute-force model computes from the nesting
// (walked independently of read_keys, group_closure and object_read_keys) and the report columns — so a plan
// can neither leak an unreadable report nor lose a readable one. Report states change between rounds through
// plain UPDATEs, so the list rank the trigger keeps (migration 0067) is checked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSession, type Session } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { sql, type Database } from '../../src/db/database.ts';
import { insertObject } from '../../src/domain/objects/repository.ts';
import {
  countReports,
  listReports,
  listReportsWithPlan,
  type ReportFilter,
  type ReportPage,
  type ReportPlanChoice,
} from '../../src/domain/reports/list-repository.ts';
import { openReportFacts } from '../../src/domain/reports/dashboard-repository.ts';
import { FINISHED, REPORT_STATES, type ReportState } from '../../src/domain/reports/states.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const REPORTS = 160;
const AT = new Date('2026-02-01T00:00:00Z');

let t: TestDatabase;
let db: Database;
const g: Record<string, number> = {};
const u: Record<string, number> = {};
const products: Record<string, number> = {};

interface ModelReport {
  id: number;
  trackingId: string;
  productId: number;
  readGroup: number;
  editGroup: number;
  collaborators: number[];
  coReporters: number[];
  state: ReportState;
  acknowledged: boolean;
  stateChangedAt: number;
  receivedAt: number;
  severity: string | null;
  words: string;
}
const model: ModelReport[] = [];

let seed = 7;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

async function group(kind: 'custom' | 'object' | 'product', name: string): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`
    INSERT INTO groups (kind, name, name_key, created_at, updated_at) VALUES (${kind}, ${name}, ${name.toLowerCase()}, ${AT}, ${AT}) RETURNING id`);
  const id = rows[0]!.id;
  await db.query(sql`INSERT INTO group_closure (ancestor_id, descendant_id) VALUES (${id}, ${id})`);
  return id;
}

/** Nests member in parent and adds the closure rows, as the group repository does. */
async function nest(parent: number, member: number): Promise<void> {
  await db.query(sql`INSERT INTO group_group_members (group_id, member_group_id, added_at) VALUES (${parent}, ${member}, ${AT})`);
  await db.query(sql`
    INSERT INTO group_closure (ancestor_id, descendant_id)
    SELECT a.ancestor_id, d.descendant_id FROM group_closure a, group_closure d
     WHERE a.descendant_id = ${parent} AND d.ancestor_id = ${member} ON CONFLICT DO NOTHING`);
}

async function user(name: string, isAdmin = false): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`
    INSERT INTO users (username, username_key, is_admin, created_at, updated_at) VALUES (${name}, ${name}, ${isAdmin}, ${AT}, ${AT}) RETURNING id`);
  return rows[0]!.id;
}

async function member(groupId: number, userId: number): Promise<void> {
  await db.query(
    sql`INSERT INTO group_user_members (group_id, user_id, added_at) VALUES (${groupId}, ${userId}, ${AT}) ON CONFLICT DO NOTHING`,
  );
}

const WORDS = ['alpha', 'beta', 'delta'];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  // Product A's team nests a sub-team; product B's team is its own; product C's staff nests team A too.
  for (const name of ['teamA', 'subA', 'teamB', 'teamC']) g[name] = await group('custom', `Inbox ${name} ${backendName}`);
  await nest(g.teamA!, g.subA!);
  for (const name of ['A', 'B', 'C']) {
    const staff = await group('product', `Inbox staff ${name} ${backendName}`);
    g[`staff${name}`] = staff;
    await nest(staff, g[`team${name}`]!);
    const rows = await db.query<{ id: number }>(sql`
      INSERT INTO products (name, name_key, team_group_id, staff_group_id, created_at, updated_at)
      VALUES (${`Inbox product ${name}`}, ${`inbox product ${name.toLowerCase()}`}, ${g[`team${name}`]!}, ${staff}, ${AT}, ${AT}) RETURNING id`);
    products[name] = rows[0]!.id;
  }
  await nest(g.staffC!, g.teamA!);
  for (const name of ['inA', 'inSubA', 'inB', 'reporter', 'collaborator', 'outsider']) u[name] = await user(`inbox-${name}`);
  u.admin = await user('inbox-admin', true);
  await member(g.teamA!, u.inA!);
  await member(g.subA!, u.inSubA!);
  await member(g.teamB!, u.inB!);

  await db.transaction(async (tx) => {
    for (let i = 0; i < REPORTS; i++) {
      const product = (['A', 'B', 'C'] as const)[Math.floor(random() * 3)]!;
      const staff = g[`staff${product}`]!;
      const p = await tx.query<{ id: number }>(sql`
        INSERT INTO groups (kind, name, name_key, created_at, updated_at) VALUES ('object', ${`Inbox participants ${i}`}, ${`inbox participants ${i}`}, ${AT}, ${AT}) RETURNING id`);
      const pid = p[0]!.id;
      await tx.query(sql`INSERT INTO group_closure (ancestor_id, descendant_id) VALUES (${pid}, ${pid})`);
      await tx.query(sql`INSERT INTO group_group_members (group_id, member_group_id, added_at) VALUES (${pid}, ${staff}, ${AT})`);
      await tx.query(sql`
        INSERT INTO group_closure (ancestor_id, descendant_id) SELECT ${pid}, descendant_id FROM group_closure WHERE ancestor_id = ${staff}`);
      // Some reports share a receipt time: the order then rests on the id.
      const receivedAt = AT.getTime() + Math.floor(i / 3) * 3_600_000;
      const words = [WORDS[i % 3]!, ...(i % 5 === 0 ? ['gamma'] : []), ...(i === 77 ? ['kerberos'] : [])].join(' ');
      const id = await insertObject(systemSession('test'), tx, new Date(receivedAt), {
        type: 'report',
        title: `Inbox report ${i}`,
        searchText: words,
        readGroupId: pid,
        editGroupId: staff,
        publishGroupId: staff,
      });
      const trackingId = `PR-T-${String(i).padStart(4, '0')}`;
      await tx.query(sql`
        INSERT INTO reports (object_id, tracking_id, product_id, participants_group_id, state, state_changed_at, description, disclosure_days, received_at)
        VALUES (${id}, ${trackingId}, ${products[product]!}, ${pid}, 'new', ${new Date(receivedAt)}, ${words}, 90, ${new Date(receivedAt)})`);
      const r: ModelReport = {
        id,
        trackingId,
        productId: products[product]!,
        readGroup: pid,
        editGroup: staff,
        collaborators: [],
        coReporters: [],
        state: 'new',
        acknowledged: false,
        stateChangedAt: receivedAt,
        receivedAt,
        severity: null,
        words: `inbox report ${i} ${words}`,
      };
      if (i % 11 === 4) {
        await tx.query(sql`INSERT INTO group_user_members (group_id, user_id, added_at) VALUES (${pid}, ${u.reporter!}, ${AT})`);
        await tx.query(
          sql`INSERT INTO report_members (report_id, user_id, role, added_at) VALUES (${id}, ${u.reporter!}, 'co_reporter', ${AT})`,
        );
        r.coReporters.push(u.reporter!);
      }
      if (i % 13 === 6) {
        await tx.query(sql`INSERT INTO group_user_members (group_id, user_id, added_at) VALUES (${pid}, ${u.collaborator!}, ${AT})`);
        await tx.query(
          sql`INSERT INTO report_members (report_id, user_id, role, added_at) VALUES (${id}, ${u.collaborator!}, 'collaborator', ${AT})`,
        );
        r.collaborators.push(u.collaborator!);
      }
      model.push(r);
    }
  });
  await shuffleStates();
  await db.exec('ANALYZE');
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** New states, acknowledgements and severities for every report, written as plain UPDATEs (the trigger keeps the rank). */
async function shuffleStates(): Promise<void> {
  const severities = [null, 'low', 'medium', 'high', 'critical'];
  for (const r of model) {
    const finished = random() < 0.45;
    r.state = finished
      ? FINISHED[Math.floor(random() * FINISHED.length)]!
      : (['new', 'triaged', 'in_remediation', 'fixed', 'needs_more_info'] as const)[Math.floor(random() * 5)]!;
    r.acknowledged = random() < 0.6;
    // Finished reports: several share a state change time.
    r.stateChangedAt = AT.getTime() + 86_400_000 * 30 + Math.floor(random() * 6) * 86_400_000;
    r.severity = severities[Math.floor(random() * severities.length)]!;
    await db.query(sql`
      UPDATE reports SET state = ${r.state}, state_changed_at = ${new Date(r.stateChangedAt)},
             acknowledged_at = ${r.acknowledged ? new Date(r.receivedAt + 3_600_000) : null}, severity = ${r.severity}
       WHERE object_id = ${r.id}`);
  }
}

/** Every group the user is a member of, walked up the nesting from its direct groups (no closure, no keys). */
async function effectiveGroups(userId: number): Promise<Set<number>> {
  const direct = await db.query<{ group_id: number }>(sql`SELECT group_id FROM group_user_members WHERE user_id = ${userId}`);
  const edges = await db.query<{ group_id: number; member_group_id: number }>(
    sql`SELECT group_id, member_group_id FROM group_group_members`,
  );
  const seen = new Set<number>([1, 2, ...direct.map((d) => d.group_id)]);
  const queue = [...seen];
  while (queue.length) {
    const x = queue.pop()!;
    for (const e of edges) {
      if (e.member_group_id === x && !seen.has(e.group_id)) {
        seen.add(e.group_id);
        queue.push(e.group_id);
      }
    }
  }
  return seen;
}

const SESSIONS = ['inA', 'inSubA', 'inB', 'reporter', 'collaborator', 'outsider', 'admin'] as const;

function session(name: (typeof SESSIONS)[number]): Session {
  return userSession({ id: u[name]!, username: `inbox-${name}`, isAdmin: name === 'admin' }, '127.0.0.1');
}

const OPEN: ReportState[] = ['new', 'triaged', 'in_remediation', 'fixed', 'needs_more_info'];

const FILTERS: Record<string, ReportFilter> = {
  none: {},
  open: { states: OPEN },
  finishedOnly: { states: ['closed', 'spam', 'disclosed'] },
  unacknowledged: { unacknowledged: true },
  frequentWord: { text: 'alpha' },
  rareWord: { text: 'kerberos' },
  someWord: { text: 'gamma' },
  severityAndState: { severity: 'high', states: ['triaged', 'in_remediation'] },
  unscored: { severity: 'unscored' },
  product: { productId: 0 },
  tracking: { text: 'pr-t-0042' },
};

function matches(r: ModelReport, f: ReportFilter): boolean {
  if (f.states?.length && !f.states.includes(r.state)) return false;
  if (f.productId !== undefined && r.productId !== (f.productId || products.C)) return false;
  if (f.severity !== undefined && (f.severity === 'unscored' ? r.severity !== null : r.severity !== f.severity)) return false;
  if (f.unacknowledged && r.acknowledged) return false;
  if (f.text) {
    const q = f.text.toLowerCase();
    if (!(r.words.split(' ').includes(q) || r.trackingId === f.text.toUpperCase())) return false;
  }
  return true;
}

function inboxOrder(a: ModelReport, b: ModelReport): number {
  const rank = (r: ModelReport) => (FINISHED.includes(r.state) ? 2 : r.acknowledged ? 1 : 0);
  return rank(a) - rank(b) || (rank(a) === 2 ? b.stateChangedAt - a.stateChangedAt : 0) || a.receivedAt - b.receivedAt || a.id - b.id;
}

function filterOf(f: ReportFilter): ReportFilter {
  return f.productId !== undefined ? { ...f, productId: products.C! } : f;
}

async function modelFor(name: (typeof SESSIONS)[number]) {
  const groups = await effectiveGroups(u[name]!);
  const admin = name === 'admin';
  const readable = model.filter((r) => admin || groups.has(r.readGroup));
  const teamSide = (r: ModelReport) => admin || groups.has(r.editGroup) || r.collaborators.includes(u[name]!);
  return { readable, teamSide };
}

const PAGES: ReportPage[] = [
  { sort: 'inbox', limit: 7, offset: 0 },
  { sort: 'inbox', limit: 7, offset: 7 },
  { sort: 'inbox', limit: 10, offset: 40 },
  { sort: 'inbox', limit: 50, offset: 0 },
];

const PLANS: ReportPlanChoice[] = [
  { plan: 'walk' },
  { plan: 'recent', cap: 3 },
  { plan: 'recent', cap: 400 },
  { plan: 'filter' },
  { plan: 'matches-first' },
  { plan: 'unrestricted' },
];

describe(`report inbox read path against a model (${backendName})`, () => {
  it('report_list_rank of migration 0067 agrees with states.ts', async () => {
    const rows = await db.query<{ state: string; open_rank: number; acked_rank: number }>(sql`
      SELECT s AS state, report_list_rank(s, NULL) AS open_rank, report_list_rank(s, now()) AS acked_rank FROM unnest(${[...REPORT_STATES]}::text[]) AS s`);
    for (const r of rows) {
      const finished = FINISHED.includes(r.state as ReportState);
      expect([r.state, r.open_rank, r.acked_rank]).toEqual([r.state, finished ? 2 : 0, finished ? 2 : 1]);
    }
  });

  for (const round of [1, 2]) {
    it(`every plan, filter, page and session returns the model's rows, totals and open reports (round ${round})`, async () => {
      if (round === 2) await shuffleStates();
      // The list rank the trigger keeps matches the model, in objects and in every read-key row.
      const ranks = await db.query<{ id: number; list_rank: number; key_ranks: number[] }>(sql`
        SELECT o.id, o.list_rank, array_agg(DISTINCT k.list_rank) AS key_ranks FROM objects o JOIN object_read_keys k ON k.object_id = o.id
         WHERE o.type = 'report' GROUP BY o.id, o.list_rank`);
      const byId = new Map(model.map((r) => [r.id, r]));
      for (const r of ranks) {
        const m = byId.get(r.id);
        if (!m) continue;
        const want = FINISHED.includes(m.state) ? 2 : m.acknowledged ? 1 : 0;
        expect([r.id, r.list_rank, r.key_ranks]).toEqual([r.id, want, [want]]);
      }
      let checked = 0;
      for (const name of SESSIONS) {
        const s = session(name);
        const { readable, teamSide } = await modelFor(name);
        for (const [label, raw] of Object.entries(FILTERS)) {
          const f = filterOf(raw);
          const expected = readable.filter((r) => matches(r, f)).sort(inboxOrder);
          expect([name, label, await countReports(s, db, f)]).toEqual([name, label, expected.length]);
          for (const page of PAGES) {
            const want = expected.slice(page.offset, page.offset + page.limit).map((r) => r.id);
            const auto = (await listReports(s, db, f, page)).map((r) => r.id);
            expect([name, label, page.offset, 'auto', auto]).toEqual([name, label, page.offset, 'auto', want]);
            for (const plan of PLANS) {
              if (plan.plan === 'matches-first' && !f.text) continue;
              if (plan.plan === 'walk' && name === 'admin') continue;
              const got = (await listReportsWithPlan(s, db, f, page, plan)).map((r) => r.id);
              expect([name, label, page.offset, plan.plan, plan.cap, got]).toEqual([name, label, page.offset, plan.plan, plan.cap, want]);
              checked++;
            }
          }
        }
        const open = (await openReportFacts(s, db)).map((r) => r.id).sort((a, b) => a - b);
        const wantOpen = readable
          .filter((r) => !FINISHED.includes(r.state) && teamSide(r))
          .map((r) => r.id)
          .sort((a, b) => a - b);
        expect([name, 'dashboard', open]).toEqual([name, 'dashboard', wantOpen]);
      }
      expect(checked).toBeGreaterThan(1000);
    }, 300_000);
  }

  it('the model is not trivial: sessions read different shares, some pages cross into finished reports', async () => {
    const shares = await Promise.all(SESSIONS.map(async (n) => (await modelFor(n)).readable.length));
    expect(new Set(shares).size).toBeGreaterThanOrEqual(5);
    expect(shares[SESSIONS.indexOf('outsider')]).toBe(0);
    const open = async (n: (typeof SESSIONS)[number]) => (await modelFor(n)).readable.filter((r) => !FINISHED.includes(r.state)).length;
    // inB's 50-row page runs past its open reports into the finished ones; inA's does not.
    expect(await open('inB')).toBeLessThan(50);
    expect(await open('inB')).toBeGreaterThan(10);
    expect(await open('inA')).toBeGreaterThan(50);
  });
});
