// Every path that changes a report's state sets the same dates for the same move, and records it the same way:
// the team's transition, bulk triage, the reporter's answer to "needs more info", the reporter's withdrawal and
// the timer that closes an unanswered request (src/domain/reports/commands/transition-report.ts). Each case
// brings a fresh report to its starting state through the team's real transitions (a second apart, so a date
// kept from earlier differs from the move's), makes the move by its cause and reads the row back.
//
// The dates, as a model written here (not imported from src):
// - closed_at: the time the report reached the finished state it is in (disclosed, closed, a side exit,
//   withdrawn); null while it is open, so reopening clears it.
// - triaged_at: the first triage; kept for good.
// - fixed_at: set when it becomes fixed; cleared when work on the fix starts again (new, triaged, in
//   remediation, needs more info); kept otherwise.
// - disclosed_at: set when it is disclosed; kept.
// - needs_info_since / resume_state: set when more info is asked, cleared when the report leaves that state;
//   needs_info_warned_at is cleared by every move.
// - duplicate_of: the original while a duplicate, else null.
// Before the command, the team's move to informative left closed_at empty while the timer's set it; a withdrawal
// kept needs_info_since; a reopened report kept closed_at; the reporter's answer wrote no audit event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { sweepReports } from '../../src/domain/reports/timers.ts';
import { createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, createReport, memberOf } from '../helpers/reports.ts';

type State =
  | 'new'
  | 'triaged'
  | 'in_remediation'
  | 'fixed'
  | 'disclosed'
  | 'closed'
  | 'needs_more_info'
  | 'duplicate'
  | 'informative'
  | 'not_applicable'
  | 'spam'
  | 'withdrawn';
type Cause = 'team' | 'bulk' | 'reporter_reply' | 'withdrawal' | 'timer';

const FINISHED: readonly State[] = ['disclosed', 'closed', 'duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn'];
const BEFORE_FIX: readonly State[] = ['new', 'triaged', 'in_remediation', 'needs_more_info'];

/** The team's moves (the lifecycle model of report-states.test.ts). */
const DECLINE = ['duplicate', 'informative', 'not_applicable'] as const;
const TEAM: Partial<Record<State, readonly State[]>> = {
  new: ['triaged', 'needs_more_info', ...DECLINE, 'spam'],
  triaged: ['in_remediation', 'fixed', 'needs_more_info', ...DECLINE, 'spam'],
  in_remediation: ['fixed', 'triaged', 'needs_more_info', ...DECLINE],
  fixed: ['disclosed', 'closed', 'in_remediation'],
  disclosed: ['closed'],
  closed: ['triaged'],
  needs_more_info: ['new', 'triaged', 'in_remediation', ...DECLINE, 'spam'],
  duplicate: ['new', 'triaged'],
  informative: ['new', 'triaged'],
  not_applicable: ['new', 'triaged'],
  spam: ['new'],
};

/** Starting points: the team's moves from a new report that reach them. */
const PATHS: Record<string, State[]> = {
  new: [],
  triaged: ['triaged'],
  in_remediation: ['triaged', 'in_remediation'],
  fixed: ['triaged', 'in_remediation', 'fixed'],
  disclosed: ['triaged', 'in_remediation', 'fixed', 'disclosed'],
  closed: ['triaged', 'in_remediation', 'fixed', 'disclosed', 'closed'],
  'needs_more_info (asked when new)': ['needs_more_info'],
  needs_more_info: ['triaged', 'needs_more_info'],
  'needs_more_info (asked in remediation)': ['triaged', 'in_remediation', 'needs_more_info'],
  duplicate: ['duplicate'],
  informative: ['informative'],
  not_applicable: ['not_applicable'],
  spam: ['spam'],
};
const stateAt = (start: string): State => PATHS[start]!.at(-1) ?? 'new';

interface Case {
  cause: Cause;
  start: string;
  to: State;
}

const CASES: Case[] = [
  ...Object.keys(PATHS)
    .flatMap((start) => (TEAM[stateAt(start)] ?? []).map((to): Case => ({ cause: 'team', start, to })))
    // The other two needs-more-info starts only for the move the reporter's answer makes from them.
    .filter((c) => !c.start.startsWith('needs_more_info (') || c.to === (c.start.includes('new') ? 'new' : 'in_remediation')),
  // Bulk: every target once, from its first starting point.
  ...[...new Set(Object.values(TEAM).flat())].map((to): Case => ({
    cause: 'bulk',
    start: Object.keys(PATHS).find((s) => TEAM[stateAt(s)]?.includes(to))!,
    to,
  })),
  { cause: 'reporter_reply', start: 'needs_more_info (asked when new)', to: 'new' },
  { cause: 'reporter_reply', start: 'needs_more_info', to: 'triaged' },
  { cause: 'reporter_reply', start: 'needs_more_info (asked in remediation)', to: 'in_remediation' },
  ...['new', 'triaged', 'in_remediation', 'fixed', 'needs_more_info'].map((start): Case => ({
    cause: 'withdrawal',
    start,
    to: 'withdrawn',
  })),
  { cause: 'timer', start: 'needs_more_info', to: 'informative' },
];

