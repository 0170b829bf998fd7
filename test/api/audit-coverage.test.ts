// Audit coverage: every action the audit trail records (AUDIT_ACTIONS in src/domain/audit/actions.ts) has a
// scenario (SCENARIOS in test/api/audit-scenarios.ts) that performs the operation through the API (timer jobs:
// the sweep the server runs) and finds its audit row: the action, the actor, the target, the request's id, and
// written in the same transaction as the change itself. Also: every action literal in src is in the list, and
// every state-changing route of the OpenAPI document is the route of a scenario or is listed in NOT_AUDITED
// below with the reason it writes no audit event.
//
// "Same transaction" is proven with triggers this test adds to its own database: every row written to any
// table (and to pg-boss's job table) notes the id of the transaction that wrote it, and every audit row notes
// its own. The tables a scenario names in `changes` must have been written by the audit row's transaction. An
// event that records an act which changes nothing else (a refused sign-in, reading the private key) says so
// in `eventOnly`, with the reason.
//
// Adding an audit action (several branches add them in parallel):
// 1. Add it to AUDIT_ACTIONS in src/domain/audit/actions.ts (recordAudit accepts nothing else).
// 2. Add an entry under that action to SCENARIOS in test/api/audit-scenarios.ts (typecheck fails until you do,
//    and so does this test, naming the action). An entry is an async function of the test world `w` that sets up
//    what the operation needs (w.admin(), w.user(), w.report(state), w.call(actor, method, url, payload, status))
//    and returns { route: 'POST /api/things/:id', perform: () => w.call(...), actor, target: { type, id },
//    changes: ['public.things'] }; copy a neighbour. An action written at several places gets an array of entries,
//    one per place (see 'account.locked'). A new state-changing route without an audit event goes in NOT_AUDITED.
// 3. Run `npx vitest run test/api/audit-coverage.test.ts`, and again with TEST_DATABASE_URL set (PostgreSQL).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { AUDIT_ACTIONS, type AuditAction } from '../../src/domain/audit/actions.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ROOT } from '../helpers/paths.ts';
import { createProduct, createReport, memberOf } from '../helpers/reports.ts';
import { SCENARIOS, type Scenario, type Step, type World } from './audit-scenarios.ts';

/** State-changing routes that write no audit event, and why. */
const NOT_AUDITED: Record<string, string> = {
  'POST /api/cvss/score': 'scores a vector; stores nothing',
  'POST /api/admin/report-templates/preview': 'fills draft templates with sample values; stores nothing',
  'POST /api/password-reset/check': 'says whether a reset link is valid; stores nothing',
  'POST /api/invitations/check': 'says whether an account invitation link is valid; stores nothing',
  'PUT /api/session/preferences': "display preferences in the caller's own session",
  'POST /api/me/notifications/read': "marks the caller's own in-app alerts read",
  'POST /api/me/email/verification': "mails the caller's own address a new link (the link is made when the mail is built)",
};

let t: TestApp;
let w: World;
const covered = new Set<string>();

