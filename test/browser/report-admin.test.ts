// Browser test in Chromium: an administrator manages report handling. The acknowledgement template refuses an
// unknown placeholder at the field, previews a draft with sample values and saves; the SLA targets refuse an
// out-of-range number at the field and save; the CVE pool names the bad id at the field, adds the good ones
// in order and removes one; a canned response is created, changed and deleted after confirmation. axe
// reports no violations on any state visited, and the strict Content-Security-Policy is never violated.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const ADMIN = 'report-admin';

describe('web UI: report settings administration in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness('report-admin', clock);
    await h.services.users.create(systemSession('test'), { username: ADMIN, password: TEST_PASSWORD, isAdmin: true });
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('opens the templates from the main navigation', async () => {
    await page.goto(`${h.base}/admin/users`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, ADMIN, TEST_PASSWORD);
    await heading(page, 'Users').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report settings' }).click();
    await heading(page, 'Report templates').waitFor();
    expect(pathOf(page)).toBe('/admin/report-settings/templates');
    expect(await page.getByLabel('Subject').inputValue()).toBe('Security vulnerability acknowledgement [{tracking_id}]');
    const placeholders = page.getByRole('region', { name: 'Placeholders' });
    await placeholders.locator('dt').first().waitFor();
    expect(await placeholders.locator('dt').allInnerTexts()).toEqual([
      '{reporter}',
      '{tracking_id}',
      '{title}',
      '{product}',
      '{report_link}',
      '{policy_link}',
      '{security_monitor}',
      '{disclosure_date}',
    ]);
    const preview = page.getByRole('region', { name: 'Preview with sample values' });
    expect(await preview.innerText()).toContain('Subject: Security vulnerability acknowledgement [PR-');
    expect(await preview.locator('pre').innerText()).toContain('Dear Rita Reporter,');
    await h.expectAccessible(page, 'templates');
  });

  it('refuses an unknown placeholder at the field', async () => {
    const subject = page.getByLabel('Subject');
    await subject.fill('Thanks, {reporter_name}');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await fieldMessageOf(page, subject)).toMatch(/^\{reporter_name\} is not a placeholder; the placeholders are \{reporter\}/);
    expect(await subject.evaluate((el) => el === document.activeElement)).toBe(true);
    await h.expectAccessible(page, 'templates-error');
  });

  it('previews a draft and saves it', async () => {
    await page.getByLabel('Subject').fill('Your report {tracking_id} about {product}');
    await page.getByLabel('Text').fill('Dear {reporter},\n\nwe have your report "{title}".\n\n{security_monitor}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('status').filter({ hasText: 'Preview updated.' }).waitFor();
    const preview = page.getByRole('region', { name: 'Preview with sample values' });
    expect(await preview.innerText()).toMatch(/Subject: Your report PR-\d{4}-00042 about Widget Server/);
    expect(await preview.locator('pre').innerText()).toContain('we have your report "Stored XSS in the comment preview".');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the acknowledgement template.' }).waitFor();
    await h.expectAccessible(page, 'templates-saved');
    const api = await page.request.get(`${h.base}/api/admin/report-templates`);
    expect(((await api.json()) as { templates: { acknowledgement: { subject: string } } }).templates.acknowledgement.subject).toBe(
      'Your report {tracking_id} about {product}',
    );
  });

  it('changes the SLA targets, refusing a number out of range at its field', async () => {
    await page.getByRole('navigation', { name: 'Report settings' }).getByRole('link', { name: 'SLA targets' }).click();
    await heading(page, 'SLA targets').waitFor();
    const ack = page.getByLabel('Acknowledge within');
    expect(await ack.inputValue()).toBe('2');
    expect(await page.getByLabel('Close as informative after').inputValue()).toBe('30');
    await ack.fill('61');
    await page.getByRole('button', { name: 'Save targets' }).click();
    expect(await fieldMessageOf(page, ack)).toBe('must be at most 60.');
    await h.expectAccessible(page, 'sla-error');
    await ack.fill('3');
    await page.getByLabel('Critical', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Save targets' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the SLA targets.' }).waitFor();
    const api = await page.request.get(`${h.base}/api/admin/sla`);
    expect(await api.json()).toMatchObject({ acknowledgeBusinessDays: 3, fixDays: { critical: 5, high: 30 } });
    await h.expectAccessible(page, 'sla');
  });

  it('adds reserved CVE IDs, naming a bad one at the field, and removes one', async () => {
    await page.getByRole('navigation', { name: 'Report settings' }).getByRole('link', { name: 'CVE pool' }).click();
    await heading(page, 'CVE pool').waitFor();
    await page.getByText('The pool is empty: add the IDs you reserved.').waitFor();
    const ids = page.getByLabel('CVE IDs');
    await ids.fill('CVE-2026-1001\nnot-a-cve\nCVE-2026-1000');
    await page.getByRole('button', { name: 'Add to the pool' }).click();
    expect(await fieldMessageOf(page, ids)).toBe('not-a-cve: must be a CVE ID such as CVE-2026-12345.');
    await h.expectAccessible(page, 'cve-error');
    await ids.fill('CVE-2026-1001\nCVE-2026-1000, cve-2026-1002');
    await page.getByRole('button', { name: 'Add to the pool' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 3 IDs.' }).waitFor();
    await page.getByText('3 available, 0 handed out.').waitFor();
    expect(await page.getByRole('table').getByRole('rowheader').allInnerTexts()).toEqual([
      'CVE-2026-1000',
      'CVE-2026-1001',
      'CVE-2026-1002',
    ]);
    await h.expectAccessible(page, 'cve-pool');
    await page.getByRole('button', { name: 'Remove CVE-2026-1002' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed CVE-2026-1002 from the pool.' }).waitFor();
    await page.getByText('2 available, 0 handed out.').waitFor();
  });

  it('creates, changes and deletes a canned response', async () => {
    await page.getByRole('navigation', { name: 'Report settings' }).getByRole('link', { name: 'Canned responses' }).click();
    await heading(page, 'Canned responses').waitFor();
    const create = page.getByRole('form', { name: 'New canned response' });
    await create.getByLabel('Title').fill('Need a proof of concept');
    await create.getByRole('button', { name: 'Create' }).click();
    expect(await fieldMessageOf(page, create.getByLabel('Text'))).toBe('must not be empty.');
    await create.getByLabel('Text').fill('Could you send a **minimal** proof of concept?');
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').filter({ hasText: 'Created “Need a proof of concept”.' }).waitFor();
    const card = page.getByRole('article', { name: 'Need a proof of concept' });
    expect(await card.locator('pre').innerText()).toBe('Could you send a **minimal** proof of concept?');
    await h.expectAccessible(page, 'canned');

    await card.getByRole('button', { name: 'Edit “Need a proof of concept”' }).click();
    const edit = page.getByRole('form', { name: 'Change “Need a proof of concept”' });
    await edit.getByLabel('Title').fill('Proof of concept, please');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Proof of concept, please”.' }).waitFor();
    const renamed = page.getByRole('article', { name: 'Proof of concept, please' });
    await renamed.getByRole('button', { name: 'Delete “Proof of concept, please”' }).click();
    await renamed.getByRole('button', { name: 'Yes, delete “Proof of concept, please”' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted “Proof of concept, please”.' }).waitFor();
    await page.getByText('No canned responses yet.').waitFor();
    await h.expectAccessible(page, 'canned-empty');
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
