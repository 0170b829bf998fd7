// Issue 10, items 1–3, 8 and 12: what report access must not leak once its reason is gone, and what the
// team-only parts of the product must not tell anyone else.
// - CVE IDs: a team member never learns which CVE IDs other products' embargoed reports hold;
// - the dashboard's SLA state is the team's: reporters and link holders get nothing of it;
// - co-reporter invitations answer the same whether or not the username exists; only the invitee answers;
// - alerts and mail about a report stop when the access to it ends (an alert's text is no grant);
// - a product's staff group is Parapet's: nobody changes it by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';

let t: TestApp;
let admin: Actor;
let widget: ProductFixture;
let gadget: ProductFixture;
let tessa: Actor;
let otto: Actor;
let alice: Actor;

const submit = async (actor: Actor, productId: number, title: string) => {
  const res = await t.request(actor, { method: 'POST', url: '/api/reports', payload: submission(productId, { title }) });
  expect(res.statusCode, res.body).toBe(201);
  await t.buildInbox();
  return res.json<{ id: number; trackingId: string }>();
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.actor('root-derived', { isAdmin: true });
  widget = await createProduct(t, 'Widget');
  gadget = await createProduct(t, 'Gadget');
  tessa = await memberOf(t, 'tessa', widget.teamGroupId);
  otto = await memberOf(t, 'otto', gadget.teamGroupId);
  alice = await t.actor('alice');
});
afterAll(() => t.close());

describe(`CVE IDs of reports the team member cannot read (${backendName})`, () => {
  it('are neither refused nor named; a CVE ID on a readable report is', async () => {
    const secret = await submit(alice, gadget.id, 'Gadget embargoed flaw');
    const mine = await submit(alice, widget.id, 'Widget flaw one');
    const mine2 = await submit(alice, widget.id, 'Widget flaw two');
    const classify = (actor: Actor, id: number, cveId: string) =>
      t.request(actor, { method: 'PUT', url: `/api/reports/${id}/classification`, payload: { cveId } });
    expect((await classify(otto, secret.id, 'CVE-2026-10001')).statusCode).toBe(200);
    // Tessa cannot read the gadget report: its CVE ID is accepted exactly like an unused one.
    const taken = await classify(tessa, mine.id, 'CVE-2026-10001');
    const unused = await classify(tessa, mine2.id, 'CVE-2026-10002');
    expect(taken.statusCode, taken.body).toBe(200);
    expect(unused.statusCode, unused.body).toBe(200);
    expect(taken.json().cveId).toBe('CVE-2026-10001');
    // On a report she can read, the CVE ID is refused, naming that report.
    const again = await classify(tessa, mine2.id, 'CVE-2026-10001');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields).toEqual([
      { field: 'cveId', message: `CVE-2026-10001 is already recorded on report ${mine.trackingId}.` },
    ]);
    expect(again.body).not.toContain(secret.trackingId);
  });

  it('a CVE ID entered by hand leaves the pool of reserved IDs', async () => {
    await t.reauthenticate(admin);
    const added = await t.request(admin, {
      method: 'POST',
      url: '/api/admin/cve-pool',
      payload: { ids: ['CVE-2026-20001', 'CVE-2026-20002'] },
    });
    expect(added.statusCode, added.body).toBeLessThan(300);
    const r = await submit(alice, widget.id, 'Widget flaw three');
    const res = await t.request(tessa, { method: 'PUT', url: `/api/reports/${r.id}/classification`, payload: { cveId: 'CVE-2026-20001' } });
    expect(res.statusCode, res.body).toBe(200);
    const r2 = await submit(alice, widget.id, 'Widget flaw four');
    const pooled = await t.request(tessa, { method: 'PUT', url: `/api/reports/${r2.id}/classification`, payload: { cveFromPool: true } });
    expect(pooled.statusCode, pooled.body).toBe(200);
    expect(pooled.json().cveId).toBe('CVE-2026-20002');
  });
});

describe("the dashboard is the team's", () => {
  it('gives reporters and link holders no SLA state of their reports', async () => {
    await submit(alice, widget.id, 'Alice dashboard report');
    const guest = await submitAnonymously(t, submission(widget.id, { title: 'Guest dashboard report' }));
    for (const [actor, headers] of [
      [alice, {}],
      [anonymous, { 'x-report-link': guest.token }],
    ] as const) {
      const res = await t.request(actor, { url: '/api/reports/dashboard', headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ open: 0, unacknowledged: 0, bySla: {}, bySeverity: {}, byState: {} });
    }
    const team = await t.request(tessa, { url: '/api/reports/dashboard' });
    expect(team.json().open).toBeGreaterThan(0);
    expect(Object.keys(team.json().bySla).length).toBeGreaterThan(0);
  });
});