/** Adds the triggers that note which transaction wrote what (this test's database only). */
async function watchTransactions(): Promise<void> {
  const db = t.database.db;
  await db.exec(`
    CREATE TABLE test_tx_writes (txid bigint NOT NULL, tbl text NOT NULL, PRIMARY KEY (txid, tbl));
    CREATE TABLE test_audit_tx (audit_id bigint PRIMARY KEY, txid bigint NOT NULL);
    CREATE FUNCTION test_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_tx_writes VALUES (txid_current(), TG_ARGV[0]) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    CREATE FUNCTION test_note_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_audit_tx VALUES (NEW.id, txid_current());
      RETURN NULL;
    END $$;
    CREATE TRIGGER test_note_audit AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_note_audit();`);
  const tables = await db.query<{ name: string }>(sql`
    SELECT schemaname || '.' || tablename AS name FROM pg_tables
     WHERE (schemaname = 'public' AND tablename NOT LIKE 'test\\_%' AND tablename <> 'audit_events')
        OR (schemaname = 'pgboss' AND tablename = 'job')`);
  for (const { name } of tables) {
    await db.exec(`CREATE TRIGGER test_note_write AFTER INSERT OR UPDATE OR DELETE ON ${name}
                   FOR EACH ROW EXECUTE FUNCTION test_note_write('${name}')`);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await t.mails(); // opens the job queue (pg-boss's tables) before the triggers are added
  await watchTransactions();
  const product = await createProduct(t, 'Audited Product');
  const team = await memberOf(t, 'audit-team', product.teamGroupId);
  const reporter = await t.actor('audit-reporter', { ip: '10.76.0.1' });
  await t.services.users.update(systemSession('test'), reporter.userId!, { email: 'audit-reporter@example.org' });
  const admin = await t.actor('audit-root', { isAdmin: true });
  let reauthenticatedAt = -Infinity;
  let n = 0;
  w = {
    t,
    productId: product.id,
    teamGroupId: product.teamGroupId,
    team,
    reporter,
    async admin() {
      const now = t.clock.now().getTime();
      if (now - reauthenticatedAt > 5 * 60_000) {
        await t.reauthenticate(admin);
        reauthenticatedAt = now;
      }
      return admin;
    },
    async user(options = {}) {
      const username = w.unique('user');
      const id = await t.createUser(username, { isAdmin: options.isAdmin });
      await t.services.users.update(systemSession('test'), id, { email: `${username}@example.org` });
      return t.signIn(username, undefined, { ip: w.ip() });
    },
    report: async (state) => (await createReport(t, product.id, { reporter, state })).id,
    async call(actor, method, url, payload, status = 200, headers) {
      const res = await t.request(actor, {
        method: method,
        url,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        ...(headers ? { headers } : {}),
      });
      if (res.statusCode !== status) throw new Error(`${method} ${url}: expected ${status}, got ${res.statusCode} ${res.body}`);
      return res;
    },
    unique: (prefix) => `${prefix}-${++n}`,
    ip: () => {
      n += 1;
      return `10.77.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    },
  };
});
afterAll(() => t?.close());

interface AuditRow {
  id: string;
  actor_kind: string;
  actor_user_id: number | null;
  target_type: string;
  target_id: string;
  request_id: string | null;
  txid: string | null;
}

async function lastAuditId(): Promise<string> {
  const [row] = await t.database.db.query<{ id: string }>(sql`SELECT coalesce(max(id), 0)::text AS id FROM audit_events`);
  return row!.id;
}

/** Runs one scenario and checks its audit row; returns nothing, throws with what is wrong. */
async function check(action: AuditAction, scenario: Scenario): Promise<void> {
  const step: Step = await scenario(w);
  if (step.route) covered.add(step.route);
  try {
    const mark = await lastAuditId();
    const res = await step.perform();
    const rows = await t.database.db.query<AuditRow>(sql`
      SELECT a.id::text AS id, a.actor_kind, a.actor_user_id, a.target_type, a.target_id, a.request_id, x.txid::text AS txid
        FROM audit_events a LEFT JOIN test_audit_tx x ON x.audit_id = a.id
       WHERE a.id > ${mark}::bigint AND a.action = ${action} ORDER BY a.id`);
    const where = `${action}${step.route ? ` (${step.route})` : ''}`;
    expect(rows.length, `${where}: the operation wrote no ${action} audit event`).toBeGreaterThan(0);
    const target = { type: step.target.type, id: String(step.target.id) };
    const row = rows.find((r) => r.target_type === target.type && r.target_id === target.id);
    expect(
      row,
      `${where}: no ${action} event names the target ${target.type} ${target.id} (written: ${JSON.stringify(rows.map((r) => [r.target_type, r.target_id]))})`,
    ).toBeDefined();
    const actor = step.actor;
    const expectedActor = typeof actor === 'string' ? { kind: actor, userId: null } : { kind: 'user', userId: actor.userId ?? null };
    expect({ kind: row!.actor_kind, userId: row!.actor_user_id }, `${where}: the event names the wrong actor`).toEqual(expectedActor);
    const response = res as LightMyRequestResponse | undefined;
    if (response?.headers) expect(row!.request_id, `${where}: the event is not the request's`).toBe(response.headers['x-request-id']);
    const written = (
      await t.database.db.query<{ tbl: string }>(sql`SELECT tbl FROM test_tx_writes WHERE txid = ${row!.txid}::bigint ORDER BY tbl`)
    ).map((r) => r.tbl);
    if (step.eventOnly) {
      expect(step.changes, `${where}: an event-only scenario names no changes`).toEqual([]);
    } else {
      expect(step.changes.length, `${where}: name the tables the change writes (or say why it is eventOnly)`).toBeGreaterThan(0);
      const missing = step.changes.filter((c) => !written.includes(c));
      expect(
        missing,
        `${where}: the change to ${missing.join(', ')} was not written in the audit event's transaction (it wrote: ${written.join(', ') || 'nothing else'})`,
      ).toEqual([]);
    }
  } finally {
    await step.cleanup?.();
  }
}

describe(`audit coverage (${backendName})`, () => {
  it('every audit action written in src is in AUDIT_ACTIONS', async () => {
    const found = new Set<string>();
    async function scan(dir: string): Promise<void> {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) await scan(file);
        else if (entry.name.endsWith('.ts') && !file.endsWith(path.join('audit', 'actions.ts'))) {
          const text = await readFile(file, 'utf8');
          // action: 'x.y', action: cond ? 'x.y' : 'x.z', and templates such as `team_key.${source}`
          for (const m of text.matchAll(/\baction:\s*([^,\n}]+)/g)) {
            for (const lit of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(lit[1]!);
            const template = /`([a-z_]+)\.\$\{/.exec(m[1]!);
            if (template) for (const a of AUDIT_ACTIONS.filter((x) => x.startsWith(`${template[1]}.`))) found.add(a);
          }
        }
      }
    }
    await scan(path.join(ROOT, 'src'));
    expect(found.size).toBeGreaterThan(50);
    const unlisted = [...found].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a)).sort();
    expect(
      unlisted,
      `audit actions written in src but missing from AUDIT_ACTIONS (src/domain/audit/actions.ts): ${unlisted.join(', ')}`,
    ).toEqual([]);
  });

  it('every audit action has a scenario', () => {
    const missing = AUDIT_ACTIONS.filter((a) => !(a in SCENARIOS));
    expect(
      missing,
      `audit actions without a scenario: add one per action to SCENARIOS in test/api/audit-scenarios.ts (see test/api/audit-coverage.test.ts): ${missing.join(', ')}`,
    ).toEqual([]);
    const stale = Object.keys(SCENARIOS).filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    expect(stale, 'scenarios for actions that are not in AUDIT_ACTIONS').toEqual([]);
  });

  for (const action of AUDIT_ACTIONS) {
    const entries = SCENARIOS[action];
    const list = Array.isArray(entries) ? entries : entries ? [entries] : [];
    list.forEach((scenario, i) => {
      it(`${action}${list.length > 1 ? ` (${i + 1} of ${list.length})` : ''}: performed through the API, audited in the same transaction`, () =>
        check(action, scenario));
    });
  }

  it('every state-changing route is the route of a scenario, or is listed in NOT_AUDITED with the reason', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        if (['post', 'put', 'patch', 'delete'].includes(method)) routes.push(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    expect(routes.length).toBeGreaterThan(50);
    const uncovered = routes.filter((r) => !covered.has(r) && !(r in NOT_AUDITED)).sort();
    expect(uncovered, `state-changing routes with neither an audit scenario nor a reason in NOT_AUDITED: ${uncovered.join(', ')}`).toEqual(
      [],
    );
    const unknown = [...covered, ...Object.keys(NOT_AUDITED)].filter((r) => !routes.includes(r) && !r.startsWith('GET ')).sort();
    expect(unknown, 'scenario or NOT_AUDITED routes that the API does not have').toEqual([]);
  });
});
