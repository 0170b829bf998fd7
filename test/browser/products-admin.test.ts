// Browser test in Chromium: an administrator manages the product catalogue. The product list shows the
// default product; a product with a bad disclosure period is refused with the field marked; the product is
// created with its role groups (linked to their group pages, the incident managers nested in the security
// team); a version with its release date is added, changed and a bad date refused; the default product
// offers no deletion; a product is deleted. axe reports no violations on any state visited, and the strict
// Content-Security-Policy is never violated.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const ADMIN = 'catalogue-admin';
const PRODUCT = 'Acme Router';

describe('web UI: product catalogue administration in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness('products-admin', clock);
    await h.services.users.create(systemSession('test'), { username: ADMIN, password: TEST_PASSWORD, isAdmin: true });
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  const createRegion = () => page.getByRole('region', { name: 'Create a product' });
  const versions = () => page.getByRole('region', { name: 'Versions' });

  it('lists the catalogue with the default product', async () => {
    await page.goto(`${h.base}/admin/products`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, ADMIN, TEST_PASSWORD);
    await heading(page, 'Products').waitFor();
    expect(pathOf(page)).toBe('/admin/products');
    const row = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Other / not sure' }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('Default');
    expect(await row.getByRole('link', { name: 'Triage team' }).getAttribute('href')).toBe('/admin/groups/10');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).waitFor();
    await h.expectAccessible(page, 'list');
  });

  it('refuses a disclosure period out of range, marking the field', async () => {
    const form = createRegion();
    await form.getByLabel('Name').fill(PRODUCT);
    await form.getByLabel('Description').fill('Home and office routers');
    const days = form.getByLabel('Disclosure period');
    await days.fill('400');
    // Until the name is typed the new groups are named after "Product"; now after the product.
    const board = form.getByLabel('Board');
    expect(await board.locator('option:checked').innerText()).toBe('Create a new group');
    const hintId = ((await board.getAttribute('aria-describedby')) ?? '').split(' ')[0];
    expect(await page.locator(`[id="${hintId}"]`).innerText()).toBe(`Told of every new report. New group: “${PRODUCT} board”.`);
    await form.getByRole('button', { name: 'Create product' }).click();
    expect(await fieldMessageOf(page, days)).toBe('must be at most 365.');
    expect(await days.evaluate((el) => el === document.activeElement)).toBe(true);
    await h.expectAccessible(page, 'create-error');
  });

  it('creates the product with its four role groups', async () => {
    const form = createRegion();
    await form.getByLabel('Disclosure period').fill('45');
    await form.getByRole('button', { name: 'Create product' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Created the product ${PRODUCT}.` })
      .waitFor();
    const row = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: PRODUCT, exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('45 days');
    // The default product stays last.
    const names = await page.getByRole('table').getByRole('rowheader').getByRole('link').allInnerTexts();
    expect(names).toEqual([PRODUCT, 'Other / not sure']);
    await h.expectAccessible(page, 'created');
  });

  it('shows the role groups linked to their group pages, and the staff group holding the team and the incident managers', async () => {
    await page.getByRole('table').getByRole('link', { name: PRODUCT, exact: true }).click();
    await heading(page, `Product ${PRODUCT}`).waitFor();
    const roles = page.getByRole('region', { name: 'Who works on its reports' });
    await roles.getByRole('link').first().waitFor();
    const links = await roles.getByRole('link').allInnerTexts();
    expect(links).toEqual([
      `${PRODUCT} security team`,
      `${PRODUCT} incident managers`,
      `${PRODUCT} board`,
      `${PRODUCT} technical resources`,
      `Staff of ${PRODUCT}`,
    ]);
    await h.expectAccessible(page, 'detail');

    await roles.getByRole('link', { name: `Staff of ${PRODUCT}` }).click();
    await heading(page, `Group Staff of ${PRODUCT}`).waitFor();
    const nested = page.getByRole('region', { name: 'Nested groups' });
    await nested.getByRole('link', { name: `${PRODUCT} security team`, exact: true }).waitFor();
    await nested.getByRole('link', { name: `${PRODUCT} incident managers`, exact: true }).waitFor();
    await page.goBack();
    await heading(page, `Product ${PRODUCT}`).waitFor();
  });

  it('adds a version with its release date, refuses a second one with the same name', async () => {
    const add = versions().getByRole('form', { name: 'Add a version' });
    await add.getByLabel('Version').fill('2.4.0');
    await add.getByLabel('Release date').fill('2026-03-15');
    await add.getByRole('button', { name: 'Add version' }).click();
    await versions().getByRole('status').filter({ hasText: 'Added version 2.4.0.' }).waitFor();
    const row = versions()
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: '2.4.0' }) });
    expect(await row.locator('time').getAttribute('datetime')).toBe('2026-03-15');
    expect(await add.getByLabel('Version').inputValue()).toBe('');

    await add.getByLabel('Version').fill('2.4.0');
    await add.getByRole('button', { name: 'Add version' }).click();
    expect(await fieldMessageOf(page, add.getByLabel('Version'))).toBe('is already a version of this product.');
    await h.expectAccessible(page, 'version-duplicate');
    await add.getByLabel('Version').fill('2.5.0-beta');
    await add.getByRole('button', { name: 'Add version' }).click();
    await versions().getByRole('status').filter({ hasText: 'Added version 2.5.0-beta.' }).waitFor();
    // The message shows before the list is fetched again: wait for the new row.
    await versions().getByRole('rowheader', { name: '2.5.0-beta', exact: true }).waitFor();
    const rows = await versions().getByRole('table').getByRole('rowheader').allInnerTexts();
    expect(rows).toEqual(['2.4.0', '2.5.0-beta']);
    expect(await versions().getByRole('table').getByRole('row').filter({ hasText: '2.5.0-beta' }).innerText()).toContain('Not released');
  });

  it('changes a version and its release date', async () => {
    await versions().getByRole('button', { name: 'Edit version 2.5.0-beta' }).click();
    const edit = versions().getByRole('form', { name: 'Change version 2.5.0-beta' });
    await edit.getByLabel('Version').fill('2.5.0');
    await edit.getByLabel('Release date').fill('2026-05-01');
    await edit.getByRole('button', { name: 'Save version' }).click();
    await versions().getByRole('status').filter({ hasText: 'Saved version 2.5.0.' }).waitFor();
    expect(
      await versions()
        .getByRole('form', { name: /^Change version/ })
        .count(),
    ).toBe(0);
    await versions().getByRole('rowheader', { name: '2.5.0', exact: true }).waitFor();
    const rows = await versions().getByRole('table').getByRole('rowheader').allInnerTexts();
    expect(rows).toEqual(['2.5.0', '2.4.0']);
    await h.expectAccessible(page, 'versions');

    const api = await page.request.get(`${h.base}/api/products`);
    const product = ((await api.json()) as { items: { name: string; versions: unknown[] }[] }).items.find((p) => p.name === PRODUCT);
    expect(product?.versions).toEqual([
      { id: expect.any(Number), version: '2.5.0', releasedOn: '2026-05-01' },
      { id: expect.any(Number), version: '2.4.0', releasedOn: '2026-03-15' },
    ]);
  });

  it('changes the details and deletes a version', async () => {
    const details = page.getByRole('region', { name: 'Details and role groups' });
    await details.getByLabel('Disclosure period').fill('30');
    await details.getByLabel('Technical resources').selectOption({ label: 'None' });
    await details.getByRole('button', { name: 'Save changes' }).click();
    await details.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.locator('.subtitle').filter({ hasText: 'Home and office routers · Disclosure 30 days after receipt · 0 reports' }).waitFor();
    const roles = page.getByRole('region', { name: 'Who works on its reports' });
    // Team, incident managers, board and the staff group: the technical resources are gone.
    expect(await roles.getByRole('link').allInnerTexts()).toEqual([
      `${PRODUCT} security team`,
      `${PRODUCT} incident managers`,
      `${PRODUCT} board`,
      `Staff of ${PRODUCT}`,
    ]);

    await versions().getByRole('button', { name: 'Delete version 2.4.0' }).click();
    await versions().getByRole('status').filter({ hasText: 'Deleted version 2.4.0.' }).waitFor();
    await versions().getByRole('rowheader', { name: '2.4.0' }).waitFor({ state: 'detached' });
    expect(await versions().getByRole('table').getByRole('rowheader').allInnerTexts()).toEqual(['2.5.0']);
  });

  it('offers no deletion of the default product', async () => {
    await page.goto(`${h.base}/admin/products/1`);
    await heading(page, 'Product Other / not sure').waitFor();
    await page.getByRole('region', { name: 'The default product' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete product' }).count()).toBe(0);
    await h.expectAccessible(page, 'default');
  });

  it('deletes a product after confirmation', async () => {
    await page.goto(`${h.base}/admin/products`);
    await heading(page, 'Products').waitFor();
    await page.getByRole('table').getByRole('link', { name: PRODUCT, exact: true }).click();
    await heading(page, `Product ${PRODUCT}`).waitFor();
    const section = page.getByRole('region', { name: 'Delete this product' });
    await section.getByRole('button', { name: 'Delete product' }).click();
    await section.getByRole('button', { name: `Yes, delete ${PRODUCT}` }).click();
    await heading(page, 'Products').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Deleted the product “${PRODUCT}”.` })
      .waitFor();
    await page.getByRole('table').getByRole('link', { name: 'Other / not sure' }).waitFor();
    await page.getByRole('table').getByRole('link', { name: PRODUCT, exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByRole('table').getByRole('rowheader').getByRole('link').allInnerTexts()).toEqual(['Other / not sure']);
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
