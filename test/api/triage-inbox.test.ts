// Triage ergonomics through the API: the default inbox order (open reports nobody acknowledged first, then the
// other open reports, finished ones last), the severity order (by rating, then score), "assigned to me",
// search by CVE ID, CWE and (for the team only) a reporter's e-mail address, the warning when the SLA's fix
// target falls after the agreed disclosure date, and the explicit confirmation "disclosed" needs before that
// date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';
import { openTestApp } from '../security/support.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestApp;
let product: ProductFixture;
let tess: Actor;
let tom: Actor;
let ip = 10;

/** An anonymous report, received a minute after the previous one. */
async function report(title: string, overrides: Record<string, unknown> = {}) {
  t.clock.advance(MINUTE);
  ip += 1;
  return submitAnonymously(
    t,
    submission(product.id, { title, description: `About ${title.toLowerCase()}.`, ...overrides }),
    `198.51.100.${ip}`,
  );
}

const as = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.request(actor, { method, url, ...(payload ? { payload } : {}) });

async function ok(actor: Actor, method: 'POST' | 'PUT', url: string, payload?: object) {
  const res = await as(actor, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
  return res;
}

/** Titles of the reports a query lists, in order (only this file's reports carry the prefix). */
async function titles(actor: Actor, query: string, prefix: string): Promise<string[]> {
  const res = await as(actor, 'GET', `/api/reports?limit=200${query ? `&${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { title: string }[]).map((i) => i.title).filter((x) => x.startsWith(prefix));
}

beforeAll(async () => {
  t = await openTestApp();
  product = await createProduct(t, 'Triage Product');
  tess = await memberOf(t, 'tess', product.teamGroupId);
  tom = await memberOf(t, 'tom', product.teamGroupId);
});
afterAll(() => t?.close());

/** Signs the team in again after the clock moved past the idle timeout. */
async function refreshSessions() {
  tess = { ...(await t.signIn('tess')) };
  tom = { ...(await t.signIn('tom')) };
}

describe(`the inbox order and filters (${backendName})`, () => {
  it('lists open unacknowledged reports first, then other open ones, finished ones (closed spam) last', async () => {
    const a = await report('Order A: oldest, waiting');
    const spam = await report('Order B: spam, never acknowledged');
    const d = await report('Order D: acknowledged and triaged');
    const c = await report('Order C: newest, waiting');
    const e = await report('Order E: acknowledged, then closed as not applicable');
    await ok(tess, 'POST', `/api/reports/${spam.id}/transition`, { to: 'spam', reason: 'Advertising.' });
    await ok(tess, 'POST', `/api/reports/${d.id}/acknowledge`);
    await ok(tess, 'POST', `/api/reports/${d.id}/transition`, { to: 'triaged', reason: 'Reproduced.' });
    await ok(tess, 'POST', `/api/reports/${e.id}/acknowledge`);
    t.clock.advance(MINUTE);
    await ok(tess, 'POST', `/api/reports/${e.id}/transition`, { to: 'not_applicable', reason: 'Not our product.' });
    const expected = [
      'Order A: oldest, waiting',
      'Order C: newest, waiting',
      'Order D: acknowledged and triaged',
      // Finished: the most recently finished first.
      'Order E: acknowledged, then closed as not applicable',
      'Order B: spam, never acknowledged',
    ];
    expect(await titles(tess, '', 'Order ')).toEqual(expected);
    expect(await titles(tess, 'sort=inbox', 'Order ')).toEqual(expected);
    expect([a.id, c.id].length).toBe(2);
  });

  it('orders by severity (the score, on one scale for every CVSS version), unscored last', async () => {
    const scored = [
      ['Severity: critical 10.0 (CVSS 2.0)', 'AV:N/AC:L/Au:N/C:C/I:C/A:C'],
      ['Severity: medium', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:N'],
      ['Severity: critical 9.1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N'],
      ['Severity: unscored', null],
      ['Severity: low', 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N'],
      ['Severity: high 7.5', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'],
    ] as const;
    for (const [title, vector] of scored) {
      const r = await report(title);
      if (vector) await ok(tess, 'PUT', `/api/reports/${r.id}/severity`, { cvssVector: vector });
    }
    expect(await titles(tess, 'sort=severity', 'Severity: ')).toEqual([
      'Severity: critical 10.0 (CVSS 2.0)',
      'Severity: critical 9.1',
      'Severity: high 7.5',
      'Severity: medium',
      'Severity: low',
      'Severity: unscored',
    ]);
  });

  it('filters "assigned to me" for whoever asks', async () => {
    const mine = await report('Assigned: to tess');
    const theirs = await report('Assigned: to tom');
    await report('Assigned: nobody');
    await ok(tess, 'PUT', `/api/reports/${mine.id}/assignee`, { assigneeId: tess.userId });
    await ok(tess, 'PUT', `/api/reports/${theirs.id}/assignee`, { assigneeId: tom.userId });
    expect(await titles(tess, 'assignedToMe=true', 'Assigned: ')).toEqual(['Assigned: to tess']);
    expect(await titles(tom, 'assignedToMe=true', 'Assigned: ')).toEqual(['Assigned: to tom']);
    expect(await titles(tess, `assignedToMe=true&assigneeId=${tess.userId}`, 'Assigned: ')).toEqual(['Assigned: to tess']);
    const contradiction = await as(tess, 'GET', `/api/reports?assignedToMe=true&assigneeId=${tom.userId}`);
    expect(contradiction.statusCode).toBe(400);
    expect(contradiction.json().error.fields[0].field).toBe('assignedToMe');
    const nobody = await as(anonymous, 'GET', '/api/reports?assignedToMe=true');
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json().total).toBe(0);
  });
});

describe(`searching the inbox (${backendName})`, () => {
  let cve: { id: number };
  let cwe: { id: number };
  let registered: { id: number };
  let rolf: Actor;
  let colin: Actor;

  beforeAll(async () => {
    cve = await report('Search: has a CVE ID');
    cwe = await report('Search: is CWE-79', { contactEmail: 'xss.finder@example.net' });
    await ok(tess, 'PUT', `/api/reports/${cve.id}/classification`, { cveId: 'CVE-2026-31337' });
    await ok(tess, 'PUT', `/api/reports/${cwe.id}/classification`, { cweId: 79 });
    rolf = await t.actor('rolf');
    await t.services.users.update(systemSession('test'), rolf.userId!, { email: 'rolf.registered@example.org' });
    t.clock.advance(MINUTE);
    const res = await t.request(
      { ...rolf, ip: '198.51.100.99' },
      {
        method: 'POST',
        url: '/api/reports',
        payload: submission(product.id, { title: 'Search: from a registered reporter', contactEmail: undefined }),
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    registered = { id: res.json().id };
    await t.buildInbox();
    // A co-reporter with an account: on the reporter side of the CWE report.
    colin = await t.actor('colin');
    await ok(tess, 'POST', `/api/reports/${cwe.id}/members`, { username: 'colin', role: 'co_reporter' });
  });

  const found = async (actor: Actor, q: string) =>
    ((await as(actor, 'GET', `/api/reports?q=${encodeURIComponent(q)}&limit=200`)).json().items as { id: number }[]).map((i) => i.id);

  it('finds a report by its CVE ID, in any case', async () => {
    expect(await found(tess, 'CVE-2026-31337')).toEqual([cve.id]);
    expect(await found(tess, 'cve-2026-31337')).toEqual([cve.id]);
  });

  it('finds a report by its CWE, written CWE-79, cwe79 or 79', async () => {
    for (const q of ['CWE-79', 'cwe79', '79']) expect(await found(tess, q), q).toContain(cwe.id);
    expect(await found(tess, 'CWE-80')).not.toContain(cwe.id);
  });

  it("finds reports by a reporter's e-mail address, or part of it, for the team", async () => {
    expect(await found(tess, 'xss.finder@example.net')).toEqual([cwe.id]);
    expect(await found(tess, 'XSS.Finder@')).toEqual([cwe.id]);
    expect(await found(tess, 'rolf.registered@example.org')).toEqual([registered.id]);
    expect(await found(tess, '@example.org')).toEqual([registered.id]);
    // LIKE wildcards are taken literally.
    expect(await found(tess, '%@%')).toEqual([]);
  });

  it("never lets the reporter side find a report by a reporter's address", async () => {
    // Colin reads the CWE report as its co-reporter, Rolf his own report: neither is on the team.
    expect(await found(colin, 'Search: is CWE-79')).toEqual([cwe.id]);
    expect(await found(colin, 'xss.finder@example.net')).toEqual([]);
    expect(await found(rolf, 'rolf.registered@example.org')).toEqual([]);
  });
});

describe(`dates that do not fit together (${backendName})`, () => {
  it('warns the team when the fix target of the SLA is after the agreed disclosure date', async () => {
    await refreshSessions();
    const low = await report('Dates: low severity');
    await ok(tess, 'PUT', `/api/reports/${low.id}/severity`, { cvssVector: 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' });
    const view = (await as(tess, 'GET', `/api/reports/${low.id}`)).json();
    // Low: fix within 180 days; disclosure after 90.
    expect(view.warnings).toEqual([
      {
        id: 'fix_after_disclosure',
        message: expect.stringContaining(`after the agreed disclosure date ${view.disclosureDate}`),
        fixDueOn: new Date(Date.parse(view.receivedAt) + 180 * DAY).toISOString().slice(0, 10),
        disclosureOn: view.disclosureDate,
      },
    ]);
    // The reporter side never sees the team's SLA.
    const asReporter = await t.request(
      { ...anonymous, ip: '198.51.100.200' },
      { url: `/api/reports/${low.id}`, headers: { 'x-report-link': low.token } },
    );
    expect(asReporter.json().warnings).toEqual([]);
    // An agreed extension past the fix target ends the warning.
    const extended = await ok(tess, 'PUT', `/api/reports/${low.id}/disclosure`, {
      extensionDays: 95,
      extensionReason: 'Agreed with the reporter.',
    });
    expect(extended.json().warnings).toEqual([]);
    // A critical report's fix target (7 days) is well before the date.
    const critical = await report('Dates: critical');
    const scored = await ok(tess, 'PUT', `/api/reports/${critical.id}/severity`, {
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N',
    });
    expect(scored.json().warnings).toEqual([]);
  });

  it('refuses "disclosed" before the agreed date without an explicit confirmation', async () => {
    const r = await report('Dates: early disclosure');
    await ok(tess, 'POST', `/api/reports/${r.id}/transition`, { to: 'triaged', reason: 'Reproduced.' });
    await ok(tess, 'POST', `/api/reports/${r.id}/transition`, { to: 'fixed', reason: 'Released 2.4.1.' });
    const refused = await as(tess, 'POST', `/api/reports/${r.id}/transition`, { to: 'disclosed', reason: 'Advisory published.' });
    expect(refused.statusCode).toBe(409);
    const agreed = (await as(tess, 'GET', `/api/reports/${r.id}`)).json().disclosureDate as string;
    expect(refused.json().error).toMatchObject({
      id: 'confirmation_required',
      message: expect.stringContaining(agreed),
      fields: [{ field: 'confirmEarlyDisclosure', message: expect.stringContaining('90 days from now') }],
    });
    expect((await as(tess, 'GET', `/api/reports/${r.id}`)).json().state).toBe('fixed');
    // Bulk actions carry no confirmation: refused per report.
    const bulk = await as(tess, 'POST', '/api/reports/bulk/transition', { ids: [r.id], to: 'disclosed', reason: 'Bulk.' });
    expect(bulk.json().results).toEqual([{ id: r.id, ok: false, error: { id: 'confirmation_required', message: expect.any(String) } }]);
    const confirmed = await ok(tess, 'POST', `/api/reports/${r.id}/transition`, {
      to: 'disclosed',
      reason: 'Exploited in the wild: disclosed early with the reporter.',
      confirmEarlyDisclosure: true,
    });
    expect(confirmed.json().state).toBe('disclosed');
    const audit = await t.database.db.query<{ after: { state: string; earlyDisclosure: { agreedDate: string; daysEarly: number } } }>(
      sql`SELECT after FROM audit_events WHERE action = 'report.state_changed' AND target_id = ${String(r.id)} ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0]!.after).toMatchObject({ state: 'disclosed', earlyDisclosure: { agreedDate: agreed, daysEarly: 90 } });
  });

  it('needs no confirmation once the agreed date has come', async () => {
    const r = await report('Dates: on time');
    await ok(tess, 'POST', `/api/reports/${r.id}/transition`, { to: 'triaged', reason: 'Reproduced.' });
    await ok(tess, 'POST', `/api/reports/${r.id}/transition`, { to: 'fixed', reason: 'Released.' });
    t.clock.advance(91 * DAY);
    await refreshSessions();
    const res = await ok(tess, 'POST', `/api/reports/${r.id}/transition`, { to: 'disclosed', reason: 'Published on the agreed date.' });
    expect(res.json().state).toBe('disclosed');
  });
});