describe('co-reporter invitations', () => {
  it('answer an existing and an unknown username alike; only the invitee can accept', async () => {
    await t.createUser('existing-person');
    const carl = await t.actor('carl');
    const r = await submit(alice, widget.id, 'Invitation report');
    const invite = (username: string) =>
      t.request(alice, { method: 'POST', url: `/api/reports/${r.id}/invitations`, payload: { username } });
    const a = await invite('existing-person');
    const b = await invite('nobody-has-this-name');
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    const view = (await t.request(alice, { url: `/api/reports/${r.id}` })).json();
    const shape = (i: { username: string }) => ({ ...i, id: 0, username: i.username.length });
    const [first, second] = view.invitations as { username: string }[];
    expect(view.invitations.map((i: { username: string }) => i.username)).toEqual(['existing-person', 'nobody-has-this-name']);
    expect(Object.keys(first!)).toEqual(Object.keys(second!));
    expect({ ...shape(first!), username: 0 }).toEqual({ ...shape(second!), username: 0 });
    const events = (view.timeline as { kind: string; data: unknown }[]).filter((e) => e.kind === 'invitation_sent');
    expect(events.map((e) => e.data)).toEqual([
      { username: 'existing-person', role: 'co_reporter' },
      { username: 'nobody-has-this-name', role: 'co_reporter' },
    ]);
    // Inviting the same name again changes nothing and answers the same.
    expect((await invite('existing-person')).statusCode).toBe(200);
    expect((await t.request(alice, { url: `/api/reports/${r.id}` })).json().invitations).toHaveLength(2);

    // Carl was not invited: he sees no invitation and cannot answer one.
    const invitee = await t.signIn('existing-person');
    const list = (await t.request(invitee, { url: '/api/me/invitations' })).json().items as {
      id: number;
      trackingId: string;
      invitedBy: string;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ trackingId: r.trackingId, invitedBy: 'alice' });
    expect((await t.request(carl, { url: '/api/me/invitations' })).json().items).toEqual([]);
    const stolen = await t.request(carl, { method: 'POST', url: `/api/me/invitations/${list[0]!.id}/accept` });
    expect(stolen.statusCode).toBe(404);
    // The invitee's alert names the report's tracking id, never its title (they cannot read it yet).
    const alerts = (await t.request(invitee, { url: '/api/me/notifications' })).json().items as { message: string }[];
    expect(alerts.map((n) => n.message).join('\n')).toContain(r.trackingId);
    expect(alerts.map((n) => n.message).join('\n')).not.toContain('Invitation report');
    expect((await t.request(invitee, { url: `/api/reports/${r.id}` })).statusCode).toBe(404);
    const accepted = await t.request(invitee, { method: 'POST', url: `/api/me/invitations/${list[0]!.id}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const asCoReporter = await t.request(invitee, { url: `/api/reports/${r.id}` });
    expect(asCoReporter.statusCode).toBe(200);
    expect(asCoReporter.json().viewer).toMatchObject({ side: 'reporter', role: 'co_reporter', mayInvite: true });
    // Answered: it cannot be answered again.
    expect((await t.request(invitee, { method: 'POST', url: `/api/me/invitations/${list[0]!.id}/decline` })).statusCode).toBe(404);
    const audit = await t.services.deps.db.query<{ action: string }>(sql`
      SELECT action FROM audit_events WHERE target_type = 'report' AND target_id = ${String(r.id)} AND action LIKE 'report.invitation%' ORDER BY id`);
    expect(audit.map((e) => e.action)).toEqual(['report.invitation_created', 'report.invitation_created', 'report.invitation_accepted']);
  });

  it('are withdrawn by the inviter, expire after 14 days, and can be declined', async () => {
    const dora = await t.actor('dora');
    const r = await submit(alice, widget.id, 'Expiring invitation report');
    const invite = () => t.request(alice, { method: 'POST', url: `/api/reports/${r.id}/invitations`, payload: { username: 'dora' } });
    expect((await invite()).statusCode).toBe(200);
    let mine = (await t.request(dora, { url: '/api/me/invitations' })).json().items as { id: number }[];
    const withdrawn = await t.request(alice, { method: 'DELETE', url: `/api/reports/${r.id}/invitations/${mine[0]!.id}` });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().invitations).toEqual([]);
    expect((await t.request(dora, { url: '/api/me/invitations' })).json().items).toEqual([]);
    expect((await invite()).statusCode).toBe(200);
    t.clock.advance(15 * 86_400_000);
    const fresh = await t.signIn('dora');
    expect((await t.request(fresh, { url: '/api/me/invitations' })).json().items).toEqual([]);
    const alice2 = await t.signIn('alice');
    expect((await t.request(alice2, { url: `/api/reports/${r.id}` })).json().invitations).toEqual([]);
    const again = await t.request(alice2, { method: 'POST', url: `/api/reports/${r.id}/invitations`, payload: { username: 'dora' } });
    expect(again.statusCode, again.body).toBe(200);
    mine = (await t.request(fresh, { url: '/api/me/invitations' })).json().items as { id: number }[];
    const declined = await t.request(fresh, { method: 'POST', url: `/api/me/invitations/${mine[0]!.id}/decline` });
    expect(declined.statusCode, declined.body).toBe(200);
    expect((await t.request(fresh, { url: `/api/reports/${r.id}` })).statusCode).toBe(404);
    // Sessions end after the 15 days: the other tests sign in again.
    alice = alice2;
    tessa = await t.signIn('tessa');
    otto = await t.signIn('otto');
    admin = await t.signIn('root-derived');
  });

  it('the team adds members directly; reporters may not', async () => {
    const r = await submit(alice, widget.id, 'Direct member report');
    const byReporter = await t.request(alice, {
      method: 'POST',
      url: `/api/reports/${r.id}/members`,
      payload: { username: 'carl', role: 'co_reporter' },
    });
    expect(byReporter.statusCode).toBe(403);
    const byTeam = await t.request(tessa, {
      method: 'POST',
      url: `/api/reports/${r.id}/members`,
      payload: { username: 'carl', role: 'co_reporter' },
    });
    expect(byTeam.statusCode, byTeam.body).toBe(200);
  });
});

describe('alerts and mail end with the access', () => {
  it("a removed assignee no longer sees the report's alerts nor gets its mail", async () => {
    const ann = await memberOf(t, 'ann', widget.teamGroupId);
    const r = await submit(alice, widget.id, 'Quasar assignment leak');
    expect(
      (await t.request(tessa, { method: 'PUT', url: `/api/reports/${r.id}/assignee`, payload: { assigneeId: ann.userId } })).statusCode,
    ).toBe(200);
    const alertsOf = async () =>
      ((await t.request(ann, { url: '/api/me/notifications' })).json().items as { message: string }[]).map((n) => n.message).join('\n');
    expect(await alertsOf()).toContain('Quasar assignment leak');
    await t.reauthenticate(admin);
    expect(
      (await t.request(admin, { method: 'DELETE', url: `/api/groups/${widget.teamGroupId}/members/users/${ann.userId}` })).statusCode,
    ).toBe(200);
    expect(await alertsOf()).not.toContain('Quasar assignment leak');
    await t.mails();
    const before = (await t.mails()).length;
    expect(
      (await t.request(alice, { method: 'POST', url: `/api/reports/${r.id}/comments`, payload: { body: 'Any news?' } })).statusCode,
    ).toBe(200);
    const fresh = (await t.mails()).slice(before);
    const recipients = fresh.flatMap((m) =>
      (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address)),
    );
    expect(recipients).not.toContain('ann@example.org');
    expect(recipients).toContain('tessa@example.org');
  });
});

describe("a product's staff group", () => {
  it('is refused every change by hand', async () => {
    const product = (await t.request(admin, { url: `/api/products/${widget.id}` })).json();
    const staff = product.roleGroups.staff.id as number;
    const custom = (await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Some custom group' } })).json()
      .id as number;
    await t.reauthenticate(admin);
    const attempts = [
      await t.request(admin, { method: 'POST', url: `/api/groups/${staff}/members/users`, payload: { userId: alice.userId } }),
      await t.request(admin, { method: 'POST', url: `/api/groups/${staff}/members/groups`, payload: { groupId: custom } }),
      await t.request(admin, { method: 'DELETE', url: `/api/groups/${staff}/members/groups/${widget.teamGroupId}` }),
      await t.request(admin, { method: 'POST', url: `/api/groups/${custom}/members/groups`, payload: { groupId: staff } }),
      await t.request(admin, { method: 'PATCH', url: `/api/groups/${staff}`, payload: { name: 'Renamed' } }),
      await t.request(admin, { method: 'DELETE', url: `/api/groups/${staff}` }),
    ];
    expect(attempts.map((a) => [a.statusCode, a.json().error?.id])).toEqual(attempts.map(() => [409, 'managed_group']));
    const detail = (await t.request(admin, { url: `/api/groups/${staff}` })).json();
    expect(detail).toMatchObject({
      kind: 'product',
      abilities: { rename: false, delete: false, changeUserMembers: false, changeGroupMembers: false },
    });
  });
});
