// Browser test in Chromium: the whole life of one report (issue 4) through the real UI, reporter and team
// side by side in two browser contexts. An anonymous reporter sends a report through /report and gets the
// tracking id and the secret link (the receipt is mailed); the product's architect finds it first in the
// inbox as not acknowledged with its age, acknowledges it (the seed 001 acknowledgement mail goes to the
// reporter), moves it to triaged, assigns it to themself, scores it by picking CVSS 3.1 metrics, adds an
// internal note and asks a question (Needs more info); the reporter sees the status and the question (never
// the note) and answers; the report is back in triaged with the answer on the team's timeline; the architect
// moves it to in remediation and then fixed; the reporter sees "Fixed" and is mailed the update. axe reports
// no violations at any key state, the strict CSP is never violated, and no page throws.
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { scoreVector } from '../../src/cvss/index.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const system = systemSession('test');
const ARCHITECT = 'ada-architect';
const ARCHITECT_EMAIL = 'ada@example.org';
const PRODUCT = 'Widget Server';
const TITLE = 'SQL injection in the export filter';
const OLDER_TITLE = 'Open redirect after sign-in';
const REPORTER_NAME = 'Rita Reporter';
const REPORTER_EMAIL = 'rita@example.net';
const TRIAGED_REASON = 'Reproduced on 2.4.0 with the steps given.';
const NOTE = 'The export builds its WHERE clause by string concatenation: internal only.';
const QUESTION = 'Which database did you test against: PostgreSQL or SQLite?';
const ANSWER = 'PostgreSQL 16, with the **default** settings.';
const ANSWER_TEXT = 'PostgreSQL 16, with the default settings.';
const REMEDIATION_REASON = 'Fix under way: parameterised queries in the export.';
const FIXED_REASON = 'Fixed in 2.4.1: the filter is now a bound parameter.';
// Built with the pickers below, metric by metric.
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N';
const DAY = 86_400_000;

const addressesOf = (m: ParsedMail): string[] => {
  const to = m.to === undefined ? [] : Array.isArray(m.to) ? m.to : [m.to];
  return to.flatMap((a: AddressObject) => a.value.map((v) => v.address ?? ''));
};

