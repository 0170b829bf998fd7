// The report timers (src/domain/reports/timers.ts), driven by moving the application clock: a needs-more-info
// request without a reply is warned about at day 23 (once) and closed as informative at day 30, with
// timeline, audit and mail; a reply in between stops it; a sweep that runs late never closes sooner than
// the warning period after its warning. SLA clocks count business days and alert near-breaches and breaches
// once each, to the team or the assignee, in the app and by mail. Runs on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { listAudit } from '../../src/domain/audit/repository.ts';
import { sweepReports, type SweepResult } from '../../src/domain/reports/timers.ts';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const system = systemSession('test');

let t: TestApp;
let product: ProductFixture;
let cyId: number;
let nextIp = 10;

beforeAll(async () => {
  t = await createTestApp();
  product = await createProduct(t, 'Widget Server');
  await memberOf(t, 'ada', product.teamGroupId);
  cyId = (await memberOf(t, 'cy', product.teamGroupId)).userId!;
});
afterAll(() => t.close());

// The tests move the clock by weeks, and sessions end after 30 idle minutes: sign in again when needed.
const sessions = new Map<string, { actor: Actor; at: number }>();
async function as(username: string): Promise<Actor> {
  const known = sessions.get(username);
  const now = t.clock.now().getTime();
  if (known && now >= known.at && now - known.at < 20 * 60_000) return known.actor;
  const actor = await t.signIn(username);
  sessions.set(username, { actor, at: now });
  return actor;
}

const sweep = () => sweepReports(system, t.services.deps, t.clock.now());
const submit = (title: string) => submitAnonymously(t, submission(product.id, { title }), `198.51.100.${nextIp++}`);
const asGuest = (token: string, opts: Parameters<TestApp['request']>[1]) =>
  t.request({ ...anonymous, ip: '198.51.100.200' }, { ...opts, headers: { 'x-report-link': token } });

async function askForMoreInfo(id: number): Promise<void> {
  const res = await t.request(await as('ada'), {
    method: 'POST',
    url: `/api/reports/${id}/transition`,
    payload: { to: 'needs_more_info', reason: 'Which browser did you use?' },
  });
  expect(res.statusCode).toBe(200);
}