interface Row {
  state: State;
  state_changed_at: Date;
  triaged_at: Date | null;
  fixed_at: Date | null;
  disclosed_at: Date | null;
  closed_at: Date | null;
  needs_info_since: Date | null;
  needs_info_warned_at: Date | null;
  resume_state: State | null;
  duplicate_of: number | null;
}
const DATE_FIELDS = [
  'state_changed_at',
  'triaged_at',
  'fixed_at',
  'disclosed_at',
  'closed_at',
  'needs_info_since',
  'needs_info_warned_at',
] as const;

/** What the model says the row is after moving `before` to `to` at `at`. */
function expected(before: Row, to: State, at: Date): Row {
  return {
    state: to,
    state_changed_at: at,
    triaged_at: before.triaged_at ?? (to === 'triaged' ? at : null),
    fixed_at: to === 'fixed' ? at : BEFORE_FIX.includes(to) ? null : before.fixed_at,
    disclosed_at: to === 'disclosed' ? at : before.disclosed_at,
    closed_at: FINISHED.includes(to) ? at : null,
    needs_info_since: to === 'needs_more_info' ? at : null,
    needs_info_warned_at: null,
    resume_state: to === 'needs_more_info' ? before.state : null,
    duplicate_of: to === 'duplicate' ? original : null,
  };
}

/** Each date as the move left it: set by the move, kept from before, or empty. */
function shape(before: Row, after: Row, at: Date): Record<string, string> {
  const of = (field: (typeof DATE_FIELDS)[number]) => {
    const v = after[field];
    if (v === null) return 'empty';
    if (v.getTime() === at.getTime()) return 'set';
    return before[field] !== null && v.getTime() === before[field].getTime() ? 'kept' : `other (${v.toISOString()})`;
  };
  return Object.fromEntries(DATE_FIELDS.map((f) => [f, of(f)]));
}

const system = systemSession('test');
let t: TestApp;
let productId: number;
let team: Actor;
let reporter: Actor;
let original: number;

beforeAll(async () => {
  t = await createTestApp();
  const product = await createProduct(t, 'Dated Server');
  productId = product.id;
  team = await memberOf(t, 'dora', product.teamGroupId);
  reporter = await t.actor('rex');
  original = (await createReport(t, productId, { title: 'The original' })).id;
  await t.mails();
});
afterAll(() => t?.close());

// A second apart: dates kept from earlier differ, and the sessions (30 idle minutes) last the whole test.
const tick = () => t.clock.advance(1_000);

async function row(id: number): Promise<Row> {
  const [r] = await t.database.db.query<Row>(sql`
    SELECT state, state_changed_at, triaged_at, fixed_at, disclosed_at, closed_at, needs_info_since, needs_info_warned_at, resume_state, duplicate_of
      FROM reports WHERE object_id = ${id}`);
  return r!;
}

/** The state-change records of the report written after `mark`: timeline events, audit events. */
async function records(id: number, mark: { audit: string; event: string }) {
  const [events] = await t.database.db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM report_events WHERE report_id = ${id} AND kind = 'state_changed' AND id > ${mark.event}::bigint`);
  const [audits] = await t.database.db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM audit_events WHERE target_type = 'report' AND target_id = ${String(id)}
       AND action IN ('report.state_changed', 'report.withdrawn') AND id > ${mark.audit}::bigint`);
  return { events: events!.n, audits: audits!.n };
}

async function marks(): Promise<{ audit: string; event: string }> {
  const [a] = await t.database.db.query<{ id: string }>(sql`SELECT coalesce(max(id), 0)::text AS id FROM audit_events`);
  const [e] = await t.database.db.query<{ id: string }>(sql`SELECT coalesce(max(id), 0)::text AS id FROM report_events`);
  return { audit: a!.id, event: e!.id };
}

const move = (to: State) => ({
  to,
  reason: `to ${to}`,
  ...(to === 'duplicate' ? { duplicateOf: original } : {}),
  ...(to === 'disclosed' ? { confirmEarlyDisclosure: true } : {}),
});

async function prepare(start: string): Promise<number> {
  const { id } = await createReport(t, productId, { reporter });
  for (const to of PATHS[start]!) {
    tick();
    const res = await t.request(team, { method: 'POST', url: `/api/reports/${id}/transition`, payload: move(to) });
    expect(res.statusCode, `${start}: to ${to}: ${res.body}`).toBe(200);
  }
  tick();
  return id;
}

interface Outcome extends Case {
  id: number;
  before: Row;
  at: Date;
  /** The row and the records right after the move (the timer's sweep later closes the needs-more-info ones). */
  after: Row;
  recorded: { events: number; audits: number };
}

