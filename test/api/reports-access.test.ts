// The access matrix for reports: each report is embargoed to its participants group (reporter, assignee,
// collaborators) with its product's security team nested inside. Every actor × every way of reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, TEST_PASSWORD, type Actor, type TestApp } from '../helpers/app.ts';
import { createProduct, memberOf, submission, submitAnonymously } from '../helpers/reports.ts';
import { sql } from '../../src/db/database.ts';
import { systemSession } from '../../src/access/system.ts';

let t: TestApp;
const actors: Record<string, Actor> = {};
let reportA: number;
let reportB: number;
let guestReport: { id: number; token: string };

/** Registers through the API and the mailed link (registration answers "check your mail" first). */
async function register(username: string): Promise<Actor> {
  const res = await t.request(
    { ...anonymous, ip: `203.0.113.${Object.keys(actors).length + 10}` },
    {
      method: 'POST',
      url: '/api/registrations',
      payload: { username, password: TEST_PASSWORD, email: `${username}@example.net` },
    },
  );
  expect(res.statusCode, res.body).toBe(202);
  const mail = (await t.mails()).filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === `${username}@example.net`).pop();
  const token = /\/complete-registration#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  expect(token, `registration mail to ${username}`).toBeDefined();
  const done = await t.request(anonymous, { method: 'POST', url: '/api/registrations/complete', payload: { token } });
  expect(done.statusCode, done.body).toBe(201);
  return t.signIn(username);
}

