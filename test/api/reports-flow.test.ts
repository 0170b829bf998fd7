// The whole report flow through the API: an anonymous report → receipt and acknowledgement in the outbox →
// triage → assignment → CVSS → needs more info → the reporter answers through the secret link → fixed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { createProduct, memberOf, submission, submitAnonymously, type ProductFixture } from '../helpers/reports.ts';

let t: TestApp;
let product: ProductFixture;
let architect: Actor;
let boardMember: Actor;

beforeAll(async () => {
  t = await createTestApp();
  product = await createProduct(t, 'Widget Server');
  architect = await memberOf(t, 'ada', product.teamGroupId);
  boardMember = await memberOf(t, 'bob', product.boardGroupId);
});
afterAll(() => t.close());

const guest = (_token: string): Actor & { headers?: Record<string, string> } => ({ ...anonymous, ip: '198.51.100.7' });
const asGuest = (token: string, opts: Parameters<TestApp['request']>[1]) =>
  t.request(guest(token), { ...opts, headers: { ...(opts.headers as Record<string, string> | undefined), 'x-report-link': token } });

describe('the report flow', () => {
  let report: { id: number; trackingId: string; token: string };

  it('accepts an anonymous report and sends the receipt and the team alerts at once', async () => {
    report = await submitAnonymously(t, submission(product.id));
    expect(report.trackingId).toMatch(/^PR-\d{4}-\d{5}$/);
    const mails = await t.mails();
    const receipt = mails.find((m) => m.subject === `Report received: ${report.trackingId}`);
    expect(receipt?.to).toMatchObject({ text: 'rita@example.net' });
    expect(receipt?.text).toContain(report.trackingId);
    expect(receipt?.text).toMatch(/\/reporter\/\d+#link=/);
    const alerts = mails.filter((m) => m.subject === `New report ${report.trackingId} (Widget Server)`);
    expect(alerts.map((m) => (m.to as { text: string }).text).sort()).toEqual(['ada@example.org', 'bob@example.org']);
    // Embargoed content stays out of team mail.
    expect(alerts[0]!.text).not.toContain('preview');
  });

  it('alerts the team in the app and shows the report first in the inbox, with its age', async () => {
    const n = await t.request(architect, { url: '/api/me/notifications' });
    expect(n.json().items[0]).toMatchObject({ reportId: report.id, kind: 'new_report' });
    const inbox = await t.request(architect, { url: '/api/reports' });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items[0]).toMatchObject({ id: report.id, acknowledgedAt: null, ageDays: 0, state: 'new', slaStatus: 'on_track' });
  });

  it('lets the board member hear of it but not read it', async () => {
    const res = await t.request(boardMember, { url: `/api/reports/${report.id}` });
    expect(res.statusCode).toBe(404);
  });

  it('acknowledges with the seed 001 template, which reaches the reporter', async () => {
    const res = await t.request(architect, { method: 'POST', url: `/api/reports/${report.id}/acknowledge` });
    expect(res.statusCode).toBe(200);
    expect(res.json().acknowledgedAt).not.toBeNull();
    expect(res.json().stages[0].activities.find((a: { key: string }) => a.key === 'reporter_acknowledged').doneBy).toBe('ada');
    const mails = await t.mails();
    const ack = mails.find((m) => m.subject === `Security vulnerability acknowledgement [${report.trackingId}]`);
    expect(ack?.text).toContain('Thank you for reporting this.');
    expect(ack?.text).toContain('Dear Rita Reporter');
    const again = await t.request(architect, { method: 'POST', url: `/api/reports/${report.id}/acknowledge` });
    expect(again.statusCode).toBe(409);
  });

  it('triages, assigns and scores', async () => {
    const bad = await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'disclosed', reason: 'x' },
    });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.id).toBe('illegal_transition');
    expect(bad.json().error.message).toContain('can become: triaged');

    const triaged = await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'triaged', reason: 'Reproduced on 2.3.' },
    });
    expect(triaged.statusCode).toBe(200);
    expect(triaged.json().state).toBe('triaged');

    const assignees = await t.request(architect, { url: `/api/reports/${report.id}/assignees` });
    expect(assignees.json().items.map((u: { username: string }) => u.username)).toEqual(['ada']);
    const notForGuests = await asGuest(report.token, { url: `/api/reports/${report.id}/assignees` });
    expect(notForGuests.statusCode).toBe(403);
    const assigned = await t.request(architect, {
      method: 'PUT',
      url: `/api/reports/${report.id}/assignee`,
      payload: { assigneeId: architect.userId },
    });
    expect(assigned.json().assignee).toEqual({ id: architect.userId, username: 'ada' });
    const outsider = await t.actor('olga');
    const refused = await t.request(architect, {
      method: 'PUT',
      url: `/api/reports/${report.id}/assignee`,
      payload: { assigneeId: outsider.userId },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('assigneeId');

    const scored = await t.request(architect, {
      method: 'PUT',
      url: `/api/reports/${report.id}/severity`,
      payload: { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' },
    });
    expect(scored.statusCode).toBe(200);
    expect(scored.json()).toMatchObject({ cvssScore: 6.1, severity: 'medium', riskLevel: 'low', cvssVersion: '3.1' });
    const invalid = await t.request(architect, {
      method: 'PUT',
      url: `/api/reports/${report.id}/severity`,
      payload: { cvssVector: 'CVSS:3.1/AV:N' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields[0].field).toBe('cvssVector');
  });

  it('asks for more information; the reporter answers through the secret link and the report goes back', async () => {
    const res = await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'needs_more_info', reason: 'Which browser did you use?' },
    });
    expect(res.json().state).toBe('needs_more_info');
    await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/comments`,
      payload: { body: 'INTERNAL: probably a duplicate of the old preview bug', internal: true },
    });

    const view = await asGuest(report.token, { url: `/api/reports/${report.id}` });
    expect(view.statusCode).toBe(200);
    expect(view.json().viewer.side).toBe('reporter');
    expect(view.json().state).toBe('needs_more_info');
    expect(JSON.stringify(view.json().timeline)).toContain('Which browser did you use?');
    expect(JSON.stringify(view.json())).not.toContain('INTERNAL');
    expect(view.json().stages).toBeNull();
    expect(view.json().sla).toBeNull();

    const answer = await asGuest(report.token, {
      method: 'POST',
      url: `/api/reports/${report.id}/comments`,
      payload: { body: 'Firefox 140 on Linux.' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().state).toBe('triaged');
    const triage = await asGuest(report.token, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'fixed', reason: 'me' },
    });
    expect(triage.statusCode).toBe(403);
  });

  it('reaches fixed, and the reporter hears of it', async () => {
    await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'in_remediation', reason: 'Fix in progress.' },
    });
    const fixed = await t.request(architect, {
      method: 'POST',
      url: `/api/reports/${report.id}/transition`,
      payload: { to: 'fixed', reason: 'Fixed in 2.3.1.' },
    });
    expect(fixed.json().state).toBe('fixed');
    expect(fixed.json().dates.fixedAt).not.toBeNull();
    const mails = await t.mails();
    expect(mails.some((m) => m.subject === `Update on your report ${report.trackingId}` && m.text?.includes('is now: Fixed'))).toBe(true);
  });

  it('ends a revoked link at once', async () => {
    const revoke = await t.request(architect, { method: 'DELETE', url: `/api/reports/${report.id}/links` });
    expect(revoke.json().revoked).toBeGreaterThanOrEqual(1);
    const view = await asGuest(report.token, { url: `/api/reports/${report.id}` });
    expect(view.statusCode).toBe(401);
  });

  it('records every transition on the timeline with who and why', async () => {
    const res = await t.request(architect, { url: `/api/reports/${report.id}` });
    const changes = res.json().timeline.filter((e: { kind: string }) => e.kind === 'state_changed');
    expect(changes.map((e: { data: { to: string } }) => e.data.to)).toEqual([
      'triaged',
      'needs_more_info',
      'triaged',
      'in_remediation',
      'fixed',
    ]);
    expect(changes[0]).toMatchObject({ actor: 'ada', actorSide: 'team', body: { markdown: 'Reproduced on 2.3.' } });
    expect(changes[2]).toMatchObject({ actorSide: 'reporter' });
  });
});
