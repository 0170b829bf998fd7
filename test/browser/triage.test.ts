// Browser test in Chromium: the security team's triage UI. A product with an architect in its security team
// receives two anonymous reports (the older one already acknowledged). The architect signs in, finds the
// unacknowledged report first in the inbox with its age, filters the inbox through the address, opens the
// report, acknowledges it, is refused a state change without a reason (the field marked), moves it to
// triaged, assigns it to themself, ticks a checklist activity, scores it with the CVSS calculator (risk level
// and guidance shown), classifies it (CWE from the catalogue, CVE ID from the pool), answers the reporter with
// a canned response, records affected and fixed versions (the window of vulnerability shown), adds an internal note (marked internal, and never shown on the reporter side), sees
// the dashboard's charts and alerts and marks them read, and triages in bulk (close as spam, mark duplicates)
// with per-row results. axe reports no violations on any state visited, and the strict
// Content-Security-Policy is never violated.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const ARCHITECT = 'ada-architect';
const PRODUCT = 'Widget Server';
const TITLE = 'Stored XSS in the comment preview';
const OLD_TITLE = 'Open redirect after sign-in';
const NOTE = 'Looks like the preview renderer skips escaping: internal only.';
const DAY = 86_400_000;
const CANNED_TITLE = 'Investigating';
const CANNED_BODY = 'Thank you: we are investigating and will write again within five days.';
const POOLED_CVE = 'CVE-2026-40001';

interface Submitted {
  id: number;
  trackingId: string;
  reporterLink: string;
}