beforeAll(async () => {
  t = await createTestApp();
  const widget = await createProduct(t, 'Widget');
  const gadget = await createProduct(t, 'Gadget');
  actors.teamMember = await memberOf(t, 'tessa', widget.teamGroupId);
  actors.otherTeam = await memberOf(t, 'otto', gadget.teamGroupId);
  actors.admin = await t.actor('root', { isAdmin: true });
  actors.reporterA = await register('alice');
  actors.reporterB = await register('bert');
  const submit = async (actor: Actor, title: string) => {
    const res = await t.request(actor, {
      method: 'POST',
      url: '/api/reports',
      payload: submission(widget.id, { title, contactEmail: undefined }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().reporterLink).toBeNull();
    return res.json().id as number;
  };
  reportA = await submit(actors.reporterA, 'Quokka overflow in the parser');
  reportB = await submit(actors.reporterB, 'Wombat injection in search');
  guestReport = await submitAnonymously(t, submission(widget.id, { title: 'Numbat bypass of the login' }));
});
afterAll(() => t.close());

type Way = 'get' | 'list' | 'search' | 'count' | 'similar' | 'timeline-comment';

async function canRead(actor: Actor, id: number, title: string, way: Way, headers: Record<string, string> = {}): Promise<boolean> {
  const word = title.split(' ')[0]!;
  switch (way) {
    case 'get': {
      const res = await t.request(actor, { url: `/api/reports/${id}`, headers });
      expect([200, 404]).toContain(res.statusCode);
      return res.statusCode === 200;
    }
    case 'list': {
      const res = await t.request(actor, { url: '/api/reports?limit=200', headers });
      return res.json().items.some((r: { id: number }) => r.id === id);
    }
    case 'search': {
      const res = await t.request(actor, { url: `/api/reports?q=${encodeURIComponent(word)}`, headers });
      return res.json().items.some((r: { id: number }) => r.id === id);
    }
    case 'count': {
      const res = await t.request(actor, { url: `/api/reports?q=${encodeURIComponent(word)}&limit=1`, headers });
      return res.json().total === 1;
    }
    case 'similar': {
      // Read through another readable report's similar list: the other reports of the product.
      const other = id === reportA ? reportB : reportA;
      const res = await t.request({ ...actors.admin! }, { url: `/api/reports/${other}/similar` });
      expect(res.json().items.some((r: { id: number }) => r.id === id)).toBe(true);
      const mine = await t.request(actor, { url: `/api/reports/${id}/similar`, headers });
      return mine.statusCode === 200;
    }
    case 'timeline-comment': {
      const res = await t.request(actor, { method: 'POST', url: `/api/reports/${id}/comments`, payload: { body: 'hello' }, headers });
      expect([200, 401, 404]).toContain(res.statusCode);
      return res.statusCode === 200;
    }
  }
}

const WAYS: Way[] = ['get', 'list', 'search', 'count', 'similar', 'timeline-comment'];
const MATRIX: [string, boolean][] = [
  ['reporterA', true],
  ['reporterB', false],
  ['teamMember', true],
  ['otherTeam', false],
  ['admin', true],
  ['anonymous', false],
];

describe('report access matrix (report of reporter A)', () => {
  for (const [name, expected] of MATRIX) {
    for (const way of WAYS) {
      it(`${name} ${expected ? 'reads' : 'does not read'} it by ${way}`, async () => {
        const actor = name === 'anonymous' ? anonymous : actors[name]!;
        expect(await canRead(actor, reportA, 'Quokka overflow in the parser', way)).toBe(expected);
      });
    }
  }
});

describe('a secret link reads its one report only', () => {
  for (const way of ['get', 'list', 'search', 'count'] as Way[]) {
    it(`reads its report by ${way}`, async () => {
      expect(await canRead(anonymous, guestReport.id, 'Numbat bypass of the login', way, { 'x-report-link': guestReport.token })).toBe(
        true,
      );
    });
    it(`does not read another report by ${way}`, async () => {
      expect(await canRead(anonymous, reportA, 'Quokka overflow in the parser', way, { 'x-report-link': guestReport.token })).toBe(false);
    });
  }
  it('an unknown link is refused, not ignored', async () => {
    const res = await t.request(anonymous, { url: `/api/reports/${guestReport.id}`, headers: { 'x-report-link': 'x'.repeat(43) } });
    expect(res.statusCode).toBe(401);
  });
});

describe('reporter-side limits', () => {
  it('the reporter cannot triage their own report', async () => {
    const res = await t.request(actors.reporterA!, {
      method: 'POST',
      url: `/api/reports/${reportA}/transition`,
      payload: { to: 'spam', reason: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.id).toBe('forbidden_triage');
  });

  it('the reporter invites a co-reporter, who reads it once they accept', async () => {
    const carol = await register('carol');
    expect(await canRead(carol, reportA, 'Quokka overflow', 'get')).toBe(false);
    const res = await t.request(actors.reporterA!, {
      method: 'POST',
      url: `/api/reports/${reportA}/invitations`,
      payload: { username: 'carol' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await canRead(carol, reportA, 'Quokka overflow', 'get')).toBe(false);
    const invitation = (await t.request(carol, { url: '/api/me/invitations' })).json().items[0];
    expect((await t.request(carol, { method: 'POST', url: `/api/me/invitations/${invitation.id}/accept` })).statusCode).toBe(200);
    expect(await canRead(carol, reportA, 'Quokka overflow', 'get')).toBe(true);
    const collab = await t.request(actors.reporterA!, {
      method: 'POST',
      url: `/api/reports/${reportA}/members`,
      payload: { username: 'bert', role: 'collaborator' },
    });
    expect(collab.statusCode).toBe(403);
  });

  it('a collaborator invited by the team sees internal notes; the reporter does not', async () => {
    const vera = await t.actor('vera');
    await t.request(actors.teamMember!, {
      method: 'POST',
      url: `/api/reports/${reportA}/members`,
      payload: { username: 'vera', role: 'collaborator' },
    });
    await t.request(actors.teamMember!, {
      method: 'POST',
      url: `/api/reports/${reportA}/comments`,
      payload: { body: 'SECRET-NOTE', internal: true },
    });
    const asVera = await t.request(vera, { url: `/api/reports/${reportA}` });
    expect(asVera.json().viewer.side).toBe('team');
    expect(asVera.body).toContain('SECRET-NOTE');
    const asReporter = await t.request(actors.reporterA!, { url: `/api/reports/${reportA}` });
    expect(asReporter.json().viewer.side).toBe('reporter');
    expect(asReporter.body).not.toContain('SECRET-NOTE');
    const reporterComment = await t.request(actors.reporterA!, {
      method: 'POST',
      url: `/api/reports/${reportA}/comments`,
      payload: { body: 'x', internal: true },
    });
    expect(reporterComment.statusCode).toBe(400);
  });

  it('registration refuses weak passwords with field errors, answers a taken name like a free one, and limits per network', async () => {
    const weak = await t.request(
      { ...anonymous, ip: '192.0.2.50' },
      { method: 'POST', url: '/api/registrations', payload: { username: 'weakling', password: 'password', email: 'w@example.net' } },
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].field).toBe('password');
    const taken = await t.request(
      { ...anonymous, ip: '192.0.2.50' },
      { method: 'POST', url: '/api/registrations', payload: { username: 'alice', password: TEST_PASSWORD, email: 'a2@example.net' } },
    );
    const free = await t.request(
      { ...anonymous, ip: '192.0.2.50' },
      { method: 'POST', url: '/api/registrations', payload: { username: 'alicia', password: TEST_PASSWORD, email: 'a3@example.net' } },
    );
    expect(taken.statusCode).toBe(202);
    expect(taken.body).toBe(free.body);
    for (let i = 0; i < 5; i++) {
      const ok = await t.request(
        { ...anonymous, ip: '192.0.2.51' },
        {
          method: 'POST',
          url: '/api/registrations',
          payload: { username: `flood${i}`, password: TEST_PASSWORD, email: `f${i}@example.net` },
        },
      );
      expect(ok.statusCode).toBe(202);
    }
    const limited = await t.request(
      { ...anonymous, ip: '192.0.2.51' },
      { method: 'POST', url: '/api/registrations', payload: { username: 'flood9', password: TEST_PASSWORD, email: 'f9@example.net' } },
    );
    expect(limited.statusCode).toBe(429);
    // The refused registrations were not mailed (no account can come of them); the limit is per network, so
    // another network still registers.
    const mailedTo = async () =>
      (await t.mails())
        .map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))
        .filter((to) => ['w@example.net', 'f0@example.net', 'f4@example.net', 'f9@example.net', 'e@example.net'].includes(to))
        .sort();
    expect(await mailedTo()).toEqual(['f0@example.net', 'f4@example.net']);
    const elsewhere = await t.request(
      { ...anonymous, ip: '192.0.2.52' },
      { method: 'POST', url: '/api/registrations', payload: { username: 'elsewhere', password: TEST_PASSWORD, email: 'e@example.net' } },
    );
    expect(elsewhere.statusCode, elsewhere.body).toBe(202);
    expect(await mailedTo()).toEqual(['e@example.net', 'f0@example.net', 'f4@example.net']);
  });
});

describe("administrators widen or narrow a report's access through its participants group", () => {
  it('narrowing: removing the team group leaves the team out; widening: adding a user lets them in', async () => {
    const admin = actors.admin!;
    await t.reauthenticate(admin);
    const report = (await t.request(admin, { url: `/api/reports/${reportB}` })).json();
    const groups = await t.services.deps.db.query<{ read_group_id: number; edit_group_id: number }>(
      sql`SELECT read_group_id, edit_group_id FROM objects WHERE id = ${report.id}`,
    );
    const participants = groups[0]!.read_group_id;
    const team = groups[0]!.edit_group_id;
    expect(await canRead(actors.teamMember!, reportB, 'Wombat', 'get')).toBe(true);
    const narrow = await t.request(admin, { method: 'DELETE', url: `/api/groups/${participants}/members/groups/${team}` });
    expect(narrow.statusCode, narrow.body).toBeLessThan(300);
    expect(await canRead(actors.teamMember!, reportB, 'Wombat', 'get')).toBe(false);
    expect(await canRead(actors.teamMember!, reportB, 'Wombat', 'search')).toBe(false);
    const outsider = await t.actor('ursula');
    const widen = await t.request(admin, {
      method: 'POST',
      url: `/api/groups/${participants}/members/users`,
      payload: { userId: outsider.userId },
    });
    expect(widen.statusCode, widen.body).toBeLessThan(300);
    expect(await canRead(outsider, reportB, 'Wombat', 'get')).toBe(true);
    expect(await canRead(actors.reporterB!, reportB, 'Wombat', 'get')).toBe(true);
  });
});

describe('affected and fixed versions', () => {
  it('the team records them per product; the checklist item is ticked; the reporter sees them', async () => {
    const team = actors.teamMember!;
    const report = (await t.request(team, { url: `/api/reports/${reportA}` })).json();
    const res = await t.request(team, {
      method: 'POST',
      url: `/api/reports/${reportA}/versions`,
      payload: { productId: report.product.id, affected: '>= 2.0, < 2.4.1' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json().versions[0];
    expect(v).toMatchObject({ product: 'Widget', affected: '>= 2.0, < 2.4.1', fixedIn: '' });
    expect(res.json().stages[1].activities.find((a: { key: string }) => a.key === 'versions_identified').doneBy).toBe('tessa');
    const fixed = await t.request(team, {
      method: 'PATCH',
      url: `/api/reports/${reportA}/versions/${v.id}`,
      payload: { fixedIn: '2.4.1' },
    });
    expect(fixed.json().versions[0].fixedIn).toBe('2.4.1');
    const bad = await t.request(team, {
      method: 'POST',
      url: `/api/reports/${reportA}/versions`,
      payload: { productId: 424242, affected: '1.0' },
    });
    expect(bad.json().error.fields[0].field).toBe('productId');
    const asReporter = await t.request(actors.reporterA!, { url: `/api/reports/${reportA}` });
    expect(asReporter.json().versions[0].fixedIn).toBe('2.4.1');
    const byReporter = await t.request(actors.reporterA!, {
      method: 'POST',
      url: `/api/reports/${reportA}/versions`,
      payload: { productId: report.product.id, affected: '1.0' },
    });
    expect(byReporter.statusCode).toBe(403);
  });

  it('gives the team the window of vulnerability from the catalogue release dates (seed 003), not the reporter', async () => {
    const team = actors.teamMember!;
    const report = (await t.request(team, { url: `/api/reports/${reportA}` })).json();
    const system = systemSession('test');
    for (const [version, releasedOn] of [
      ['1.9', '2024-06-01'],
      ['2.0', '2025-03-01'],
      ['2.4.1', null],
    ] as const) {
      await t.services.products.addVersion(system, report.product.id, { version, releasedOn: releasedOn ?? undefined });
    }
    // 2.4.1 is the fix but not released yet: still open, counted to today from 2.0's release.
    const open = (await t.request(team, { url: `/api/reports/${reportA}` })).json().windowOfVulnerability;
    const today = t.clock.now().toISOString().slice(0, 10);
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    expect(open).toEqual({
      days: days('2025-03-01', today),
      open: true,
      since: { date: '2025-03-01', basis: 'first_affected_release', productId: report.product.id, version: '2.0' },
      until: null,
    });
    const fix = (await t.services.products.get(system, report.product.id)).versions.find((v) => v.version === '2.4.1')!;
    await t.services.products.updateVersion(system, report.product.id, fix.id, { releasedOn: today });
    const closed = (await t.request(team, { url: `/api/reports/${reportA}` })).json().windowOfVulnerability;
    expect(closed).toMatchObject({ open: false, until: { date: today, version: '2.4.1' }, days: days('2025-03-01', today) });
    const asReporter = await t.request(actors.reporterA!, { url: `/api/reports/${reportA}` });
    expect(asReporter.json().windowOfVulnerability).toBeNull();
  });
});