async function report(id: number) {
  const res = await t.request(await as('ada'), { url: `/api/reports/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function warnedAt(id: number): Promise<Date | null> {
  const rows = await t.database.db.query<{ at: Date | null }>(sql`SELECT needs_info_warned_at AS at FROM reports WHERE object_id = ${id}`);
  return rows[0]!.at;
}

const subjects = async (subject: string) => (await t.mails()).filter((m) => m.subject === subject);

describe('needs more info: warning at day 23, closed as informative at day 30', () => {
  let r: { id: number; trackingId: string; token: string };
  let since: number;

  beforeAll(async () => {
    t.clock.set('2026-02-02T10:00:00Z');
    r = await submit('Open redirect in the login form');
    await askForMoreInfo(r.id);
    since = t.clock.now().getTime();
  });

  it('does nothing before day 23', async () => {
    t.clock.set(new Date(since + 23 * DAY - 60_000));
    const result = await sweep();
    expect(result.warned).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(await warnedAt(r.id)).toBeNull();
  });

  it('warns the reporter at day 23, on the timeline they see and by mail', async () => {
    t.clock.set(new Date(since + 23 * DAY));
    const result = await sweep();
    expect(result.warned).toEqual([r.id]);
    expect((await warnedAt(r.id))?.toISOString()).toBe(t.clock.now().toISOString());

    const view = await asGuest(r.token, { url: `/api/reports/${r.id}` });
    expect(view.statusCode).toBe(200);
    const warning = view.json().timeline.find((e: { kind: string }) => e.kind === 'needs_info_warning');
    expect(warning).toMatchObject({ actorSide: 'system', internal: false, data: { closesOn: '2026-03-04' } });
    expect(warning.body.markdown).toBe(
      'No reply yet to the request for more information of 2026-02-02. Without a reply by 2026-03-04, the report will be closed as informative.',
    );

    const mails = await subjects(`Reply needed: your report ${r.trackingId}`);
    expect(mails).toHaveLength(1);
    expect((mails[0]!.to as { text: string }).text).toBe('rita@example.net');
    expect(mails[0]!.text).toContain('Without a reply by 2026-03-04, the report will be closed as informative.');
    expect(mails[0]!.text).toMatch(new RegExp(`/reporter/${r.id}#link=`));

    const audit = await listAudit(system, t.database.db, { targetType: 'report', targetId: String(r.id), limit: 50 });
    expect(audit.find((a) => a.action === 'report.needs_info_warned')).toMatchObject({
      actor_kind: 'system',
      after: { closesOn: '2026-03-04' },
    });
  });

  it('does not warn twice', async () => {
    t.clock.advance(HOUR);
    expect((await sweep()).warned).toEqual([]);
    t.clock.set(new Date(since + 30 * DAY - 60_000));
    const result = await sweep();
    expect(result.warned).toEqual([]);
    expect(result.closed).toEqual([]);
    expect(await subjects(`Reply needed: your report ${r.trackingId}`)).toHaveLength(1);
    const timeline = (await report(r.id)).timeline.filter((e: { kind: string }) => e.kind === 'needs_info_warning');
    expect(timeline).toHaveLength(1);
    expect((await report(r.id)).state).toBe('needs_more_info');
  });

  it('closes the report as informative at day 30, with timeline, audit and mail', async () => {
    t.clock.set(new Date(since + 30 * DAY));
    const result = await sweep();
    expect(result.closed).toEqual([r.id]);
    expect(result.failures).toEqual([]);

    const detail = await report(r.id);
    expect(detail.state).toBe('informative');
    expect(detail.dates.closedAt).toBe(t.clock.now().toISOString());
    expect(detail.dates.needsInfoSince).toBeNull();
    const last = detail.timeline.at(-1);
    expect(last).toMatchObject({
      kind: 'state_changed',
      actorSide: 'system',
      internal: false,
      data: { from: 'needs_more_info', to: 'informative', automatic: true },
    });
    expect(last.body.markdown).toBe('Closed as informative: no reply for 30 days.');

    const audit = await listAudit(system, t.database.db, { targetType: 'report', targetId: String(r.id), limit: 50 });
    expect(audit[0]).toMatchObject({
      action: 'report.state_changed',
      actor_kind: 'system',
      before: { state: 'needs_more_info' },
      after: { state: 'informative', automatic: true },
    });

    const mails = await subjects(`Update on your report ${r.trackingId}`);
    const closing = mails.filter((m) => m.text?.includes('is now: Informative'));
    expect(closing).toHaveLength(1);
    expect(closing[0]!.text).toContain('Closed as informative: no reply for 30 days.');

    t.clock.advance(DAY);
    const again = await sweep();
    expect(again.closed).toEqual([]);
    expect((await subjects(`Update on your report ${r.trackingId}`)).filter((m) => m.text?.includes('is now: Informative'))).toHaveLength(
      1,
    );
  });
});

