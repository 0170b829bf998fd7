// Report administration through the API: the acknowledgement template (re-authentication, placeholders,
// preview, and the changed text reaching the reporter filled in), SLA targets and the needs-more-info wait
// (changing the clocks and the sweep), the pool of reserved CVE IDs (handed out in order, refused when
// empty), canned responses (CRUD by administrators, read by security team members), audit events, 403 for
// everyone else and field errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { listAudit } from '../../src/domain/audit/repository.ts';
import { sweepReports } from '../../src/domain/reports/timers.ts';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';

const system = systemSession('test');
const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestApp;
let product: ProductFixture;
let nextIp = 20;

// The tests move the clock by days, and sessions end after 30 idle minutes: sign in again when needed.
const sessions = new Map<string, { actor: Actor; at: number }>();
async function as(username: string): Promise<Actor> {
  const known = sessions.get(username);
  const now = t.clock.now().getTime();
  if (known && now >= known.at && now - known.at < 20 * 60_000) return known.actor;
  const actor = await t.signIn(username);
  sessions.set(username, { actor, at: now });
  return actor;
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-01-09T09:00:00Z'); // a Friday
  product = await createProduct(t, 'Widget Server', { disclosureDays: 45 });
  await t.createUser('root', { isAdmin: true });
  await memberOf(t, 'ada', product.teamGroupId);
  await t.createUser('olga');
});
afterAll(() => t.close());

const submit = (overrides: Record<string, unknown> = {}) =>
  submitAnonymously(t, submission(product.id, overrides), `203.0.113.${nextIp++}`);
const audit = async (action: string) => (await listAudit(system, t.database.db, { limit: 500 })).filter((a) => a.action === action);
const fieldsOf = (res: { json(): unknown }) => (res.json() as { error: { fields: { field: string; message: string }[] } }).error.fields;

