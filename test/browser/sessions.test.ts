// Browser test in Chromium: "My account". The same user signs in from two browsers (two fresh contexts);
// the first lists the sessions (its own marked), ends the other, and the other browser is signed out at its
// next action. Then the account pages: a password change refused and accepted, an e-mail change that asks
// for the password again (re-authentication dialog) and its confirmation link, and a personal API token
// created (shown once, usable as a Bearer token) and revoked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const USER = 'sam';
const NEW_PASSWORD = 'granite meadow lullaby 58 owls';
const NEW_EMAIL = 'sam.new@example.org';

describe('web UI: my sessions, password, e-mail and API tokens in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let first: Page;
  let second: Page;

  const signInAt = async (page: Page, address: string, password = TEST_PASSWORD) => {
    await page.goto(`${h.base}${address}`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, USER, password);
  };

  beforeAll(async () => {
    h = await startHarness('sessions', clock);
    await h.services.users.create(systemSession('test'), { username: USER, password: TEST_PASSWORD, email: 'sam@example.org' });
    first = await h.newPage();
    second = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lists both sessions of the user, the current one marked', async () => {
    await signInAt(second, '/');
    await heading(second, `Welcome, ${USER}`).waitFor();
    clock.advance(5 * 60_000); // the two sessions differ in age
    await signInAt(first, '/account/sessions');
    await heading(first, 'Sessions').waitFor();
    expect(pathOf(first)).toBe('/account/sessions');
    const table = first.getByRole('table', { name: `Your 2 sessions, most recently used first` });
    await table.waitFor();
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(3);
    const current = rows.filter({ hasText: 'This session' });
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('button').count()).toBe(0);
    expect(await table.getByRole('button', { name: /^End session/ }).count()).toBe(1);
    await h.expectAccessible(first, 'list');
  });

  it('ends the other session, and the other browser is signed out at its next action', async () => {
    await first.getByRole('button', { name: /^End session/ }).click();
    await first.getByRole('status').filter({ hasText: 'Ended the session from 127.0.0.1.' }).waitFor();
    await first.getByRole('table', { name: 'Your only session is this one.' }).waitFor();
    expect(await first.getByRole('button', { name: 'End all other sessions' }).count()).toBe(0);
    await h.expectAccessible(first, 'list-after-revoke');

    // The other browser still shows its page; its next request finds the session gone.
    await second.getByRole('region', { name: 'Your account' }).getByRole('link', { name: 'Sessions' }).click();
    await heading(second, 'Sign in to Parapet').waitFor();
    expect(new URL(second.url()).searchParams.get('returnTo')).toBe('/account/sessions');
    expect(await second.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });

  it('ends every other session at once', async () => {
    await submitSignIn(second, USER, TEST_PASSWORD);
    await heading(second, 'Sessions').waitFor();
    await first.reload();
    await first.getByRole('table', { name: 'Your 2 sessions, most recently used first' }).waitFor();
    await first.getByRole('button', { name: 'End all other sessions' }).click();
    await first.getByRole('status').filter({ hasText: 'Ended 1 other session.' }).waitFor();
    await second.getByRole('navigation', { name: 'My account' }).getByRole('link', { name: 'API tokens' }).click();
    await heading(second, 'Sign in to Parapet').waitFor();
  });

  it('refuses a wrong current password and a weak new one, then changes the password', async () => {
    await first.getByRole('navigation', { name: 'My account' }).getByRole('link', { name: 'Password and e-mail' }).click();
    await heading(first, 'Password and e-mail').waitFor();
    const form = first.getByRole('region', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not the current one');
    await form.getByLabel('New password (required)', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password again').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldMessageOf(first, form.getByLabel('Current password'))).toBe('is not your current password.');
    await h.expectAccessible(first, 'password-wrong-current');

    await form.getByLabel('Current password').fill(TEST_PASSWORD);
    await form.getByLabel('New password (required)', { exact: true }).fill('password1234');
    await form.getByLabel('New password again').fill('password1234');
    await form.getByRole('button', { name: 'Change password' }).click();
    const reasons = await fieldMessageOf(first, form.getByLabel('New password (required)', { exact: true }));
    expect(reasons).toContain('It is on a list of commonly used passwords that attackers try first.');
    await h.expectAccessible(first, 'password-weak');

    await form.getByLabel('Current password').fill(TEST_PASSWORD);
    await form.getByLabel('New password (required)', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password again').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').filter({ hasText: 'Your password has been changed.' }).waitFor();
  });

  it('asks for the password again before changing the e-mail address, then mails a confirmation link', async () => {
    clock.advance(11 * 60_000); // the password change no longer counts as a recent proof
    const section = first.getByRole('region', { name: 'E-mail address' });
    await section.getByLabel('New e-mail address').fill('not an address');
    await section.getByRole('button', { name: 'Change address' }).click();
    const dialog = first.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await fieldMessageOf(first, section.getByLabel('New e-mail address'))).toBe('is not an e-mail address.');
    await h.expectAccessible(first, 'email-error');

    await section.getByLabel('New e-mail address').fill(NEW_EMAIL);
    await section.getByRole('button', { name: 'Change address' }).click();
    await section
      .getByRole('status')
      .filter({ hasText: `Your address is now ${NEW_EMAIL}.` })
      .waitFor();
    await section.getByText('(not confirmed yet)').waitFor();
    await h.expectAccessible(first, 'email-changed');

    const mail = (await h.mails()).find((m) => m.subject === 'Confirm your e-mail address for Parapet');
    const to = mail?.to === undefined ? [] : Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.map((a) => a.text)).toEqual([NEW_EMAIL]);
    const link = /(http:\/\/\S+\/verify-email#token=[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeTruthy();
    await first.goto(link!);
    await heading(first, 'E-mail address confirmed').waitFor();
    expect(new URL(first.url()).hash).toBe('');
    await h.expectAccessible(first, 'email-confirmed');
    await first.getByRole('link', { name: 'Back to my account' }).click();
    await first.getByRole('region', { name: 'E-mail address' }).getByText('(confirmed)').waitFor();

    await first.goto(`${h.base}/account`);
    await first.goto(link!);
    await heading(first, 'This confirmation link does not work').waitFor();
    await h.expectAccessible(first, 'email-link-used');
  });

  it('creates an API token, shown once, that works as a Bearer token; then revokes it', async () => {
    await first.goto(`${h.base}/account/api-tokens`);
    await heading(first, 'API tokens').waitFor();
    await first.getByText('You have no API tokens.').waitFor();
    const form = first.getByRole('region', { name: 'Create a token' });
    await form.getByLabel('Read (look things up)').uncheck();
    await form.getByRole('button', { name: 'Create token' }).click();
    expect(await fieldMessageOf(first, form.getByLabel('Name'))).toBe('must not be empty.');
    const scopes = form.getByRole('group', { name: 'Scopes' });
    expect(await scopes.getAttribute('aria-describedby')).toBeTruthy();
    expect(await scopes.locator('.field-error').innerText()).toMatch(/^Scopes: /);
    await h.expectAccessible(first, 'tokens-error');

    await form.getByLabel('Name').fill('nightly export');
    await form.getByLabel('Read (look things up)').check();
    await form.getByLabel('Expires after').selectOption('7');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = form.locator('[data-token]');
    await shown.waitFor();
    const token = await shown.innerText();
    expect(token).toMatch(/^ppt_/);
    expect(await form.getByText('it is shown only this once').count()).toBe(1);
    await h.expectAccessible(first, 'token-created');

    const asToken = await fetch(`${h.base}/api/me/tokens`, { headers: { authorization: `Bearer ${token}` } });
    expect(asToken.status).toBe(200);
    await form.getByRole('button', { name: 'I have copied the token' }).click();
    expect(await form.locator('[data-token]').count()).toBe(0);
    const row = first.getByRole('table').getByRole('row').filter({ hasText: 'nightly export' });
    expect(await row.getByRole('cell').first().innerText()).toBe('read');
    await h.expectAccessible(first, 'tokens');

    await row.getByRole('button', { name: 'Revoke nightly export' }).click();
    await first.getByRole('status').filter({ hasText: 'Revoked the token “nightly export”.' }).waitFor();
    // The list is fetched again after the message shows: wait for the row to change.
    await row
      .getByRole('cell')
      .nth(1)
      .filter({ hasText: /^Revoked$/ })
      .waitFor();
    expect(await row.getByRole('cell').nth(1).innerText()).toBe('Revoked');
    const revoked = await fetch(`${h.base}/api/me/tokens`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