describe('web UI: a report from submission to fixed, reporter and team in Chromium', () => {
  // A Tuesday morning, so the business-day SLA clocks are predictable.
  const start = new Date();
  start.setUTCHours(9, 0, 0, 0);
  while (start.getUTCDay() !== 2) start.setTime(start.getTime() - DAY);
  const clock = new ManualClock(start);
  const expected = scoreVector(VECTOR) as { version: string; base: number; severity: string };

  let h: Harness;
  let reporter: Page;
  let team: Page;
  let productId = 0;
  let olderTrackingId = '';
  let trackingId = '';
  let reporterLink = '';
  let reportId = 0;

  beforeAll(async () => {
    h = await startHarness('report-flow', clock);
    const product = await h.services.products.create(system, { name: PRODUCT });
    productId = product.row.id;
    await h.services.products.addVersion(system, productId, { version: '2.4.0', releasedOn: '2026-03-15' });
    const architect = await h.services.users.create(system, { username: ARCHITECT, password: TEST_PASSWORD, email: ARCHITECT_EMAIL });
    await h.services.groups.addUser(system, product.row.team_group_id, architect.id);

    // An older report, already acknowledged, so "first in the inbox" means something.
    const res = await fetch(`${h.base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.8' },
      body: JSON.stringify({
        title: OLDER_TITLE,
        description: 'The `next` parameter is not checked.',
        productId,
        contactEmail: 'otto@example.net',
      }),
    });
    expect(res.status).toBe(201);
    const older = (await res.json()) as { id: number; trackingId: string };
    olderTrackingId = older.trackingId;
    await h.services.reports.triage.acknowledge(system, older.id);
    clock.set(new Date(start.getTime() + 2 * DAY));
    await h.mails();

    reporter = await h.newPage();
    team = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  const region = (name: string) => team.getByRole('region', { name, exact: true });
  const transition = async (state: string, reason: string, done: string) => {
    const form = region('Change the state');
    await form.getByLabel('New state').selectOption({ label: state });
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: 'Change state' }).click();
    await form.getByRole('status').filter({ hasText: done }).waitFor();
    await region('Summary')
      .locator('.tag')
      .filter({ hasText: new RegExp(`^${state}$`) })
      .first()
      .waitFor();
  };
  const teamEntry = (text: string) => region('Timeline').locator('li').filter({ hasText: text });

  it('1. an anonymous reporter sends the report and gets the tracking id and the secret link', async () => {
    await reporter.goto(`${h.base}/report`);
    await heading(reporter, 'Report a vulnerability').waitFor();
    await reporter.getByLabel('Title').fill(TITLE);
    await reporter.getByLabel('Product').selectOption({ label: PRODUCT });
    await reporter.getByLabel('Affected versions').fill('2.4.0');
    await reporter.getByLabel('Component').fill('export');
    await reporter.getByLabel('Description').fill("The export's `filter` parameter goes into the SQL **unescaped**.");
    await reporter.getByLabel('Steps to reproduce').fill("1. Open Export\n2. Filter by `' OR 1=1 --`");
    await reporter.getByLabel('Impact').fill('Any signed-in user reads every table.');
    await reporter.getByLabel('Your name').fill(REPORTER_NAME);
    await reporter.getByLabel('E-mail address').fill(REPORTER_EMAIL);
    await h.expectAccessible(reporter, 'form-filled');
    await reporter.getByRole('button', { name: 'Send report' }).click();

    await heading(reporter, 'Report received').waitFor();
    trackingId = await reporter.locator('.report-submitted .tracking-id').innerText();
    expect(trackingId).toMatch(/^PR-\d{4}-\d{5}$/);
    expect(trackingId).not.toBe(olderTrackingId);
    reporterLink = await reporter.getByLabel('Your secret link to this report').inputValue();
    expect(reporterLink).toMatch(new RegExp(`^${h.base}/reporter/\\d+#link=[A-Za-z0-9_-]{20,}$`));
    reportId = Number(new URL(reporterLink).pathname.split('/').pop());
    await reporter.getByRole('heading', { name: 'Keep this link' }).waitFor();
    await h.expectAccessible(reporter, 'submitted');
  });

  it('2. mails the receipt with the tracking id to the reporter, and tells the team', async () => {
    const mails = await h.mails();
    const receipt = mails.filter((m) => m.subject === `Report received: ${trackingId}`);
    expect(receipt).toHaveLength(1);
    expect(addressesOf(receipt[0]!)).toEqual([REPORTER_EMAIL]);
    expect(receipt[0]!.text).toContain(`Its tracking id is ${trackingId}`);
    expect(receipt[0]!.text).toContain(`${h.base}/reporter/${reportId}#link=`);
    const alert = mails.filter((m) => m.subject === `New report ${trackingId} (${PRODUCT})`);
    expect(alert.map(addressesOf)).toEqual([[ARCHITECT_EMAIL]]);
    // The team's mail names the report, not its embargoed content.
    expect(alert[0]!.text).not.toContain('unescaped');
  });

  it('3. the architect finds it first in the inbox, not acknowledged, with its age, and acknowledges it', async () => {
    clock.set(new Date(start.getTime() + 3 * DAY));
    await team.goto(`${h.base}/reports`);
    await heading(team, 'Sign in to Parapet').waitFor();
    await submitSignIn(team, ARCHITECT, TEST_PASSWORD);
    await heading(team, 'Reports').waitFor();
    const rows = team.getByRole('table').first().locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getByRole('rowheader').innerText()).toBe(trackingId);
    const cells = await rows.first().getByRole('cell').allInnerTexts();
    expect(cells).toContain(TITLE);
    expect(cells).toContain(PRODUCT);
    expect(cells.some((c) => c.includes('1 day') && c.includes('Not acknowledged'))).toBe(true);
    expect(cells.some((c) => c.includes('New'))).toBe(true);
    expect(cells.some((c) => c.includes('Unassigned'))).toBe(true);
    expect(await rows.nth(1).getByRole('rowheader').innerText()).toBe(olderTrackingId);
    expect(await rows.nth(1).innerText()).not.toContain('Not acknowledged');
    await h.expectAccessible(team, 'inbox');

    await team.getByRole('link', { name: trackingId, exact: true }).click();
    await heading(team, `${trackingId} ${TITLE}`).waitFor();
    expect(pathOf(team)).toBe(`/reports/${reportId}`);
    expect(await region('Summary').innerText()).toContain('Not yet');
    expect(await region('What was reported').locator('.triage-markdown strong').first().innerText()).toBe('unescaped');
    await h.expectAccessible(team, 'report-new');

    await team.getByRole('button', { name: 'Acknowledge the reporter' }).click();
    await region('Acknowledgement').getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    await region('Acknowledgement').getByText('The reporter was acknowledged on').waitFor();
    const ack = (await h.mails()).filter((m) => m.subject === `Security vulnerability acknowledgement [${trackingId}]`);
    expect(ack).toHaveLength(1);
    expect(addressesOf(ack[0]!)).toEqual([REPORTER_EMAIL]);
    expect(ack[0]!.text).toContain(`Dear ${REPORTER_NAME},`);
    expect(ack[0]!.text).toContain(`This is an acknowledgement of your report "${TITLE}" (${trackingId}). Thank you for reporting this.`);
    expect(ack[0]!.text).toMatch(new RegExp(`You can follow the report and talk with us here: ${h.base}/reporter/${reportId}#link=`));
  });

  it('4. triage: triaged with a reason, assigned to self, scored with the CVSS pickers, then needs more info', async () => {
    await transition('Triaged', TRIAGED_REASON, 'Moved to triaged.');
    expect(await teamEntry(TRIAGED_REASON).innerText()).toContain('New → Triaged');

    const assignee = region('Assignee');
    await assignee.getByRole('button', { name: 'Assign to me' }).click();
    await assignee
      .getByRole('status')
      .filter({ hasText: `Assigned to ${ARCHITECT}.` })
      .waitFor();
    // The message shows before the report is fetched again: wait for the summary to name the assignee.
    await region('Summary').filter({ hasText: ARCHITECT }).waitFor();

    // The 3.1 calculator, metric by metric; the vector follows the pickers and the server scores it.
    const severity = region('Severity');
    await severity.getByRole('radio', { name: 'CVSS 3.1' }).check();
    const pick = (metric: string, value: string) =>
      severity.getByRole('group', { name: metric, exact: true }).getByText(value, { exact: true }).click();
    for (const [metric, value] of [
      ['Attack Vector (AV)', 'Network (N)'],
      ['Attack Complexity (AC)', 'Low (L)'],
      ['Privileges Required (PR)', 'Low (L)'],
      ['User Interaction (UI)', 'None (N)'],
      ['Scope (S)', 'Unchanged (U)'],
      ['Confidentiality (C)', 'High (H)'],
      ['Integrity (I)', 'High (H)'],
      ['Availability (A)', 'None (N)'],
    ] as const) {
      await pick(metric, value);
    }
    expect(await severity.getByRole('textbox', { name: 'CVSS vector' }).inputValue()).toBe(VECTOR);
    expect(expected.version).toBe('3.1');
    const score = expected.base.toFixed(1);
    const label = expected.severity.charAt(0).toUpperCase() + expected.severity.slice(1).toLowerCase();
    await severity.locator('.cvss-score').filter({ hasText: score }).filter({ hasText: label }).filter({ hasText: 'CVSS 3.1' }).waitFor();
    await severity.getByRole('button', { name: 'Save severity' }).click();
    await severity.getByRole('status').filter({ hasText: 'Severity saved.' }).waitFor();
    await region('Summary')
      .locator('.tag', { hasText: `${label} ${score}` })
      .waitFor();
    expect(await region('Summary').innerText()).toContain(VECTOR);

    // An internal note first, then the question to the reporter.
    const comment = region('Add a comment');
    await comment.getByRole('textbox', { name: 'Comment' }).fill(NOTE);
    await comment.getByLabel('Internal note: only the team sees it').check();
    await comment.getByRole('button', { name: 'Add internal note' }).click();
    await comment.getByRole('status').filter({ hasText: 'Internal note added' }).waitFor();
    expect(await teamEntry(NOTE).getAttribute('class')).toContain('event-internal');

    await transition('Needs more info', QUESTION, 'Moved to needs more info.');
    expect(await teamEntry(QUESTION).innerText()).toContain('Triaged → Needs more info');
    await h.expectAccessible(team, 'report-needs-info');
  });

  it('5. the reporter opens the secret link, sees the question (not the internal note) and answers', async () => {
    await reporter.goto(reporterLink);
    await heading(reporter, `${trackingId}: ${TITLE}`).waitFor();
    await reporter.waitForURL((url) => url.hash === '');
    const facts = reporter.locator('.report-facts');
    expect(await facts.locator('.report-state').innerText()).toBe('Needs more info');
    await facts
      .locator('.cvss-severity')
      .filter({ hasText: new RegExp(`^${expected.severity}$`, 'i') })
      .waitFor();
    const question = reporter.locator('.report-timeline-entry').filter({ hasText: QUESTION });
    expect(await question.locator('.report-timeline-head').innerText()).toContain(
      `${ARCHITECT} (security team) changed the status from Triaged to Needs more info`,
    );
    await reporter.locator('.report-timeline-entry').filter({ hasText: 'acknowledged the report' }).waitFor();
    const text = await reporter.locator('main').innerText();
    expect(text).toContain(TRIAGED_REASON);
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain('internal only');
    await h.expectAccessible(reporter, 'reporter-needs-info');

    await reporter.getByLabel('Your reply').fill(ANSWER);
    await reporter.getByRole('button', { name: 'Send reply' }).click();
    await reporter.getByRole('status').filter({ hasText: 'Reply sent.' }).waitFor();
    const reply = reporter.locator('.report-timeline-entry').filter({ hasText: ANSWER_TEXT });
    await reply.waitFor();
    expect(await reply.locator('strong').allInnerTexts()).toEqual([REPORTER_NAME, 'default']);
    // Answering sends the report back to where it was.
    await facts
      .locator('.report-state')
      .filter({ hasText: /^Triaged$/ })
      .waitFor();
    await h.expectAccessible(reporter, 'reporter-answered');
  });

  it('6. the architect reloads: back in triaged with the answer; in remediation, then fixed', async () => {
    const activity = (await h.mails()).filter((m) => m.subject === `Reporter activity on ${trackingId}`);
    // The reporter's answer is mailed to the assignee, naming the report only.
    expect(activity.map(addressesOf)).toEqual([[ARCHITECT_EMAIL]]);
    expect(activity[0]!.text).not.toContain('PostgreSQL');

    await team.reload();
    await heading(team, `${trackingId} ${TITLE}`).waitFor();
    await region('Summary')
      .locator('.tag')
      .filter({ hasText: /^Triaged$/ })
      .first()
      .waitFor();
    const answer = teamEntry(ANSWER_TEXT);
    expect(await answer.locator('.tag-reporter').innerText()).toBe('Reporter');
    expect(await answer.locator('.triage-markdown strong').innerText()).toBe('default');
    expect(await teamEntry('The reporter answered the request for more information.').innerText()).toContain('Needs more info → Triaged');
    await h.expectAccessible(team, 'report-answered');

    await transition('In remediation', REMEDIATION_REASON, 'Moved to in remediation.');
    expect(await teamEntry(REMEDIATION_REASON).innerText()).toContain('Triaged → In remediation');
    await transition('Fixed', FIXED_REASON, 'Moved to fixed.');
    expect(await teamEntry(FIXED_REASON).innerText()).toContain('In remediation → Fixed');
    const current = region('Stages and checklist').locator('li[aria-current="step"] legend');
    expect(await current.innerText()).toContain('Disclosure');
    await h.expectAccessible(team, 'report-fixed');
  });

  it('7. the reporter sees "Fixed", and the update mail is in the outbox', async () => {
    await reporter.reload();
    await heading(reporter, `${trackingId}: ${TITLE}`).waitFor();
    expect(await reporter.locator('.report-facts .report-state').innerText()).toBe('Fixed');
    await reporter
      .locator('.report-timeline-entry')
      .filter({ hasText: 'changed the status from In remediation to Fixed' })
      .filter({ hasText: FIXED_REASON })
      .waitFor();
    expect(await reporter.locator('main').innerText()).not.toContain(NOTE);
    await h.expectAccessible(reporter, 'reporter-fixed');

    const updates = (await h.mails()).filter((m) => m.subject === `Update on your report ${trackingId}`);
    const fixed = updates.filter((m) => m.text?.includes('is now: Fixed'));
    expect(fixed).toHaveLength(1);
    expect(addressesOf(fixed[0]!)).toEqual([REPORTER_EMAIL]);
    expect(fixed[0]!.text).toContain(FIXED_REASON);
    // The question went out by mail too; the internal note never did.
    expect(updates.some((m) => m.text?.includes('is now: Needs more info') && m.text.includes(QUESTION))).toBe(true);
    expect((await h.mails()).some((m) => m.text?.includes(NOTE))).toBe(false);
  });

  it('violated no Content-Security-Policy and threw no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
