// Issue 11, item 2: report abilities are the server's rules, sent with every report.
// - The rules the UI used to enforce alone now hold on the server: the team cannot remove the original
//   reporter (409 reporter_not_removable); the reporter side cannot attach to a finished report (409
//   report_finished), while the team still may.
// - A list item and the report's page carry the same abilities for the same viewer.
// - For each viewer and report, an ability that is true is an action the server performs, and one that is
//   false is an action it refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { createProduct, createReport, memberOf, type CreatedReport } from '../helpers/reports.ts';

type Abilities = Record<string, boolean>;
interface Detail {
  id: number;
  abilities: Abilities;
  viewer: { side: string };
  members: { userId: number; role: string; abilities: { remove: boolean } }[];
}

let t: TestApp;
let admin: Actor;
let tessa: Actor;
let colin: Actor;
let rita: Actor;
let open: CreatedReport;
let finished: CreatedReport;
let linked: CreatedReport;
let spare = 0;

/** A link holder of the anonymous report: anonymous, with the link header. */
const guest: Actor = { ...anonymous };
const headersOf = (a: Actor, _r: CreatedReport) => (a === guest ? { 'x-report-link': linked.token! } : {}) as Record<string, string>;

async function detail(a: Actor, r: CreatedReport): Promise<Detail> {
  const res = await t.request(a, { url: `/api/reports/${r.id}`, headers: headersOf(a, r) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Detail>();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.actor('ab-admin', { isAdmin: true });
  const product = await createProduct(t, 'Abilities Widget');
  tessa = await memberOf(t, 'ab-tessa', product.teamGroupId);
  colin = await t.actor('ab-colin');
  rita = await t.actor('ab-rita');
  open = await createReport(t, product.id, { reporter: rita, title: 'Open report' });
  finished = await createReport(t, product.id, { reporter: rita, state: 'closed', title: 'Finished report' });
  linked = await createReport(t, product.id, { title: 'Anonymous report' });
  for (const r of [open, finished]) {
    const res = await t.request(tessa, {
      method: 'POST',
      url: `/api/reports/${r.id}/members`,
      payload: { username: 'ab-colin', role: 'collaborator' },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  for (let i = 0; i < 40; i++) await t.actor(`ab-spare${i}`);
});
afterAll(async () => t?.close());

describe(`report abilities (${backendName})`, () => {
  it('the team cannot remove the original reporter; it may remove a co-reporter; the abilities say so', async () => {
    const co = await t.actor('ab-cora');
    expect(
      (
        await t.request(tessa, {
          method: 'POST',
          url: `/api/reports/${open.id}/members`,
          payload: { username: 'ab-cora', role: 'co_reporter' },
        })
      ).statusCode,
    ).toBe(200);
    const seen = await detail(tessa, open);
    const remove = Object.fromEntries(seen.members.map((m) => [m.role, m.abilities.remove]));
    expect(remove).toEqual({ reporter: false, co_reporter: true, collaborator: true });
    for (const a of [admin, tessa]) {
      expectError(
        await t.request(a, { method: 'DELETE', url: `/api/reports/${open.id}/members/${rita.userId}` }),
        409,
        'reporter_not_removable',
      );
    }
    expect((await detail(rita, open)).viewer.side).toBe('reporter');
    // A collaborator sees the members but may remove nobody.
    expect((await detail(colin, open)).members.every((m) => !m.abilities.remove)).toBe(true);
    expectError(await t.request(colin, { method: 'DELETE', url: `/api/reports/${open.id}/members/${co.userId}` }), 403, 'forbidden_triage');
    const res = await t.request(tessa, { method: 'DELETE', url: `/api/reports/${open.id}/members/${co.userId}` });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('the reporter side cannot attach to a finished report; the team still may', async () => {
    const attach = (a: Actor, r: CreatedReport) =>
      t.request(a, {
        method: 'POST',
        url: `/api/reports/${r.id}/attachments?filename=poc.txt`,
        headers: { 'content-type': 'text/plain', ...headersOf(a, r) },
        payload: 'proof of concept\n',
      });
    expect((await detail(rita, finished)).abilities.attach).toBe(false);
    expectError(await attach(rita, finished), 409, 'report_finished');
    expect((await detail(rita, open)).abilities.attach).toBe(true);
    expect((await attach(rita, open)).statusCode).toBe(201);
    expect((await detail(tessa, finished)).abilities.attach).toBe(true);
    expect((await attach(tessa, finished)).statusCode).toBe(201);
  });

  it('a list item carries the same abilities as the report page, for every viewer', async () => {
    for (const a of [admin, tessa, colin, rita]) {
      const res = await t.request(a, { url: '/api/reports?limit=100' });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json<{ items: { id: number; abilities: Abilities }[] }>().items;
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const page = await t.request(a, { url: `/api/reports/${item.id}` });
        expect(page.statusCode).toBe(200);
        expect(item.abilities, `${a.username} on report ${item.id}`).toEqual(page.json<Detail>().abilities);
      }
    }
  });

  // Each probe performs the action once; true must succeed, false must be refused (403 or 409).
  const probes: Record<string, (a: Actor, r: CreatedReport) => ReturnType<TestApp['request']>> = {
    comment: (a, r) =>
      t.request(a, { method: 'POST', url: `/api/reports/${r.id}/comments`, headers: headersOf(a, r), payload: { body: 'A note.' } }),
    commentInternal: (a, r) =>
      t.request(a, {
        method: 'POST',
        url: `/api/reports/${r.id}/comments`,
        headers: headersOf(a, r),
        payload: { body: 'Internal.', internal: true },
      }),
    score: (a, r) =>
      t.request(a, {
        method: 'PUT',
        url: `/api/reports/${r.id}/severity`,
        headers: headersOf(a, r),
        payload: { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
      }),
    attach: (a, r) =>
      t.request(a, {
        method: 'POST',
        url: `/api/reports/${r.id}/attachments?filename=probe.txt`,
        headers: { 'content-type': 'text/plain', ...headersOf(a, r) },
        payload: 'probe\n',
      }),
    createLink: (a, r) => t.request(a, { method: 'POST', url: `/api/reports/${r.id}/links`, headers: headersOf(a, r) }),
    manageMembers: (a, r) =>
      t.request(a, {
        method: 'POST',
        url: `/api/reports/${r.id}/members`,
        headers: headersOf(a, r),
        payload: { username: `ab-spare${spare++}`, role: 'co_reporter' },
      }),
  };

  it('every ability is what the server does: true is performed, false is refused', async () => {
    const cases: [string, Actor, CreatedReport][] = [
      ['admin', admin, open],
      ['team', tessa, open],
      ['team', tessa, finished],
      ['collaborator', colin, open],
      ['collaborator', colin, finished],
      ['reporter', rita, open],
      ['reporter', rita, finished],
      ['link guest', guest, linked],
    ];
    const seen: string[] = [];
    for (const [who, actor, report] of cases) {
      const abilities = (await detail(actor, report)).abilities;
      for (const [action, probe] of Object.entries(probes)) {
        const res = await probe(actor, report);
        const label = `${who} ${action} on ${report === finished ? 'finished' : 'open'} report: ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (abilities[action]) expect(res.statusCode < 300, label).toBe(true);
        else if (action === 'commentInternal' && res.statusCode === 400) expect(res.json().error.id, label).toBe('validation');
        else expect([403, 409], label).toContain(res.statusCode);
        seen.push(`${who}:${action}:${abilities[action]}`);
      }
    }
    // The probes exercised both answers.
    expect(seen.some((s) => s.endsWith(':true'))).toBe(true);
    expect(seen.some((s) => s.endsWith(':false'))).toBe(true);
  });
});