async function outcome(c: Case, id: number, before: Row, at: Date, mark: { audit: string; event: string }): Promise<Outcome> {
  return { ...c, id, before, at, after: await row(id), recorded: await records(id, mark) };
}

async function perform(c: Case, id: number): Promise<void> {
  const url = `/api/reports/${id}`;
  const res =
    c.cause === 'team'
      ? await t.request(team, { method: 'POST', url: `${url}/transition`, payload: move(c.to) })
      : c.cause === 'reporter_reply'
        ? await t.request(reporter, { method: 'POST', url: `${url}/comments`, payload: { body: 'Here is more.' } })
        : c.cause === 'withdrawal'
          ? await t.request(reporter, { method: 'POST', url: `${url}/withdraw`, payload: { reason: 'Never mind.' } })
          : undefined;
  if (res) expect(res.statusCode, `${c.cause} ${c.start} → ${c.to}: ${res.body}`).toBe(200);
}

describe(`every path sets the same dates for the same move (${backendName})`, () => {
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    // Team, reporter and withdrawal moves, one report each.
    for (const c of CASES.filter((x) => x.cause !== 'bulk' && x.cause !== 'timer')) {
      const id = await prepare(c.start);
      const before = await row(id);
      const mark = await marks();
      const at = t.clock.now();
      await perform(c, id);
      outcomes.push(await outcome(c, id, before, at, mark));
    }
    // Bulk: one request per target.
    for (const to of [...new Set(CASES.filter((c) => c.cause === 'bulk').map((c) => c.to))]) {
      const c = CASES.find((x) => x.cause === 'bulk' && x.to === to)!;
      const id = await prepare(c.start);
      const before = await row(id);
      const mark = await marks();
      const at = t.clock.now();
      const res = await t.request(team, { method: 'POST', url: '/api/reports/bulk/transition', payload: { ids: [id], ...move(to) } });
      expect(res.json().results, `bulk ${c.start} → ${to}`).toEqual([{ id, ok: true }]);
      outcomes.push(await outcome(c, id, before, at, mark));
    }
    // The timer: asked, warned by one sweep, closed by the next (with the reports the team moved to needs more
    // info above, whose outcomes are already read).
    const timer = CASES.find((c) => c.cause === 'timer')!;
    const id = await prepare(timer.start);
    t.clock.advance(24 * 86_400_000);
    expect((await sweepReports(system, t.services.deps, t.clock.now())).warned).toContain(id);
    t.clock.advance(7 * 86_400_000);
    const before = await row(id);
    const mark = await marks();
    const at = t.clock.now();
    expect((await sweepReports(system, t.services.deps, at)).closed).toContain(id);
    outcomes.push(await outcome(timer, id, before, at, mark));
  }, 600_000);

  it('each cause moved its report to the target', () => {
    const wrong = [];
    for (const o of outcomes) if (o.after.state !== o.to) wrong.push(`${o.cause} ${o.start} → ${o.to}`);
    expect(wrong).toEqual([]);
    expect(new Set(outcomes.map((o) => o.cause))).toEqual(new Set(['team', 'bulk', 'reporter_reply', 'withdrawal', 'timer']));
  });

  it('every move sets the dates the model says, whatever its cause', () => {
    const mismatches: string[] = [];
    for (const o of outcomes) {
      const after = o.after;
      const want = expected(o.before, o.to, o.at);
      for (const field of Object.keys(want) as (keyof Row)[]) {
        const a = after[field] instanceof Date ? (after[field] as Date).toISOString() : after[field];
        const w = want[field] instanceof Date ? (want[field] as Date).toISOString() : want[field];
        if (a !== w) mismatches.push(`${o.cause} ${o.start} → ${o.to}: ${field} is ${a}, expected ${w}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the same move by different causes leaves the same dates', () => {
    const byMove = new Map<string, Map<Cause, Record<string, string>>>();
    for (const o of outcomes) {
      const key = `${o.start} → ${o.to}`;
      if (!byMove.has(key)) byMove.set(key, new Map());
      byMove.get(key)!.set(o.cause, shape(o.before, o.after, o.at));
    }
    const compared = [...byMove].filter(([, causes]) => causes.size > 1);
    // team and bulk for every target; team and the reporter's answer; team and the timer.
    expect(compared.length).toBeGreaterThanOrEqual(12);
    const differing = compared
      .filter(([, causes]) => new Set([...causes.values()].map((s) => JSON.stringify(s))).size > 1)
      .map(([move, causes]) => `${move}: ${JSON.stringify(Object.fromEntries(causes))}`);
    expect(differing).toEqual([]);
  });

  it('every move writes one timeline event and one audit event', () => {
    const wrong: string[] = [];
    for (const o of outcomes) {
      const { events, audits } = o.recorded;
      if (events !== 1 || audits !== 1) wrong.push(`${o.cause} ${o.start} → ${o.to}: ${events} events, ${audits} audit events`);
    }
    expect(wrong).toEqual([]);
  });
});