describe('web UI: triage by the security team in Chromium', () => {
  // A Tuesday morning, so the business-day SLA clocks are predictable.
  const start = new Date();
  start.setUTCHours(9, 0, 0, 0);
  while (start.getUTCDay() !== 2) start.setTime(start.getTime() - DAY);
  const clock = new ManualClock(start);
  let h: Harness;
  let page: Page;
  let report: Submitted;
  let older: Submitted;

  const submit = async (title: string, ip: string): Promise<Submitted> => {
    const res = await fetch(`${h.base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({
        title,
        description: `The **preview** of ${title.toLowerCase()} misbehaves.`,
        productId: productId,
        steps: '1. Post a comment\n2. Open the preview',
        impact: 'Session theft of any reader.',
        contactName: 'Rita Reporter',
        contactEmail: 'rita@example.net',
      }),
    });
    if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Submitted;
  };
  let productId = 0;

  beforeAll(async () => {
    h = await startHarness('triage', clock);
    const system = systemSession('test');
    const product = await h.services.products.create(system, { name: PRODUCT });
    productId = product.row.id;
    // Release dates for the window of vulnerability: 2.0 long ago, the fix 2.4.1 a day before the test's start.
    await h.services.products.addVersion(system, productId, { version: '2.0', releasedOn: '2025-03-01' });
    await h.services.products.addVersion(system, productId, {
      version: '2.4.1',
      releasedOn: new Date(start.getTime() - DAY).toISOString().slice(0, 10),
    });
    const architect = await h.services.users.create(system, { username: ARCHITECT, password: TEST_PASSWORD });
    await h.services.groups.addUser(system, product.row.team_group_id, architect.id);

    await h.services.reportAdmin.createCannedResponse(system, { title: CANNED_TITLE, body: CANNED_BODY });
    await h.services.reportAdmin.addToCvePool(system, [POOLED_CVE]);

    older = await submit(OLD_TITLE, '198.51.100.8');
    await h.services.reports.triage.acknowledge(system, older.id);
    clock.set(new Date(start.getTime() + 2 * DAY));
    report = await submit(TITLE, '198.51.100.7');
    clock.set(new Date(start.getTime() + 3 * DAY));
    await h.mails();
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  const inboxRows = () => page.getByRole('table').first().locator('tbody tr');
  const region = (name: string) => page.getByRole('region', { name, exact: true });

  it('shows the unacknowledged report first in the inbox, with its age', async () => {
    await page.goto(`${h.base}/reports`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, ARCHITECT, TEST_PASSWORD);
    await heading(page, 'Reports').waitFor();
    expect(pathOf(page)).toBe('/reports');
    await inboxRows().nth(1).waitFor();
    expect(await inboxRows().count()).toBe(2);
    const first = inboxRows().first();
    expect(await first.getByRole('rowheader').innerText()).toBe(report.trackingId);
    const cells = await first.getByRole('cell').allInnerTexts();
    expect(cells).toContain(TITLE);
    expect(cells).toContain(PRODUCT);
    expect(cells.some((c) => c.includes('1 day') && c.includes('Not acknowledged'))).toBe(true);
    expect(cells.some((c) => c.includes('New'))).toBe(true);
    expect(cells.some((c) => c.includes('Unassigned'))).toBe(true);
    expect(cells.some((c) => /90 days left|89 days left/.test(c))).toBe(true);
    // The older, acknowledged report follows, with its age.
    const second = inboxRows().nth(1);
    expect(await second.getByRole('rowheader').innerText()).toBe(older.trackingId);
    const secondCells = (await second.getByRole('cell').allInnerTexts()).join(' | ');
    expect(secondCells).toContain('3 days');
    expect(secondCells).not.toContain('Not acknowledged');
    // The navigation offers the team's pages, with the unread alerts counted.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Reports' }).waitFor();
    await nav.getByRole('link', { name: /^Dashboard\s*,\s*2 unread alerts$/ }).waitFor();
    await h.expectAccessible(page, 'inbox');
  });

  it('keeps the filters in the address', async () => {
    await page.getByLabel('Not acknowledged').check();
    await page.getByRole('button', { name: 'Show reports' }).click();
    await page.waitForURL(/unacknowledged=1/);
    await page.getByRole('table').first().locator('caption', { hasText: '1 report matching the filters' }).waitFor();
    expect(await inboxRows().count()).toBe(1);
    await page.reload();
    await page.getByRole('table').first().locator('caption', { hasText: '1 report matching the filters' }).waitFor();
    expect(await page.getByLabel('Not acknowledged').isChecked()).toBe(true);
    await page.getByLabel('Search', { exact: true }).fill('redirect');
    await page.getByLabel('Not acknowledged').uncheck();
    await page.getByRole('button', { name: 'Show reports' }).click();
    await page.waitForURL(/q=redirect/);
    await page.getByRole('table').first().locator('caption', { hasText: '1 report matching the filters' }).waitFor();
    expect(await inboxRows().first().getByRole('rowheader').innerText()).toBe(older.trackingId);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page
      .getByRole('table')
      .first()
      .locator('caption', { hasText: /^2 reports$/ })
      .waitFor();
  });

  it('opens the report with its stages, SLA clocks and disclosure date', async () => {
    await page.getByRole('link', { name: report.trackingId, exact: true }).click();
    await heading(page, `${report.trackingId} ${TITLE}`).waitFor();
    expect(pathOf(page)).toBe(`/reports/${report.id}`);
    const stages = region('Stages and checklist');
    const current = stages.locator('li[aria-current="step"]');
    expect(await current.locator('legend').innerText()).toContain('Discovery and Assignment');
    expect(await stages.locator('fieldset').count()).toBe(4);
    const sla = page.getByRole('table', { name: 'Service-level clocks' });
    expect(await sla.getByRole('row').filter({ hasText: 'Acknowledge' }).innerText()).toMatch(/Near breach|On track/);
    const facts = region('Summary');
    expect(await facts.innerText()).toContain('Not yet');
    expect(await facts.innerText()).toMatch(/90 days after receipt under the product policy/);
    // The description arrives as the server's sanitised HTML.
    expect(await region('What was reported').locator('.triage-markdown strong').first().innerText()).toBe('preview');
    await h.expectAccessible(page, 'report');
  });

  it('acknowledges the reporter', async () => {
    await page.getByRole('button', { name: 'Acknowledge the reporter' }).click();
    await region('Acknowledgement').getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    expect(await page.getByLabel('Acknowledge the reporter').isChecked()).toBe(true);
    const mails = await h.mails();
    expect(mails.some((m) => m.subject === `Security vulnerability acknowledgement [${report.trackingId}]`)).toBe(true);
  });

  it('refuses a state change without a reason, marking the field', async () => {
    const form = region('Change the state');
    await form.getByLabel('New state').selectOption({ label: 'Triaged' });
    await form.getByRole('button', { name: 'Change state' }).click();
    const reason = form.getByLabel('Reason');
    expect(await fieldMessageOf(page, reason)).toBe('must not be empty.');
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await h.expectAccessible(page, 'report-transition-error');
  });

  it('moves the report to triaged with a reason', async () => {
    const form = region('Change the state');
    await form.getByLabel('Reason').fill('Reproduced on 2.3.');
    await form.getByRole('button', { name: 'Change state' }).click();
    await form.getByRole('status').filter({ hasText: 'Moved to triaged.' }).waitFor();
    expect(await region('Summary').locator('.tag').first().innerText()).toBe('Triaged');
    const current = region('Stages and checklist').locator('li[aria-current="step"] legend');
    expect(await current.innerText()).toContain('Assessment and Remediation');
    const entry = region('Timeline').locator('li').filter({ hasText: 'Reproduced on 2.3.' });
    expect(await entry.innerText()).toContain('New → Triaged');
    // Only the moves a triaged report allows are offered.
    const options = await form.getByLabel('New state').locator('option').allInnerTexts();
    expect(options).toEqual(['In remediation', 'Fixed', 'Needs more info', 'Duplicate', 'Informative', 'Not applicable', 'Spam']);
  });

  it('assigns the report to the architect', async () => {
    const section = region('Assignee');
    await section.getByRole('button', { name: 'Assign to me' }).click();
    await section
      .getByRole('status')
      .filter({ hasText: `Assigned to ${ARCHITECT}.` })
      .waitFor();
    expect(await region('Summary').innerText()).toContain(ARCHITECT);
    expect(await section.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
  });

  it('ticks a checklist activity', async () => {
    const box = page.getByLabel('Validate: confirm a vulnerability exists and create a test for it');
    // The box shows the server's state: it is ticked once the server has recorded the activity (a slow answer
    // would fail Playwright's check(), which expects the state to change on the click itself).
    await box.click();
    await region('Stages and checklist').getByRole('status').filter({ hasText: 'Done: Validate' }).waitFor();
    expect(await box.isChecked()).toBe(true);
    const describedBy = (await box.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toContain(`Done by ${ARCHITECT}`);
    const api = await page.request.get(`${h.base}/api/reports/${report.id}`);
    const stages = ((await api.json()) as { stages: { activities: { key: string; doneBy: string | null }[] }[] }).stages;
    expect(stages[1]!.activities.find((a) => a.key === 'validated')?.doneBy).toBe(ARCHITECT);
  });

  it('scores the severity with the CVSS calculator, showing the risk level and its guidance', async () => {
    const section = region('Severity');
    await section.getByRole('radio', { name: 'CVSS 3.1' }).check();
    await section.getByRole('textbox', { name: 'CVSS vector' }).fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    await section.getByRole('button', { name: 'Save severity' }).click();
    await section.getByRole('status').filter({ hasText: 'Severity saved.' }).waitFor();
    const facts = region('Summary');
    await facts.locator('.tag', { hasText: 'Critical 9.8' }).waitFor();
    expect(await facts.innerText()).toContain('High risk');
    expect(await facts.locator('.risk-guidance').innerText()).toMatch(/^Guidance: High risk: carefully consider what is at risk/);
    // Scoring ticks its checklist activity.
    expect(await page.getByLabel('Classify severity and impact with CVSS; note the specific potential impact').isChecked()).toBe(true);
  });

  it('classifies with a CWE from the catalogue and a CVE ID from the pool', async () => {
    const section = region('Classification');
    await section.getByLabel('Find a CWE by number or words').fill('cross-site scripting');
    await section.getByRole('button', { name: 'Find', exact: true }).click();
    await section.getByRole('button', { name: 'Choose CWE-79' }).click();
    expect(await section.locator('.cwe-current').innerText()).toContain('CWE-79');
    await section.getByLabel('How it was found').selectOption({ label: 'Bug bounty' });
    await section.getByLabel('Component').fill('comment preview');
    await section.getByRole('button', { name: 'Save classification' }).click();
    await section.getByRole('status').filter({ hasText: 'Classification saved.' }).waitFor();
    await section.getByRole('button', { name: 'Take a CVE ID from the pool' }).click();
    await section.getByRole('status').filter({ hasText: 'Took a CVE ID from the pool' }).waitFor();
    expect(await section.getByLabel('CVE ID').inputValue()).toBe(POOLED_CVE);
    const facts = await region('Summary').innerText();
    expect(facts).toMatch(/CWE-79: Improper Neutralization of Input During Web Page Generation/);
    expect(facts).toContain(POOLED_CVE);
    expect(facts).toContain('Bug bounty');
    // Recording the CVE ID ticks its checklist activity; the other report of the product is similar.
    expect(await page.getByLabel('Record a CVE ID (entered, or taken from the pool of reserved IDs)').isChecked()).toBe(true);
    const similar = region('Similar reports').locator('li').filter({ hasText: older.trackingId });
    expect(await similar.innerText()).toContain('Same product');
  });

  it('records affected and fixed versions and shows the window of vulnerability (seed 003)', async () => {
    const section = region('Affected versions');
    await section.getByRole('button', { name: 'Record versions' }).click();
    expect(await fieldMessageOf(page, section.getByLabel('Affected versions', { exact: true }))).not.toBe('');
    await h.expectAccessible(page, 'versions-error');
    await section.getByLabel('Affected versions', { exact: true }).fill('>= 2.0, < 2.4.1');
    await section.getByRole('button', { name: 'Record versions' }).click();
    await section.getByRole('status').filter({ hasText: 'Affected versions recorded.' }).waitFor();
    expect(await section.locator('.window-of-vulnerability').innerText()).toMatch(/from the release of 2\.0 on .*2025.*still open/);
    await section
      .getByRole('form', { name: `Fixed version of ${PRODUCT} >= 2.0, < 2.4.1` })
      .getByLabel('Fixed in')
      .fill('2.4.1');
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await section
      .getByRole('status')
      .filter({ hasText: `Fixed version of ${PRODUCT} saved.` })
      .waitFor();
    const text = await section.locator('.window-of-vulnerability').innerText();
    expect(text).toMatch(/Window of vulnerability: \d+ days, from the release of 2\.0 on .*2025.*to the release of the fix 2\.4\.1 on/);
    await h.expectAccessible(page, 'versions');
  });

  it('answers the reporter with a canned response', async () => {
    const form = region('Add a comment');
    await form.getByLabel('Canned response').selectOption({ label: CANNED_TITLE });
    await form.getByRole('button', { name: 'Insert' }).click();
    expect(await form.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe(CANNED_BODY);
    await form.getByRole('button', { name: 'Send comment to the reporter' }).click();
    await form.getByRole('status').filter({ hasText: 'Comment added; the reporter sees it.' }).waitFor();
    const entry = region('Timeline').locator('li').filter({ hasText: CANNED_BODY });
    expect(await entry.getAttribute('class')).not.toContain('event-internal');
  });

  it('adds an internal note, marked internal and never shown to the reporter', async () => {
    const form = region('Add a comment');
    await form.getByRole('textbox', { name: 'Comment' }).fill(NOTE);
    await form.getByLabel('Internal note: only the team sees it').check();
    await form.getByRole('button', { name: 'Add internal note' }).click();
    await form.getByRole('status').filter({ hasText: 'Internal note added' }).waitFor();
    const entry = region('Timeline').locator('li').filter({ hasText: NOTE });
    await entry.waitFor();
    expect(await entry.getAttribute('class')).toContain('event-internal');
    expect(await entry.locator('.tag-internal').innerText()).toBe('Internal note');
    expect(await form.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('');
    await h.expectAccessible(page, 'report-triaged');

    // The reporter's secret link reads the report without the note.
    const token = new URL(report.reporterLink).hash.replace(/^#link=/, '');
    const asReporter = await fetch(`${h.base}/api/reports/${report.id}`, { headers: { 'x-report-link': token } });
    expect(asReporter.status).toBe(200);
    const text = await asReporter.text();
    expect(text).toContain('Reproduced on 2.3.');
    expect(text).toContain(CANNED_BODY);
    expect(text).not.toContain(NOTE);
  });

  it('shows the dashboard with charts and my alerts, and marks them read', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Dashboard/ })
      .click();
    await heading(page, 'Dashboard').waitFor();
    const totals = region('Open reports');
    await totals.locator('dd').first().waitFor();
    expect(await totals.locator('dd').allInnerTexts()).toEqual(['2', '0', '0']);
    const charts = region('Open reports by age, severity and SLA state');
    expect(await charts.locator('svg.bar-chart').count()).toBe(4);
    // Each chart's numbers as a table for screen readers.
    const byAge = page.getByRole('table', { name: 'By age' });
    expect(await byAge.getByRole('row').filter({ hasText: '1–7 days' }).getByRole('cell').innerText()).toBe('2');
    const byState = page.getByRole('table', { name: 'By state' });
    const stateCount = (name: string) =>
      byState
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell')
        .innerText();
    expect(await stateCount('Triaged')).toBe('1');
    expect(await stateCount('New')).toBe('1');
    expect(await stateCount('In remediation')).toBe('0');
    const alerts = region('My alerts');
    await alerts.getByText('3 unread alerts.').waitFor();
    await alerts.getByRole('link', { name: `You were assigned report ${report.trackingId}: ${TITLE}` }).waitFor();
    await h.expectAccessible(page, 'dashboard');

    await alerts.getByRole('button', { name: 'Mark all as read' }).click();
    await alerts.getByRole('status').filter({ hasText: 'Marked 3 alerts as read.' }).waitFor();
    await alerts.getByText('No unread alerts.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).waitFor();
  });

  it('closes a junk report as spam in bulk, with a result per report', async () => {
    const junk = await submit('Buy cheap watches', '198.51.100.9');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await heading(page, 'Reports').waitFor();
    await page
      .getByRole('table')
      .first()
      .locator('caption', { hasText: /^3 reports$/ })
      .waitFor();
    await page.getByLabel(`Select ${junk.trackingId}`).check();
    await page.getByLabel(`Select ${older.trackingId}`).check();
    const bulk = region('Bulk actions');
    await bulk.getByText('2 reports selected.').waitFor();
    await bulk.getByRole('button', { name: 'Apply to selected reports' }).click();
    expect(await fieldMessageOf(page, bulk.getByLabel('Reason'))).toBe('must not be empty.');
    await h.expectAccessible(page, 'inbox-bulk-error');

    await bulk.getByLabel('Reason').fill('Advertising, not a vulnerability.');
    await bulk.getByRole('button', { name: 'Apply to selected reports' }).click();
    const results = bulk.getByRole('status').filter({ hasText: 'reports moved' });
    await results.waitFor();
    expect(await results.locator('li').allInnerTexts()).toEqual([`${junk.trackingId}: done.`, `${older.trackingId}: done.`]);
    const junkRow = inboxRows().filter({ has: page.getByRole('rowheader', { name: junk.trackingId }) });
    await junkRow.filter({ hasText: 'Spam' }).waitFor();
    // A closed report no longer waits for acknowledgement.
    expect(await junkRow.innerText()).not.toContain('Not acknowledged');
    await h.expectAccessible(page, 'inbox-bulk-done');

    // Marking duplicates: each report on its own, a refusal named on its row.
    await page.getByLabel(`Select ${report.trackingId}`).check();
    await page.getByLabel(`Select ${junk.trackingId}`).check();
    await bulk.getByLabel('Action', { exact: true }).selectOption({ label: 'Mark as duplicate of…' });
    await bulk.getByLabel('Original report').fill(older.trackingId);
    await bulk.getByLabel('Reason').fill('Same root cause as the redirect.');
    await bulk.getByRole('button', { name: 'Apply to selected reports' }).click();
    const second = bulk.getByRole('status').filter({ hasText: '1 of 2 reports moved.' });
    await second.waitFor();
    const lines = await second.locator('li').allInnerTexts();
    expect(lines[0]).toBe(`${report.trackingId}: done.`);
    expect(lines[1]).toMatch(new RegExp(`^${junk.trackingId}: not moved — A report that is spam cannot become duplicate`));
    const reportRow = inboxRows().filter({ has: page.getByRole('rowheader', { name: report.trackingId }) });
    await reportRow.filter({ hasText: 'Duplicate' }).waitFor();
    await h.expectAccessible(page, 'inbox-bulk-duplicate');
  });

  it('violated no Content-Security-Policy and threw no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
