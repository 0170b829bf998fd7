// Browser test in Chromium: the reporter's side of a report. The CVSS calculator keeps its pickers and the
// vector text in sync both ways and shows the server's score; an anonymous reporter's form with an empty
// title and an invalid vector names both fields next to them and keeps every value typed; the report is
// sent with a text attachment, and the confirmation shows the tracking id and the secret link (with a copy
// button); the link opens the reporter view (status "New", the token gone from the address bar), the
// attachment downloads, a reply appears on the timeline, and a revoked link says it no longer works. A
// signed-in reporter solves the proof-of-work ("Checking your browser… n%"), gets no secret link and finds
// the report under My reports. axe reports no violations on any page, and the CSP is never violated.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { scoreVector } from '../../src/cvss/index.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const system = systemSession('test');
const PRODUCT = 'Widget Server';
const INVALID_VECTOR = 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const VALID_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N';

describe('web UI: reporting a vulnerability in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;
  let reporterLink: string;
  let trackingId: string;

  beforeAll(async () => {
    h = await startHarness('report-form', clock);
    const product = await h.services.products.create(system, { name: PRODUCT });
    await h.services.products.addVersion(system, product.row.id, { version: '2.4.0', releasedOn: '2026-03-15' });
    await h.services.users.create(system, { username: 'rita', password: TEST_PASSWORD });
    page = await h.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.base });
  });

  afterAll(async () => {
    await h?.close();
  });

  const group = (name: string) => page.getByRole('group', { name, exact: true });
  const pick = (metric: string, value: string) => group(metric).getByText(value, { exact: true }).click();
  const checked = (metric: string, value: string) => group(metric).getByLabel(value, { exact: true }).isChecked();
  const vectorInput = () => page.getByLabel('CVSS vector', { exact: true });

  it("keeps the CVSS pickers and the vector text in sync both ways, with the server's score", async () => {
    await page.goto(`${h.base}/report`);
    await heading(page, 'Report a vulnerability').waitFor();
    await page.getByText('Score it with CVSS').click();
    expect(await group('CVSS version').getByLabel('CVSS 4.0').isChecked()).toBe(true);

    // Picking builds the vector; until every base metric has a value, the calculator says what is left.
    await pick('Attack Vector (AV)', 'Network (N)');
    expect(await vectorInput().inputValue()).toBe('CVSS:4.0/AV:N');
    await page.locator('.cvss-outcome').filter({ hasText: 'Still to choose: Attack Complexity (AC)' }).waitFor();
    for (const [metric, value] of [
      ['Attack Complexity (AC)', 'Low (L)'],
      ['Attack Requirements (AT)', 'None (N)'],
      ['Privileges Required (PR)', 'None (N)'],
      ['User Interaction (UI)', 'None (N)'],
      ['Vulnerable System Confidentiality (VC)', 'High (H)'],
      ['Vulnerable System Integrity (VI)', 'High (H)'],
      ['Vulnerable System Availability (VA)', 'High (H)'],
      ['Subsequent System Confidentiality (SC)', 'None (N)'],
      ['Subsequent System Integrity (SI)', 'None (N)'],
      ['Subsequent System Availability (SA)', 'None (N)'],
    ] as const) {
      await pick(metric, value);
    }
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(await vectorInput().inputValue()).toBe(v4);
    await page.locator('.cvss-score').filter({ hasText: '9.3' }).filter({ hasText: 'Critical' }).filter({ hasText: 'CVSS-B' }).waitFor();

    // An optional metric (folded away) joins the vector, and the score follows.
    await page.getByText('Threat metrics (optional)').click();
    await pick('Exploit Maturity (E)', 'Unreported (U)');
    expect(await vectorInput().inputValue()).toBe(`${v4}/E:U`);
    await page.locator('.cvss-score').filter({ hasText: '8.1' }).filter({ hasText: 'CVSS-BT' }).waitFor();

    // Typing a 3.1 vector (out of order) switches the calculator to 3.1 and sets the pickers.
    const typed = 'CVSS:3.1/C:L/AV:L/AC:H/PR:L/UI:R/S:C/I:N/A:H';
    await vectorInput().fill(typed);
    expect(await group('CVSS version').getByLabel('CVSS 3.1').isChecked()).toBe(true);
    expect(await checked('Attack Vector (AV)', 'Local (L)')).toBe(true);
    expect(await checked('Attack Complexity (AC)', 'High (H)')).toBe(true);
    expect(await checked('Scope (S)', 'Changed (C)')).toBe(true);
    expect(await checked('Confidentiality (C)', 'Low (L)')).toBe(true);
    expect(await checked('Availability (A)', 'High (H)')).toBe(true);
    expect(await checked('Attack Vector (AV)', 'Network (N)')).toBe(false);
    const expected = scoreVector(typed);
    expect(expected.version).toBe('3.1');
    await page
      .locator('.cvss-score')
      .filter({ hasText: (expected as { base: number }).base.toFixed(1) })
      .filter({ hasText: 'CVSS 3.1' })
      .waitFor();

    // Picking after typing rewrites the vector in canonical order.
    await pick('Attack Vector (AV)', 'Network (N)');
    expect(await vectorInput().inputValue()).toBe('CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:H');
    expect(await checked('Attack Vector (AV)', 'Local (L)')).toBe(false);

    // Invalid text is named inline, with the server's reason.
    await vectorInput().fill(INVALID_VECTOR);
    const message = await fieldMessageOf(page, vectorInput());
    expect(message).toMatch(/^This vector is not valid: .*AV/);
    await vectorInput().fill('');
    await page.locator('.cvss-outcome').filter({ hasText: 'No vector yet.' }).waitFor();
  });

  const form = {
    description: 'The comment **preview** renders HTML without escaping.',
    affectedVersions: '2.4.0 and later',
    component: 'comments/preview',
    steps: '1. Post a comment\n2. Open the preview',
    impact: 'Script runs in the admin session.',
    contactName: 'Rita Reporter',
    contactEmail: 'rita@example.net',
    creditName: 'Rita R.',
    preferredDisclosureDate: new Date(clock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10),
  };

  it('names the empty title and the invalid vector next to their fields and keeps everything typed', async () => {
    await page.goto(`${h.base}/report`);
    await heading(page, 'Report a vulnerability').waitFor();
    await page.getByLabel('Product').selectOption({ label: PRODUCT });
    await page.getByLabel('Affected versions').fill(form.affectedVersions);
    await page.getByLabel('Component').fill(form.component);
    await page.getByLabel('Description').fill(form.description);
    await page.getByLabel('Steps to reproduce').fill(form.steps);
    await page.getByLabel('Impact').fill(form.impact);
    await page.getByText('Score it with CVSS').click();
    await vectorInput().fill(INVALID_VECTOR);
    await page.getByLabel('Your name').fill(form.contactName);
    await page.getByLabel('E-mail address').fill(form.contactEmail);
    await page.getByLabel('Name to credit').fill(form.creditName);
    await page.getByLabel('I agree to be credited publicly').check();
    // The preferred disclosure date is a date input: typed in the browser's own format.
    await page.getByLabel('Preferred disclosure date').fill(form.preferredDisclosureDate);
    await page.getByRole('button', { name: 'Send report' }).click();

    const title = page.getByLabel('Title');
    expect(await fieldMessageOf(page, title)).toBe('must not be empty.');
    expect(await fieldMessageOf(page, vectorInput())).toMatch(/AV/);
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole('alert').filter({ hasText: 'Not done: see the messages at the marked fields below.' }).waitFor();

    // Nothing typed was lost.
    expect(await page.getByLabel('Product').locator('option:checked').innerText()).toBe(PRODUCT);
    expect(await page.getByLabel('Affected versions').inputValue()).toBe(form.affectedVersions);
    expect(await page.getByLabel('Component').inputValue()).toBe(form.component);
    expect(await page.getByLabel('Description').inputValue()).toBe(form.description);
    expect(await page.getByLabel('Steps to reproduce').inputValue()).toBe(form.steps);
    expect(await page.getByLabel('Impact').inputValue()).toBe(form.impact);
    expect(await vectorInput().inputValue()).toBe(INVALID_VECTOR);
    expect(await page.getByLabel('Your name').inputValue()).toBe(form.contactName);
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(form.contactEmail);
    expect(await page.getByLabel('Name to credit').inputValue()).toBe(form.creditName);
    expect(await page.getByLabel('I agree to be credited publicly').isChecked()).toBe(true);
    expect(await page.getByLabel('Preferred disclosure date').inputValue()).toBe(form.preferredDisclosureDate);
    expect(await h.services.reports.query.list(system, {}, { sort: 'newest', limit: 10, offset: 0 })).toMatchObject({ total: 0 });
    await h.expectAccessible(page, 'form-errors');
  });

  it('sends the report with a CWE and a text attachment, and shows the tracking id and the secret link', async () => {
    await page.getByLabel('Title').fill('Stored XSS in the comment preview');
    await vectorInput().fill(VALID_VECTOR);
    await page.locator('.cvss-score').filter({ hasText: 'CVSS 3.1' }).waitFor();

    const cwe = page.getByRole('combobox', { name: 'Weakness (CWE)' });
    await cwe.fill('79');
    await page.getByRole('option', { name: /^CWE-79 / }).waitFor();
    await cwe.press('ArrowDown');
    await cwe.press('Enter');
    await page.locator('.cwe-chosen').filter({ hasText: 'CWE-79' }).waitFor();

    await page
      .getByLabel('Attachments')
      .setInputFiles({ name: 'poc.txt', mimeType: 'text/plain', buffer: Buffer.from('alert(document.domain)\n') });
    await page.getByRole('list', { name: 'Files to attach' }).getByRole('listitem').filter({ hasText: 'poc.txt (23 bytes)' }).waitFor();
    await page.getByRole('button', { name: 'Send report' }).click();

    await heading(page, 'Report received').waitFor();
    trackingId = await page.locator('.report-submitted .tracking-id').innerText();
    expect(trackingId).toMatch(/^PR-\d{4}-\d{5}$/);
    const linkField = page.getByLabel('Your secret link to this report');
    reporterLink = await linkField.inputValue();
    expect(reporterLink).toMatch(new RegExp(`^${h.base}/reporter/\\d+#link=[A-Za-z0-9_-]{20,}$`));
    await page.getByRole('heading', { name: 'Keep this link' }).waitFor();
    await page.getByText('poc.txt: attached.').waitFor();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reporterLink);
    await h.expectAccessible(page, 'submitted');

    const stored = await h.services.reports.query.list(system, {}, { sort: 'newest', limit: 10, offset: 0 });
    expect(stored.total).toBe(1);
    expect(stored.items[0]!.report).toMatchObject({
      tracking_id: trackingId,
      title: 'Stored XSS in the comment preview',
      cwe_id: 79,
      contact_email: form.contactEmail,
      cvss_vector: VALID_VECTOR,
      component: form.component,
      credit_name: form.creditName,
      credit_consent: true,
    });
    expect(String(stored.items[0]!.report.preferred_disclosure_on)).toBe(form.preferredDisclosureDate);
  });

  it('opens the reporter view from the link, without the token in the address bar', async () => {
    await page.goto(reporterLink);
    await heading(page, `${trackingId}: Stored XSS in the comment preview`).waitFor();
    await page.waitForURL((url) => url.hash === '');
    expect(pathOf(page)).toMatch(/^\/reporter\/\d+$/);
    const id = Number(pathOf(page).split('/').pop());
    expect(await page.evaluate((k) => sessionStorage.getItem(k), `parapet.reportLink.${id}`)).toBe(reporterLink.split('#link=')[1]);
    const facts = page.locator('.report-facts');
    expect(await facts.locator('.report-state').innerText()).toBe('New');
    expect(await facts.innerText()).toContain(PRODUCT);
    expect(await facts.innerText()).toContain('CWE-79');
    await page.locator('.report-facts .cvss-severity').filter({ hasText: 'Medium' }).waitFor();
    expect(await page.locator('.report-markdown strong').first().innerText()).toBe('preview');
    await page.locator('.report-timeline').getByText('submitted the report').waitFor();
    await h.expectAccessible(page, 'reporter-view');

    // The attachment is fetched with the link's token and saved.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download poc.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('poc.txt');
    expect(await readFile(await file.path(), 'utf8')).toBe('alert(document.domain)\n');
  });

  it('puts a reply on the timeline, and it is still there after a reload', async () => {
    await page.getByLabel('Your reply').fill('It also works in **Firefox**.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('status').filter({ hasText: 'Reply sent.' }).waitFor();
    const entry = page.locator('.report-timeline-entry').filter({ hasText: 'It also works in Firefox.' });
    await entry.waitFor();
    expect(await entry.locator('strong').allInnerTexts()).toEqual(['Rita Reporter', 'Firefox']);
    expect(await page.getByLabel('Your reply').inputValue()).toBe('');

    await page.reload();
    await page.locator('.report-timeline-entry').filter({ hasText: 'It also works in Firefox.' }).waitFor();
    await h.expectAccessible(page, 'reporter-replied');
  });

  it('says a revoked link no longer works', async () => {
    await page.getByRole('button', { name: 'Revoke all links…' }).click();
    await page.getByRole('button', { name: 'Yes, revoke all links' }).click();
    await heading(page, 'This link no longer works').waitFor();
    await page.getByRole('alert').filter({ hasText: 'This link no longer works: it was revoked.' }).waitFor();
    await page.goto(reporterLink);
    await heading(page, 'This link no longer works').waitFor();
    await h.expectAccessible(page, 'revoked');
  });

  it('a signed-in reporter solves the proof-of-work, gets no secret link and finds the report under My reports', async () => {
    await h.services.settings.update(system, 'intake', { proofOfWork: true, powDifficulty: 14 });
    const own = await h.newPage();
    await own.goto(`${h.base}/sign-in`);
    await submitSignIn(own, 'rita', TEST_PASSWORD);
    await own.waitForURL(`${h.base}/`);
    await own.getByRole('navigation', { name: 'Vulnerability reporting' }).getByRole('link', { name: 'Report a vulnerability' }).click();
    await heading(own, 'Report a vulnerability').waitFor();
    // Every text the submit status shows, as it changes.
    await own.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statuses: string[] }).statuses = seen;
      const el = document.querySelector('.submit-status')!;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await own.getByLabel('Title').fill('Path traversal in the export');
    await own.getByLabel('Product').selectOption({ label: 'Other / not sure' });
    await own.getByLabel('Description').fill('`../` in the file name escapes the export folder.');
    await own.getByRole('button', { name: 'Send report' }).click();
    await heading(own, 'Report received').waitFor();
    const statuses = await own.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
    expect(statuses.some((s) => /^Checking your browser… \d{1,2}%$/.test(s))).toBe(true);
    expect(await own.getByRole('heading', { name: 'Keep this link' }).count()).toBe(0);
    const id = await own.locator('.report-submitted .tracking-id').innerText();

    await own.getByRole('link', { name: 'My reports' }).first().click();
    await heading(own, 'My reports').waitFor();
    const row = own.getByRole('row').filter({ hasText: id });
    expect(await row.innerText()).toContain('Path traversal in the export');
    expect(await row.innerText()).toContain('New');
    await h.expectAccessible(own, 'my-reports');
    await row.getByRole('link').click();
    await heading(own, `${id}: Path traversal in the export`).waitFor();
    const people = own.getByRole('region', { name: 'Co-reporters' });
    await people.getByText('rita').waitFor();
    await h.expectAccessible(own, 'reporter-view-signed-in');

    // Inviting a co-reporter: an unknown and a known username are answered alike; the invitee accepts.
    await h.services.users.create(system, { username: 'carla', password: TEST_PASSWORD });
    for (const name of ['nobody-here', 'carla']) {
      await people.getByLabel('Username of the co-reporter').fill(name);
      await people.getByRole('button', { name: 'Invite' }).click();
      await people
        .getByRole('status')
        .filter({ hasText: `Invitation sent to ${name}. If that account exists, it becomes a co-reporter once its owner accepts.` })
        .waitFor();
      await people
        .getByRole('listitem')
        .filter({ hasText: `${name} (waiting for an answer until` })
        .waitFor();
    }
    await h.expectAccessible(own, 'reporter-view-invited');
    const carla = await h.newPage();
    await carla.goto(`${h.base}/sign-in`);
    await submitSignIn(carla, 'carla', TEST_PASSWORD);
    await carla.waitForURL(`${h.base}/`);
    await carla.goto(`${h.base}/reporter`);
    const invitations = carla.getByRole('region', { name: 'Invitations' });
    await invitations.getByText(`rita invited you to follow report ${id} as a co-reporter`).waitFor();
    await h.expectAccessible(carla, 'my-invitations');
    await invitations.getByRole('button', { name: `Accept the invitation to ${id}` }).click();
    await heading(carla, `${id}: Path traversal in the export`).waitFor();
    await carla.getByRole('region', { name: 'Co-reporters' }).getByRole('listitem').filter({ hasText: 'carla (Co-reporter)' }).waitFor();
    await carla.close();
    await own.reload();
    await people.getByRole('listitem').filter({ hasText: 'carla (Co-reporter)' }).waitFor();

    // Withdrawing asks first, then the status changes and the timeline says why.
    const withdraw = own.getByRole('region', { name: 'Withdraw' });
    await withdraw.getByRole('button', { name: 'Withdraw the report…' }).click();
    await withdraw.getByLabel('Reason (optional)').fill('Found it was a configuration mistake.');
    await h.expectAccessible(own, 'withdraw-confirm');
    await withdraw.getByRole('button', { name: 'Yes, withdraw it' }).click();
    await own.locator('.report-facts .report-state').filter({ hasText: 'Withdrawn' }).waitFor();
    await own
      .locator('.report-timeline-entry')
      .filter({ hasText: 'changed the status from New to Withdrawn' })
      .filter({ hasText: 'Found it was a configuration mistake.' })
      .waitFor();
    expect(await own.getByRole('region', { name: 'Withdraw' }).count()).toBe(0);
  }, 180_000);

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
