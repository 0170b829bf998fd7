// Browser test in Chromium: triage ergonomics. The inbox lists open reports nobody acknowledged first and
// finished ones (closed spam) last; its Severity heading orders it by severity (aria-sort says so); "Assigned to
// me" and the search (CVE ID, CWE, a reporter's e-mail) find what they should; every date and time on the inbox
// and the report page comes from one format, moments with their time zone; the report page warns when the SLA's
// fix target is after the disclosure date; "disclosed" before the agreed date needs the confirmation box (the
// server refuses without it); the bulk reason is emptied after each action and never carried from one action to
// another, so the mail to a reporter holds only what was typed for that action. axe finds no violations;
// screenshots of the inbox and the report page are saved.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { heading, startHarness, submitSignIn, type Harness } from './harness.ts';

const ARCHITECT = 'ada-ergonomics';
const COLLEAGUE = 'ben-ergonomics';
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Submitted {
  id: number;
  trackingId: string;
}

describe('web UI: triage ergonomics and dates in Chromium', () => {
  const start = new Date();
  start.setUTCHours(9, 0, 0, 0);
  while (start.getUTCDay() !== 2) start.setTime(start.getTime() - DAY);
  const clock = new ManualClock(start);
  let h: Harness;
  let page: Page;
  let productId = 0;
  const r: Record<'waiting' | 'spam' | 'critical' | 'low' | 'newest', Submitted> = {} as never;

  const submit = async (title: string, email: string): Promise<Submitted> => {
    clock.advance(HOUR);
    const res = await fetch(`${h.base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title,
        description: `About ${title.toLowerCase()}.`,
        productId,
        contactName: 'A Reporter',
        contactEmail: email,
      }),
    });
    if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Submitted;
  };

  beforeAll(async () => {
    h = await startHarness('triage-ergonomics', clock);
    const system = systemSession('test');
    const product = await h.services.products.create(system, { name: 'Ergonomics Server' });
    productId = product.row.id;
    const ada = await h.services.users.create(system, { username: ARCHITECT, password: TEST_PASSWORD });
    const ben = await h.services.users.create(system, { username: COLLEAGUE, password: TEST_PASSWORD });
    await h.services.groups.addUser(system, product.row.team_group_id, ada.id);
    await h.services.groups.addUser(system, product.row.team_group_id, ben.id);

    r.waiting = await submit('Waiting: oldest, not acknowledged', 'unique.reporter@example.net');
    r.spam = await submit('Spam: never acknowledged', 'spammer@example.net');
    r.critical = await submit('Critical: acknowledged and assigned', 'crit@example.net');
    r.low = await submit('Low: fix target after the disclosure date', 'low@example.net');
    r.newest = await submit('Newest: not acknowledged', 'newest@example.net');
    await h.mails(); // builds every stored submission into its report
    const triage = h.services.reports.triage;
    await triage.transition(system, r.spam.id, { to: 'spam', reason: 'Advertising.' });
    await triage.acknowledge(system, r.critical.id);
    await triage.score(system, r.critical.id, { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' });
    await triage.assign(system, r.critical.id, ada.id);
    await triage.classify(system, r.critical.id, { cweId: 79, cveId: 'CVE-2026-5555' });
    await triage.assign(system, r.low.id, ben.id);
    await triage.acknowledge(system, r.low.id);
    await triage.score(system, r.low.id, { cvssVector: 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' });
    await triage.transition(system, r.low.id, { to: 'triaged', reason: 'Reproduced.' });
    clock.advance(HOUR);
    await h.mails();
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  const rows = () => page.getByRole('table').first().locator('tbody tr');
  const rowIds = async () => rows().getByRole('rowheader').allInnerTexts();
  const caption = (text: string | RegExp) => page.getByRole('table').first().locator('caption', { hasText: text });

  /** Every <time> on the page: moments name their time zone; calendar days use the one day format. */
  async function expectOneDateFormat(): Promise<number> {
    const found = await page.evaluate(() => {
      const dayFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
      return [...document.querySelectorAll('main time')].map((el) => {
        const value = el.getAttribute('datetime') ?? '';
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
        const expectedDay = m ? dayFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : null;
        return { value, text: (el.textContent ?? '').trim(), expectedDay };
      });
    });
    expect(found.length).toBeGreaterThan(0);
    for (const t of found) {
      if (t.expectedDay !== null) expect(t.text, t.value).toBe(t.expectedDay);
      else expect(t.text, t.value).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}( [AP]M)? (UTC|GMT([+-]\d{1,2}(:\d{2})?)?)$/);
    }
    // No date appears raw (YYYY-MM-DD) in the page's text either.
    expect(await page.locator('main').innerText()).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    return found.length;
  }

  it('lists open reports nobody acknowledged first, finished ones last, with one date format', async () => {
    await page.goto(`${h.base}/reports`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, ARCHITECT, TEST_PASSWORD);
    await heading(page, 'Reports').waitFor();
    await caption(/^5 reports$/).waitFor();
    expect(await rowIds()).toEqual([r.waiting.trackingId, r.newest.trackingId, r.critical.trackingId, r.low.trackingId, r.spam.trackingId]);
    expect(await expectOneDateFormat()).toBe(5);
    await h.expectAccessible(page, 'inbox');
  });

  it('orders by severity from the column heading', async () => {
    const severity = page.getByRole('columnheader', { name: /Severity/ });
    expect(await severity.getAttribute('aria-sort')).toBeNull();
    await severity.getByRole('button', { name: /Severity/ }).click();
    await page.waitForURL(/sort=severity/);
    await page
      .getByRole('columnheader', { name: /Severity/ })
      .and(page.locator('[aria-sort="descending"]'))
      .waitFor();
    await page.waitForFunction((first) => document.querySelector('tbody tr th')?.textContent === first, r.critical.trackingId);
    expect((await rowIds()).slice(0, 2)).toEqual([r.critical.trackingId, r.low.trackingId]);
    expect(await page.getByLabel('Order').inputValue()).toBe('severity');
    await h.expectAccessible(page, 'inbox-by-severity');
    // Age: the oldest first, then the newest first.
    await page.getByRole('button', { name: /^Age/ }).click();
    await page.waitForURL(/sort=oldest/);
    await page.waitForFunction((first) => document.querySelector('tbody tr th')?.textContent === first, r.waiting.trackingId);
    await page.getByRole('button', { name: /^Age/ }).click();
    await page.waitForURL(/sort=newest/);
    await page.waitForFunction((first) => document.querySelector('tbody tr th')?.textContent === first, r.newest.trackingId);
  });

  it('filters to the reports assigned to me', async () => {
    await page.goto(`${h.base}/reports`);
    await caption(/^5 reports$/).waitFor();
    await page.getByLabel('Assigned to me').check();
    await page.getByRole('button', { name: 'Show reports' }).click();
    await page.waitForURL(/mine=1/);
    await caption('1 report matching the filters').waitFor();
    expect(await rowIds()).toEqual([r.critical.trackingId]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await caption(/^5 reports$/).waitFor();
  });

  it('finds reports by CVE ID, CWE and the reporter e-mail', async () => {
    for (const [q, expected] of [
      ['CVE-2026-5555', r.critical],
      ['CWE-79', r.critical],
      ['unique.reporter@example.net', r.waiting],
    ] as const) {
      await page.getByLabel('Search', { exact: true }).fill(q);
      await page.getByRole('button', { name: 'Show reports' }).click();
      await caption('1 report matching the filters').waitFor();
      expect(await rowIds(), q).toEqual([expected.trackingId]);
    }
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await caption(/^5 reports$/).waitFor();
  });

  it('shows every date and time of the report page in one format, moments with their time zone', async () => {
    await page.getByRole('link', { name: r.low.trackingId, exact: true }).click();
    await heading(page, `${r.low.trackingId} Low: fix target after the disclosure date`).waitFor();
    await page.getByRole('table', { name: 'Service-level clocks' }).waitFor();
    // Receipt, acknowledgement, the disclosure date, three SLA clocks, the timeline and the checklist.
    expect(await expectOneDateFormat()).toBeGreaterThanOrEqual(10);
  });

  it('warns on the report page when the fix target is after the disclosure date', async () => {
    const warning = page.locator('.report-warnings');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/The fix target of the SLA \(.+\) is after the agreed disclosure date \(.+\)/);
    expect(await warning.locator('time').count()).toBe(2);
    await expectOneDateFormat();
    await h.expectAccessible(page, 'report-date-warning');
  });

  it('asks for a confirmation before disclosing ahead of the agreed date', async () => {
    const form = page.getByRole('region', { name: 'Change the state' });
    // Fixed: the fix target is met, so the warning goes.
    await form.getByLabel('New state').selectOption({ label: 'Fixed' });
    await form.getByLabel('Reason').fill('Released 1.0.1.');
    await form.getByRole('button', { name: 'Change state' }).click();
    await form.getByRole('status').filter({ hasText: 'Moved to fixed.' }).waitFor();
    expect(await page.locator('.report-warnings').count()).toBe(0);
    await form.getByLabel('New state').selectOption({ label: 'Disclosed' });
    const confirm = form.getByLabel('Yes, disclose early');
    await confirm.waitFor();
    expect(await form.innerText()).toMatch(/The agreed disclosure date is .+, \d+ days from now/);
    await form.getByLabel('Reason').fill('Advisory published.');
    await form.getByRole('button', { name: 'Change state' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').innerText()).toContain('the agreed disclosure date has not come yet');
    await confirm.and(page.locator('[aria-invalid="true"]')).waitFor();
    expect(await page.locator('.triage-report-facts').innerText()).toContain('Fixed');
    await h.expectAccessible(page, 'report-early-disclosure-refused');
    await confirm.check();
    await form.getByRole('button', { name: 'Change state' }).click();
    await form.getByRole('status').filter({ hasText: 'Moved to disclosed.' }).waitFor();
    expect(await page.locator('.triage-report-facts').innerText()).toContain('Disclosed');
  });

  it('empties the bulk reason after each action and never carries it to another action', async () => {
    await page.goto(`${h.base}/reports`);
    await caption(/^5 reports$/).waitFor();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    const reason = bulk.getByLabel('Reason');
    await page.getByLabel(`Select ${r.waiting.trackingId}`).check();
    await reason.fill('Junk: advertising.');
    await bulk.getByRole('button', { name: 'Apply to selected reports' }).click();
    await bulk.getByRole('status').filter({ hasText: '1 of 1 report moved.' }).waitFor();
    expect(await reason.inputValue()).toBe('');

    await page.getByLabel(`Select ${r.newest.trackingId}`).check();
    await reason.fill('Typed for spam, then changed my mind.');
    await bulk.getByLabel('Action', { exact: true }).selectOption({ label: 'Mark as duplicate of…' });
    expect(await reason.inputValue()).toBe('');
    await bulk.getByLabel('Original report').fill(r.critical.trackingId);
    await reason.fill('Same flaw as the critical report.');
    await bulk.getByRole('button', { name: 'Apply to selected reports' }).click();
    await bulk.getByRole('status').filter({ hasText: '1 of 1 report moved.' }).waitFor();
    expect(await reason.inputValue()).toBe('');
    await bulk.getByLabel('Action', { exact: true }).selectOption({ label: 'Close as spam' });
    expect(await reason.inputValue()).toBe('');
    await h.expectAccessible(page, 'inbox-bulk-cleared');

    const mails = await h.mails();
    const toNewest = mails.filter(
      (m) => (m.to as { text: string }).text === 'newest@example.net' && m.subject?.startsWith('Update on your report'),
    );
    expect(toNewest).toHaveLength(1);
    expect(toNewest[0]!.text).toContain('Same flaw as the critical report.');
    expect(toNewest[0]!.text).not.toContain('Typed for spam');
    expect(toNewest[0]!.text).not.toContain('Junk: advertising.');
  });

  it('violated no Content-Security-Policy and threw no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