describe('the acknowledgement template', () => {
  it('shows the template, its placeholders and a preview with sample values', async () => {
    const res = await t.request(await as('root'), { url: '/api/admin/report-templates' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.templates.acknowledgement.subject).toBe('Security vulnerability acknowledgement [{tracking_id}]');
    expect(body.defaults).toEqual(body.templates);
    expect(body.placeholders.map((p: { name: string }) => p.name)).toEqual([
      'reporter',
      'tracking_id',
      'title',
      'product',
      'report_link',
      'policy_link',
      'security_monitor',
      'disclosure_date',
    ]);
    expect(body.placeholders.find((p: { name: string }) => p.name === 'policy_link').sample).toBe(
      'http://127.0.0.1:8080/disclosure-policy',
    );
    expect(body.preview.acknowledgement.subject).toBe('Security vulnerability acknowledgement [PR-2026-00042]');
    expect(body.preview.acknowledgement.body).toContain('Dear Rita Reporter,');
    expect(body.preview.acknowledgement.body).toContain('The security team (security@127.0.0.1)');
    expect(body.preview.acknowledgement.body).not.toMatch(/\{[a-z_]+\}/);
  });

  it('previews a draft without saving it, naming unknown placeholders', async () => {
    const res = await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/report-templates/preview',
      payload: { acknowledgement: { subject: 'About {title}', body: 'Hello {reporter}, {product} by {disclosure_date}. {nonsense}' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().preview.acknowledgement).toEqual({
      subject: 'About Stored XSS in the comment preview',
      body: `Hello Rita Reporter, Widget Server by ${new Date(t.clock.now().getTime() + 90 * DAY).toISOString().slice(0, 10)}. {nonsense}`,
    });
    expect(res.json().problems).toEqual([
      { field: 'acknowledgement.body', message: expect.stringContaining('{nonsense} is not a placeholder') },
    ]);
    expect((await t.request(await as('root'), { url: '/api/admin/report-templates' })).json().templates.acknowledgement.subject).toBe(
      'Security vulnerability acknowledgement [{tracking_id}]',
    );
  });

  it('refuses bad templates with field errors', async () => {
    const put = async (acknowledgement: unknown) =>
      t.request(await as('root'), { method: 'PUT', url: '/api/admin/report-templates', payload: { acknowledgement } });
    let res = await put({ subject: '', body: 'x' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([{ field: 'acknowledgement.subject', message: 'must not be empty.' }]);
    res = await put({ subject: 'Two\nlines', body: 'x' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([{ field: 'acknowledgement.subject', message: 'must be one line.' }]);
    res = await put({ subject: 'Thanks {reporter_name}', body: 'Dear {reporter}, {foo} and {bar}' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res).map((f) => f.field)).toEqual(['acknowledgement.subject', 'acknowledgement.body']);
    expect(fieldsOf(res)[1]!.message).toMatch(/^\{foo\}, \{bar\} are not placeholders; the placeholders are \{reporter\}, /);
    res = await put({ subject: 'S', body: 'x'.repeat(20_001) });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)[0]!.field).toBe('acknowledgement.body');
    res = await t.request(await as('root'), {
      method: 'PUT',
      url: '/api/admin/report-templates',
      payload: { acknowledgement: { subject: 'S', body: 'B' }, receipt: {} },
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)[0]!.field).toBe('receipt');
  });

  it('needs a recent sign-in to change the template, and audits the change', async () => {
    const template = {
      subject: 'We have your report {tracking_id}, {reporter}',
      body: 'Dear {reporter},\n\nthank you for "{title}" about {product}.\nFollow it: {report_link}\nPolicy: {policy_link}\nDisclosure planned for {disclosure_date}.\n\n{security_monitor}\n',
    };
    t.clock.advance(11 * MINUTE);
    const stale = await t.request(await as('root'), {
      method: 'PUT',
      url: '/api/admin/report-templates',
      payload: { acknowledgement: template },
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().error.id).toBe('reauthentication_required');
    await t.reauthenticate(await as('root'));
    const res = await t.request(await as('root'), {
      method: 'PUT',
      url: '/api/admin/report-templates',
      payload: { acknowledgement: template },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().templates.acknowledgement).toEqual(template);
    expect(res.json().preview.acknowledgement.subject).toBe('We have your report PR-2026-00042, Rita Reporter');
    const events = await audit('settings.report_templates_changed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_name: 'root', after: { acknowledgement: template } });
    expect((events[0]!.before as { acknowledgement: { subject: string } }).acknowledgement.subject).toBe(
      'Security vulnerability acknowledgement [{tracking_id}]',
    );
  });

  it('sends the changed template when a report is acknowledged, with the placeholders filled in', async () => {
    const r = await submit({ title: 'Heap overflow in the PNG decoder', preferredDisclosureDate: undefined });
    const ack = await t.request(await as('ada'), { method: 'POST', url: `/api/reports/${r.id}/acknowledge` });
    expect(ack.statusCode).toBe(200);
    const mail = (await t.mails()).find((m) => m.subject === `We have your report ${r.trackingId}, Rita Reporter`);
    expect(mail, 'the acknowledgement with the new subject').toBeDefined();
    expect((mail!.to as { text: string }).text).toBe('rita@example.net');
    const text = mail!.text!;
    expect(text).toContain('Dear Rita Reporter,');
    expect(text).toContain('thank you for "Heap overflow in the PNG decoder" about Widget Server.');
    expect(text).toMatch(new RegExp(`Follow it: http://127\\.0\\.0\\.1:8080/reporter/${r.id}#link=[A-Za-z0-9_-]+`));
    expect(text).toContain('Policy: http://127.0.0.1:8080/disclosure-policy');
    expect(text).toContain(`Disclosure planned for ${new Date(t.clock.now().getTime() + 45 * DAY).toISOString().slice(0, 10)}.`);
    expect(text).toContain('The security team (security@127.0.0.1)');
    expect(text).not.toMatch(/\{[a-z_]+\}/);
  });
});

describe('SLA targets', () => {
  it('shows the defaults', async () => {
    const res = await t.request(await as('root'), { url: '/api/admin/sla' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      acknowledgeBusinessDays: 2,
      triageBusinessDays: 5,
      triageCriticalBusinessDays: 1,
      fixDays: { critical: 7, high: 30, medium: 90, low: 180 },
      nearShare: 0.25,
      needsInfo: { closeDays: 30, warningDays: 7 },
    });
  });

  it('changes the clocks of reports', async () => {
    t.clock.set('2026-01-16T09:00:00Z'); // a Friday
    const r = await submit({ title: 'Auth bypass in the API' });
    const before = (await t.request(await as('ada'), { url: `/api/reports/${r.id}` })).json().sla;
    expect(before.find((c: { name: string }) => c.name === 'acknowledge').due).toBe('2026-01-20T09:00:00.000Z');

    const res = await t.request(await as('root'), {
      method: 'PATCH',
      url: '/api/admin/sla',
      payload: { acknowledgeBusinessDays: 1, fixDays: { medium: 60 }, nearShare: 0.5 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      acknowledgeBusinessDays: 1,
      triageBusinessDays: 5,
      fixDays: { critical: 7, high: 30, medium: 60, low: 180 },
      nearShare: 0.5,
    });

    await t.request(await as('ada'), {
      method: 'PUT',
      url: `/api/reports/${r.id}/severity`,
      payload: { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' },
    });
    const after = (await t.request(await as('ada'), { url: `/api/reports/${r.id}` })).json().sla;
    expect(after.find((c: { name: string }) => c.name === 'acknowledge').due).toBe('2026-01-19T09:00:00.000Z'); // Monday
    expect(after.find((c: { name: string }) => c.name === 'fix').due).toBe('2026-03-17T09:00:00.000Z'); // 60 days

    // With half the window as "near", Saturday 21:00 is near already.
    t.clock.set('2026-01-17T21:00:00Z');
    const sweep = await sweepReports(system, t.services.deps, t.clock.now());
    expect(sweep.slaAlerts.filter((a) => a.reportId === r.id)).toEqual([{ reportId: r.id, key: 'acknowledge:near' }]);

    const events = await audit('settings.report_sla_changed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      before: { acknowledgeBusinessDays: 2, nearShare: 0.25 },
      after: { acknowledgeBusinessDays: 1, nearShare: 0.5, fixDays: { medium: 60 } },
    });
  });

  it('changes how long a needs-more-info request waits', async () => {
    const res = await t.request(await as('root'), {
      method: 'PATCH',
      url: '/api/admin/sla',
      payload: { needsInfo: { closeDays: 10, warningDays: 3 } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().needsInfo).toEqual({ closeDays: 10, warningDays: 3 });
    expect(res.json().acknowledgeBusinessDays).toBe(1);

    t.clock.set('2026-02-02T09:00:00Z');
    const r = await submit({ title: 'Clickjacking on the billing page' });
    await t.request(await as('ada'), {
      method: 'POST',
      url: `/api/reports/${r.id}/transition`,
      payload: { to: 'needs_more_info', reason: 'Which page exactly?' },
    });
    const since = t.clock.now().getTime();
    const sweep = () => sweepReports(system, t.services.deps, t.clock.now());
    t.clock.set(new Date(since + 7 * DAY - MINUTE));
    expect((await sweep()).warned).toEqual([]);
    t.clock.set(new Date(since + 7 * DAY));
    expect((await sweep()).warned).toEqual([r.id]);
    t.clock.set(new Date(since + 10 * DAY));
    const closed = await sweep();
    expect(closed.closed).toEqual([r.id]);
    const detail = (await t.request(await as('ada'), { url: `/api/reports/${r.id}` })).json();
    expect(detail.timeline.at(-1).body.markdown).toBe('Closed as informative: no reply for 10 days.');
    await t.request(await as('root'), {
      method: 'PATCH',
      url: '/api/admin/sla',
      payload: { needsInfo: { closeDays: 30, warningDays: 7 } },
    });
  });

  it('refuses bad targets with field errors and changes nothing', async () => {
    const patch = async (payload: object) => t.request(await as('root'), { method: 'PATCH', url: '/api/admin/sla', payload });
    let res = await patch({ acknowledgeBusinessDays: -1 });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([{ field: 'acknowledgeBusinessDays', message: 'must be at least 0.' }]);
    res = await patch({ nearShare: 1.5 });
    expect(fieldsOf(res)[0]!.field).toBe('nearShare');
    res = await patch({ fixDays: { critical: 2.5 } });
    expect(fieldsOf(res)[0]!.field).toBe('fixDays.critical');
    res = await patch({ fixDays: { urgent: 1 } });
    expect(fieldsOf(res)[0]!.field).toBe('fixDays.urgent');
    res = await patch({ needsInfo: { warningDays: 30 } });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([
      { field: 'needsInfo.warningDays', message: 'must be fewer than the 30 days after which the report is closed.' },
    ]);
    res = await patch({ acknowledgeBusinessDays: 3, needsInfo: { closeDays: 1 } });
    expect(fieldsOf(res)[0]!.field).toBe('needsInfo.closeDays');
    const now = (await t.request(await as('root'), { url: '/api/admin/sla' })).json();
    expect(now).toMatchObject({ acknowledgeBusinessDays: 1, needsInfo: { closeDays: 30, warningDays: 7 } });
  });
});

describe('the CVE pool', () => {
  const take = async (id: number) =>
    t.request(await as('ada'), { method: 'PUT', url: `/api/reports/${id}/classification`, payload: { cveFromPool: true } });

  beforeAll(() => {
    t.clock.set('2026-03-02T09:00:00Z');
  });

  it('is empty at first, and refuses to hand out an id', async () => {
    const res = await t.request(await as('root'), { url: '/api/admin/cve-pool' });
    expect(res.json()).toEqual({ available: 0, taken: 0, items: [] });
    const r = await submit({ title: 'Race in the session store' });
    const refused = await take(r.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('pool of reserved CVE IDs is empty');
  });

  it('refuses bad ids with a field error for each, adding none of them', async () => {
    const res = await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/cve-pool',
      payload: { ids: ['CVE-2026-1', 'nonsense', 'CVE-2026-1003'] },
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([
      { field: 'ids.0', message: 'must be a CVE ID such as CVE-2026-12345.' },
      { field: 'ids.1', message: 'must be a CVE ID such as CVE-2026-12345.' },
    ]);
    expect((await t.request(await as('root'), { url: '/api/admin/cve-pool' })).json().available).toBe(0);
    const empty = await t.request(await as('root'), { method: 'POST', url: '/api/admin/cve-pool', payload: { ids: [] } });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty)[0]!.field).toBe('ids');
  });

  it('refuses an id already recorded on a report', async () => {
    const r = await submit({ title: 'Known CVE' });
    const set = await t.request(await as('ada'), {
      method: 'PUT',
      url: `/api/reports/${r.id}/classification`,
      payload: { cveId: 'CVE-2026-5555' },
    });
    expect(set.statusCode).toBe(200);
    const res = await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/cve-pool',
      payload: { ids: ['CVE-2026-1000', 'cve-2026-5555'] },
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([{ field: 'ids.1', message: `CVE-2026-5555 is already recorded on report ${r.trackingId}.` }]);
  });

  it('adds ids (normalised, once each) and hands them out in order', async () => {
    const res = await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/cve-pool',
      payload: { ids: ['CVE-2026-10002', ' cve-2026-9999 ', 'CVE-2026-10001', 'CVE-2026-9999'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      available: 3,
      taken: 0,
      added: ['CVE-2026-10002', 'CVE-2026-9999', 'CVE-2026-10001'],
      alreadyReserved: [],
    });
    // By number, not as text: 9999 before 10001.
    expect(res.json().items.map((i: { cveId: string }) => i.cveId)).toEqual(['CVE-2026-9999', 'CVE-2026-10001', 'CVE-2026-10002']);
    t.clock.advance(MINUTE);
    const more = await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/cve-pool',
      payload: { ids: ['CVE-2026-0999', 'CVE-2026-10001'] },
    });
    expect(more.json()).toMatchObject({ available: 4, added: ['CVE-2026-0999'], alreadyReserved: ['CVE-2026-10001'] });
    expect((await audit('cve_pool.added')).map((a) => a.after)).toEqual([
      { ids: ['CVE-2026-0999'] },
      { ids: ['CVE-2026-10002', 'CVE-2026-9999', 'CVE-2026-10001'] },
    ]);

    const taken: string[] = [];
    const reports = [];
    for (const title of ['One', 'Two', 'Three', 'Four']) {
      const r = await submit({ title: `Pool ${title}` });
      reports.push(r);
      const res2 = await take(r.id);
      expect(res2.statusCode).toBe(200);
      taken.push(res2.json().cveId);
    }
    // Reserved earlier first; within one batch by id.
    expect(taken).toEqual(['CVE-2026-9999', 'CVE-2026-10001', 'CVE-2026-10002', 'CVE-2026-0999']);
    const r5 = await submit({ title: 'Pool Five' });
    const refused = await take(r5.id);
    expect(refused.statusCode).toBe(409);

    const pool = (await t.request(await as('root'), { url: '/api/admin/cve-pool' })).json();
    expect(pool).toMatchObject({ available: 0, taken: 4 });
    expect(pool.items[0]).toMatchObject({ cveId: 'CVE-2026-0999', report: { id: reports[3]!.id, trackingId: reports[3]!.trackingId } });
  });

  it('removes an id not handed out, but keeps those handed out', async () => {
    await t.request(await as('root'), { method: 'POST', url: '/api/admin/cve-pool', payload: { ids: ['CVE-2026-2000'] } });
    const taken = await t.request(await as('root'), { method: 'DELETE', url: '/api/admin/cve-pool/CVE-2026-9999' });
    expect(taken.statusCode).toBe(409);
    const missing = await t.request(await as('root'), { method: 'DELETE', url: '/api/admin/cve-pool/CVE-2026-7777' });
    expect(missing.statusCode).toBe(404);
    const bad = await t.request(await as('root'), { method: 'DELETE', url: '/api/admin/cve-pool/CVE-26' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)[0]!.field).toBe('cveId');
    const ok = await t.request(await as('root'), { method: 'DELETE', url: '/api/admin/cve-pool/cve-2026-2000' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ available: 0, taken: 4 });
    expect((await audit('cve_pool.removed'))[0]).toMatchObject({ target_id: 'CVE-2026-2000' });
  });
});

describe('canned responses', () => {
  let id: number;

  it('are created, changed and deleted by administrators, with audit events', async () => {
    const created = await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/canned-responses',
      payload: { title: 'Need a proof of concept', body: 'Could you send a **minimal** proof of concept?' },
    });
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect(created.json()).toMatchObject({ title: 'Need a proof of concept', body: 'Could you send a **minimal** proof of concept?' });
    await t.request(await as('root'), {
      method: 'POST',
      url: '/api/admin/canned-responses',
      payload: { title: 'Duplicate of a known issue', body: 'This was reported before.' },
    });

    const changed = await t.request(await as('root'), {
      method: 'PATCH',
      url: `/api/admin/canned-responses/${id}`,
      payload: { body: 'Please send a proof of concept.' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id, title: 'Need a proof of concept', body: 'Please send a proof of concept.' });

    const list = await t.request(await as('root'), { url: '/api/canned-responses' });
    expect(list.json().items.map((c: { title: string }) => c.title)).toEqual(['Duplicate of a known issue', 'Need a proof of concept']);
    expect((await audit('canned_response.changed'))[0]).toMatchObject({
      target_id: String(id),
      before: { body: 'Could you send a **minimal** proof of concept?' },
      after: { body: 'Please send a proof of concept.' },
    });
  });

  it('refuses bad input with field errors', async () => {
    const post = async (payload: object) => t.request(await as('root'), { method: 'POST', url: '/api/admin/canned-responses', payload });
    let res = await post({ title: '  ', body: 'x' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([{ field: 'title', message: 'must not be empty.' }]);
    res = await post({ title: 'NEED A PROOF OF CONCEPT', body: 'x' });
    expect(fieldsOf(res)).toEqual([{ field: 'title', message: 'another canned response has this title.' }]);
    res = await post({ title: 'Line\nbreak', body: 'x' });
    expect(fieldsOf(res)).toEqual([{ field: 'title', message: 'must be one line.' }]);
    res = await post({ title: 'No body' });
    expect(fieldsOf(res)).toEqual([{ field: 'body', message: 'is required.' }]);
    res = await post({ title: 'NUL', body: 'nul \u0000 here' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res).map((f) => f.field)).toEqual(['body']);
    res = await t.request(await as('root'), {
      method: 'PATCH',
      url: `/api/admin/canned-responses/${id}`,
      payload: { title: 'Duplicate of a known issue' },
    });
    expect(fieldsOf(res)[0]!.field).toBe('title');
    res = await t.request(await as('root'), { method: 'PATCH', url: '/api/admin/canned-responses/999999', payload: { title: 'x' } });
    expect(res.statusCode).toBe(404);
  });

  it('are read by security team members, not by other users or anonymous visitors', async () => {
    const team = await t.request(await as('ada'), { url: '/api/canned-responses' });
    expect(team.statusCode).toBe(200);
    expect(team.json().items).toHaveLength(2);
    const other = await t.request(await as('olga'), { url: '/api/canned-responses' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.id).toBe('forbidden_team');
    expect((await t.request(anonymous, { url: '/api/canned-responses' })).statusCode).toBe(401);
    const write = await t.request(await as('ada'), {
      method: 'POST',
      url: '/api/admin/canned-responses',
      payload: { title: 'Mine', body: 'x' },
    });
    expect(write.statusCode).toBe(403);
  });

  it('is deleted', async () => {
    const res = await t.request(await as('root'), { method: 'DELETE', url: `/api/admin/canned-responses/${id}` });
    expect(res.statusCode).toBe(200);
    expect((await t.request(await as('root'), { method: 'DELETE', url: `/api/admin/canned-responses/${id}` })).statusCode).toBe(404);
    expect(
      (await t.request(await as('ada'), { url: '/api/canned-responses' })).json().items.map((c: { title: string }) => c.title),
    ).toEqual(['Duplicate of a known issue']);
    expect((await audit('canned_response.deleted'))[0]).toMatchObject({
      target_id: String(id),
      before: { title: 'Need a proof of concept' },
    });
  });
});

describe('only administrators', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/admin/report-templates'],
    ['PUT', '/api/admin/report-templates', { acknowledgement: { subject: 'S', body: 'B' } }],
    ['POST', '/api/admin/report-templates/preview', { acknowledgement: { subject: 'S', body: 'B' } }],
    ['GET', '/api/admin/sla'],
    ['PATCH', '/api/admin/sla', { acknowledgeBusinessDays: 9 }],
    ['GET', '/api/admin/cve-pool'],
    ['POST', '/api/admin/cve-pool', { ids: ['CVE-2026-3000'] }],
    ['DELETE', '/api/admin/cve-pool/CVE-2026-3000'],
    ['POST', '/api/admin/canned-responses', { title: 'T', body: 'B' }],
    ['PATCH', '/api/admin/canned-responses/1', { title: 'T' }],
    ['DELETE', '/api/admin/canned-responses/1'],
  ];

  it('answers 403 to a security team member and 401 to anonymous visitors', async () => {
    for (const [method, url, payload] of routes) {
      const res = await t.request(await as('ada'), { method: method, url, ...(payload ? { payload: payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(['forbidden_admin', 'staff_only'], `${method} ${url}`).toContain(res.json().error.id);
      const anon = await t.request(anonymous, { method: method, url, ...(payload ? { payload: payload } : {}) });
      expect(anon.statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await t.request(await as('root'), { url: '/api/admin/sla' })).json().acknowledgeBusinessDays).toBe(1);
  });
});