describe('needs more info: a reply stops the countdown', () => {
  it('keeps a report the reporter answered after the warning', async () => {
    t.clock.set('2026-04-01T08:00:00Z');
    const r = await submit('Path traversal in the export');
    await t.request(await as('ada'), {
      method: 'POST',
      url: `/api/reports/${r.id}/transition`,
      payload: { to: 'triaged', reason: 'Looks real.' },
    });
    await askForMoreInfo(r.id);
    const since = t.clock.now().getTime();

    t.clock.set(new Date(since + 23 * DAY));
    expect((await sweep()).warned).toEqual([r.id]);
    expect(await subjects(`Reply needed: your report ${r.trackingId}`)).toHaveLength(1);

    t.clock.set(new Date(since + 25 * DAY));
    const answer = await asGuest(r.token, { method: 'POST', url: `/api/reports/${r.id}/comments`, payload: { body: 'Chromium 140.' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().state).toBe('triaged');
    expect(await warnedAt(r.id)).toBeNull();

    t.clock.set(new Date(since + 31 * DAY));
    const result = await sweep();
    expect(result.closed).toEqual([]);
    expect(result.warned).toEqual([]);
    expect((await report(r.id)).state).toBe('triaged');
    expect(await subjects(`Reply needed: your report ${r.trackingId}`)).toHaveLength(1);
  });

  it('starts again from the next request: a new warning after 23 days of the new wait', async () => {
    t.clock.set('2026-06-01T08:00:00Z');
    const r = await submit('CSRF on the settings page');
    await askForMoreInfo(r.id);
    const first = t.clock.now().getTime();
    t.clock.set(new Date(first + 23 * DAY));
    expect((await sweep()).warned).toEqual([r.id]);
    t.clock.set(new Date(first + 24 * DAY));
    await asGuest(r.token, { method: 'POST', url: `/api/reports/${r.id}/comments`, payload: { body: 'Here are the details.' } });
    await askForMoreInfo(r.id);
    const second = t.clock.now().getTime();
    t.clock.set(new Date(second + 22 * DAY));
    expect((await sweep()).warned).toEqual([]);
    t.clock.set(new Date(second + 23 * DAY));
    expect((await sweep()).warned).toEqual([r.id]);
    expect(await subjects(`Reply needed: your report ${r.trackingId}`)).toHaveLength(2);
    // Leave it answered, so the tests below see only their own reports waiting.
    await asGuest(r.token, { method: 'POST', url: `/api/reports/${r.id}/comments`, payload: { body: 'More details.' } });
    expect((await report(r.id)).state).toBe('new');
  });
});

describe('needs more info: a late sweep', () => {
  it('warns first and closes only the warning period after the warning', async () => {
    t.clock.set('2026-08-03T08:00:00Z');
    const r = await submit('SSRF in the avatar fetcher');
    await askForMoreInfo(r.id);
    const since = t.clock.now().getTime();

    // The sweeps did not run for 35 days (the servers were down).
    t.clock.set(new Date(since + 35 * DAY));
    const late = await sweep();
    expect(late.warned).toEqual([r.id]);
    expect(late.closed).toEqual([]);
    const warning = (await report(r.id)).timeline.find((e: { kind: string }) => e.kind === 'needs_info_warning');
    expect(warning.data.closesOn).toBe(new Date(since + 42 * DAY).toISOString().slice(0, 10));

    t.clock.set(new Date(since + 42 * DAY - 60_000));
    expect((await sweep()).closed).toEqual([]);
    t.clock.set(new Date(since + 42 * DAY));
    expect((await sweep()).closed).toEqual([r.id]);
  });

  it('two sweeps at the same moment warn and close once', async () => {
    t.clock.set('2026-10-05T08:00:00Z');
    const r = await submit('XXE in the import');
    await askForMoreInfo(r.id);
    const since = t.clock.now().getTime();
    t.clock.set(new Date(since + 23 * DAY));
    const both = await Promise.all([sweep(), sweep(), sweep()]);
    expect(both.flatMap((x) => x.warned)).toEqual([r.id]);
    expect(await subjects(`Reply needed: your report ${r.trackingId}`)).toHaveLength(1);
    t.clock.set(new Date(since + 30 * DAY));
    const closing = await Promise.all([sweep(), sweep()]);
    expect(closing.flatMap((x) => x.closed)).toEqual([r.id]);
    expect(closing.flatMap((x) => x.failures)).toEqual([]);
    const changes = (await report(r.id)).timeline.filter(
      (e: { kind: string; data: { to?: string } }) => e.kind === 'state_changed' && e.data.to === 'informative',
    );
    expect(changes).toHaveLength(1);
    expect(await subjects(`Reply needed: your report ${r.trackingId}`)).toHaveLength(1);
  });
});

describe('SLA clocks: business days, near-breach and breach alerted once each', () => {
  let r: { id: number; trackingId: string; token: string };
  // Reports of the tests above are still open, and their clocks ran out long ago.
  const mine = (result: SweepResult) => result.slaAlerts.filter((a) => a.reportId === r.id);

  const notifications = async (username: string) => {
    const res = await t.request(await as(username), { url: '/api/me/notifications' });
    return (res.json().items as { reportId: number; kind: string; message: string }[]).filter(
      (n) => n.reportId === r.id && n.kind.startsWith('sla_'),
    );
  };

  beforeAll(async () => {
    // Friday morning: acknowledgement is due two business days later, on Tuesday.
    t.clock.set('2027-01-08T09:00:00Z');
    r = await submit('SQL injection in the search');
  });

  it('computes the due dates in business days', async () => {
    const sla = (await report(r.id)).sla as { name: string; due: string; status: string }[];
    expect(sla.find((c) => c.name === 'acknowledge')).toMatchObject({ due: '2027-01-12T09:00:00.000Z', status: 'on_track' });
    expect(sla.find((c) => c.name === 'triage')).toMatchObject({ due: '2027-01-15T09:00:00.000Z', status: 'on_track' });
    expect(mine(await sweep())).toEqual([]);
  });

  it('stays quiet over the weekend', async () => {
    t.clock.set('2027-01-10T18:00:00Z');
    expect(mine(await sweep())).toEqual([]);
    expect(await notifications('ada')).toEqual([]);
  });

  it('alerts the team once when the acknowledgement is near its target (Monday)', async () => {
    t.clock.set('2027-01-11T09:00:00Z'); // one day of four left: the last quarter
    const result = await sweep();
    expect(result.failures).toEqual([]);
    expect(mine(result)).toEqual([{ reportId: r.id, key: 'acknowledge:near' }]);
    expect((await report(r.id)).slaStatus).toBe('near');
    t.clock.advance(HOUR);
    expect((await Promise.all([sweep(), sweep()])).flatMap(mine)).toEqual([]);

    for (const who of ['ada', 'cy']) {
      const n = await notifications(who);
      expect(n).toHaveLength(1);
      expect(n[0]).toMatchObject({ kind: 'sla_near' });
      expect(n[0]!.message).toBe(`${r.trackingId}: the time to acknowledge is nearly up (due 2027-01-12 09:00 UTC).`);
    }
    const mails = await subjects(`SLA warning: ${r.trackingId}`);
    expect(mails.map((m) => (m.to as { text: string }).text).sort()).toEqual(['ada@example.org', 'cy@example.org']);
    expect(mails[0]!.text).toContain('is close to breaching its acknowledge target');
  });

  it('alerts the breach once on Tuesday after the target', async () => {
    t.clock.set('2027-01-12T09:00:00Z');
    expect(mine(await sweep())).toEqual([]);
    t.clock.set('2027-01-12T09:01:00Z');
    expect(mine(await sweep())).toEqual([{ reportId: r.id, key: 'acknowledge:breached' }]);
    t.clock.advance(HOUR);
    expect(mine(await sweep())).toEqual([]);
    expect((await report(r.id)).slaStatus).toBe('breached');
    expect((await notifications('ada')).map((n) => n.kind)).toEqual(['sla_breached', 'sla_near']);
    expect(await subjects(`SLA breach: ${r.trackingId}`)).toHaveLength(2);
    const events = (await report(r.id)).timeline.filter((e: { kind: string }) => e.kind === 'sla_alert');
    expect(events.map((e: { data: { clock: string; status: string } }) => `${e.data.clock}:${e.data.status}`)).toEqual([
      'acknowledge:near',
      'acknowledge:breached',
    ]);
    expect(events.every((e: { internal: boolean }) => e.internal)).toBe(true);
    const view = await asGuest(r.token, { url: `/api/reports/${r.id}` });
    expect(view.json().timeline.some((e: { kind: string }) => e.kind === 'sla_alert')).toBe(false);
  });

  it('alerts the assignee only once the report has one', async () => {
    t.clock.set('2027-01-12T10:00:00Z');
    expect((await t.request(await as('ada'), { method: 'POST', url: `/api/reports/${r.id}/acknowledge` })).statusCode).toBe(200);
    expect(
      (await t.request(await as('ada'), { method: 'PUT', url: `/api/reports/${r.id}/assignee`, payload: { assigneeId: cyId } })).statusCode,
    ).toBe(200);
    // Triage is due Friday 09:00 (five business days); the last quarter of seven days starts Wednesday 15:00.
    t.clock.set('2027-01-13T14:59:00Z');
    expect(mine(await sweep())).toEqual([]);
    t.clock.set('2027-01-13T15:00:00Z');
    expect(mine(await sweep())).toEqual([{ reportId: r.id, key: 'triage:near' }]);
    expect((await notifications('cy')).map((n) => n.kind)).toEqual(['sla_near', 'sla_breached', 'sla_near']);
    expect((await notifications('ada')).map((n) => n.kind)).toEqual(['sla_breached', 'sla_near']);
    const mails = await subjects(`SLA warning: ${r.trackingId}`);
    expect(
      mails
        .slice(0, 2)
        .map((m) => (m.to as { text: string }).text)
        .sort(),
    ).toEqual(['ada@example.org', 'cy@example.org']);
    expect(mails.slice(2).map((m) => (m.to as { text: string }).text)).toEqual(['cy@example.org']);
    expect(mails.at(-1)!.text).toContain('its triage target');
  });

  it('stops alerting once the report is finished', async () => {
    t.clock.set('2027-01-14T09:00:00Z');
    await t.request(await as('ada'), {
      method: 'POST',
      url: `/api/reports/${r.id}/transition`,
      payload: { to: 'spam', reason: 'Not a report.' },
    });
    t.clock.set('2027-02-01T09:00:00Z');
    expect(mine(await sweep())).toEqual([]);
  });
});
