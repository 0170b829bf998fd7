// Browser test in Chromium: failed sign-ins and the lock. Ten wrong passwords for a user with an e-mail
// address each get the same generic failure message, and so do attempts on the locked account (even with
// the right password). An administrator then finds the lock mail in the Outbox page and the lock in the
// security events, unlocks the user from the user page, and the user can sign in again. The same
// administrator changes a security setting, which asks for the password again (re-authentication dialog).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { SIGN_IN_FAILED_MESSAGE } from '../../src/auth/sign-in.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, focusedRole, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const ADMIN = 'ada-admin';
const USER = 'carol';
const EMAIL = 'carol@example.org';

describe('web UI: failed sign-ins, the lock mail and unlocking in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;
  let userId = 0;

  /** Submits the sign-in form and returns the HTTP status of POST /api/session and the alert text. */
  const failSignIn = async (password: string) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/session' && r.request().method() === 'POST'),
      submitSignIn(page, USER, password),
    ]);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
    return { status: response.status(), message: await alert.innerText() };
  };

  beforeAll(async () => {
    h = await startHarness('lockout', clock);
    await h.services.users.create(systemSession('test'), { username: ADMIN, password: TEST_PASSWORD, isAdmin: true });
    userId = (await h.services.users.create(systemSession('test'), { username: USER, password: TEST_PASSWORD, email: EMAIL })).id;
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows the same generic message for each of 10 wrong passwords', async () => {
    await page.goto(`${h.base}/sign-in`);
    await heading(page, 'Sign in to Parapet').waitFor();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const { status, message } = await failSignIn(`wrong password number ${attempt}`);
      expect(status, `attempt ${attempt}`).toBe(401);
      expect(message, `attempt ${attempt}`).toBe(SIGN_IN_FAILED_MESSAGE);
      expect(await page.getByLabel('Password').inputValue()).toBe('');
    }
    expect(await focusedRole(page)).toBe('alert');
    expect(SIGN_IN_FAILED_MESSAGE).toContain('locked');
    expect(SIGN_IN_FAILED_MESSAGE).toContain('e-mail');
    await h.expectAccessible(page, 'sign-in-failed');
  });

  it('gives the locked account the same message, even with the right password', async () => {
    const wrong = await failSignIn('still not the password');
    const right = await failSignIn(TEST_PASSWORD);
    expect(wrong).toEqual({ status: 401, message: SIGN_IN_FAILED_MESSAGE });
    expect(right).toEqual({ status: 401, message: SIGN_IN_FAILED_MESSAGE });
    expect(pathOf(page)).toBe('/sign-in');
  });

  it('shows the lock mail in the outbox, with secret links redacted', async () => {
    // A reset request too, so the outbox holds a mail with a secret link.
    const reset = await fetch(`${h.base}/api/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: USER }),
    });
    expect(reset.status).toBe(202);
    const mails = await h.mails();
    expect(mails.map((m) => m.subject).sort()).toEqual(['Reset your Parapet password', 'Your Parapet account has been locked']);
    const secretLink = /reset-password#token=([A-Za-z0-9_-]+)/.exec(mails.find((m) => m.subject?.startsWith('Reset'))?.text ?? '')?.[1];
    expect(secretLink).toBeTruthy();

    await submitSignIn(page, ADMIN, TEST_PASSWORD);
    await heading(page, `Welcome, ${ADMIN}`).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await heading(page, 'Security settings').waitFor();
    await page.getByRole('navigation', { name: 'Security administration' }).getByRole('link', { name: 'Outbox' }).click();
    await heading(page, 'Outbox').waitFor();
    const lockMail = page.getByRole('article', { name: 'Your Parapet account has been locked' });
    await lockMail.waitFor();
    const lockText = await lockMail.innerText();
    expect(lockText).toContain(EMAIL);
    expect(lockText).toContain(`Your Parapet account "${USER}" was locked after repeated failed sign-in attempts.`);
    const resetText = await page.getByRole('article', { name: 'Reset your Parapet password' }).innerText();
    expect(resetText).toContain('reset-password#token=[redacted]');
    expect(resetText).not.toContain(secretLink!);
    await h.expectAccessible(page, 'outbox');
  });

  it('finds the lock among the security events, filtered by user and action', async () => {
    await page.getByRole('navigation', { name: 'Security administration' }).getByRole('link', { name: 'Security events' }).click();
    await heading(page, 'Security events').waitFor();
    const table = page.getByRole('table');
    await table
      .getByRole('rowheader', { name: /Sign-in failed/ })
      .first()
      .waitFor();
    await h.expectAccessible(page, 'events');

    // An unknown username is an error of the filter form.
    await page.getByLabel('User', { exact: true }).fill('nobody-here');
    await page.getByRole('button', { name: 'Search events' }).click();
    expect(await fieldMessageOf(page, page.getByLabel('User', { exact: true }))).toBe('is not a username.');
    await h.expectAccessible(page, 'events-filter-error');

    await page.getByLabel('User', { exact: true }).fill(USER);
    await page.getByLabel('Action').selectOption('account.locked');
    await page.getByRole('button', { name: 'Search events' }).click();
    await page.getByRole('table', { name: '1 event matching the filters, newest first' }).waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.get('action')).toBe('account.locked');
    expect(params.get('userId')).toBe(String(userId));
    const row = page.getByRole('table').getByRole('row').nth(1);
    expect(await row.getByRole('rowheader').innerText()).toContain('Account locked');
    expect(await row.getByRole('link', { name: USER }).count()).toBe(1);
    await h.expectAccessible(page, 'events-filtered');

    // Words search the log too: the failed sign-ins from this browser's IP address.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Words').fill('signin.failed');
    await page.getByRole('button', { name: 'Search events' }).click();
    await page.getByRole('table', { name: /^1[0-9] events matching the filters/ }).waitFor();
  });

  it('shows the lock on the user page and unlocks the account', async () => {
    await page.goto(`${h.base}/admin/users/${userId}`);
    await heading(page, `User ${USER}`).waitFor();
    const state = page.getByRole('region', { name: 'Sign-in state' });
    expect(await state.innerText()).toContain('Locked until an administrator unlocks it');
    expect(
      await page
        .getByRole('definition')
        .filter({ hasText: /^Locked$/ })
        .count(),
    ).toBe(1);
    await h.expectAccessible(page, 'user-locked');
    await state.getByRole('button', { name: `Unlock ${USER}` }).click();
    await state
      .getByRole('status')
      .filter({ hasText: `Unlocked ${USER}. They can sign in again.` })
      .waitFor();
    await state.getByText('Not locked').waitFor();
    expect(await state.getByRole('button', { name: `Unlock ${USER}` }).count()).toBe(0);
    const events = state.getByRole('link', { name: `Security events of ${USER}` });
    expect(await events.getAttribute('href')).toBe(`/admin/security/events?userId=${userId}`);
    await h.expectAccessible(page, 'user-unlocked');
  });

  it('refuses an invalid network in the sign-in policy, then saves a valid one', async () => {
    const policy = page.getByRole('region', { name: 'Sign-in policy' });
    const box = policy.getByLabel('Networks allowed to sign in from');
    await box.fill('127.0.0.0/8\n10.0.0.0/33');
    await policy.getByRole('button', { name: 'Save sign-in policy' }).click();
    expect(await fieldMessageOf(page, box)).toBe('"10.0.0.0/33" is not an IP address or CIDR range.');
    await h.expectAccessible(page, 'user-policy-error');
    await box.fill('127.0.0.0/8');
    await policy.getByRole('button', { name: 'Save sign-in policy' }).click();
    await policy
      .getByRole('status')
      .filter({ hasText: `Saved the sign-in policy of ${USER}.` })
      .waitFor();
  });

  it('lets the unlocked user sign in, and lists and ends that session', async () => {
    const other = await h.newPage();
    await other.goto(`${h.base}/sign-in`);
    await submitSignIn(other, USER, TEST_PASSWORD);
    await heading(other, `Welcome, ${USER}`).waitFor();

    await page.reload();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByRole('table', { name: `1 session of ${USER}` }).waitFor();
    await h.expectAccessible(page, 'user-sessions');
    await sessions.getByRole('button', { name: /^End session 1/ }).click();
    await sessions
      .getByRole('status')
      .filter({ hasText: `Ended the session of ${USER}` })
      .waitFor();
    await sessions.getByText(`${USER} is not signed in anywhere.`).waitFor();

    // The ended session finds out at its next request.
    await other.getByRole('region', { name: 'Your account' }).getByRole('link', { name: 'Sessions' }).click();
    await heading(other, 'Sign in to Parapet').waitFor();
    expect(new URL(other.url()).searchParams.get('returnTo')).toBe('/account/sessions');
  });

  it('asks for the password again before changing a security setting', async () => {
    clock.advance(11 * 60_000); // the sign-in no longer counts as a recent password proof
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await heading(page, 'Security settings').waitFor();
    await h.expectAccessible(page, 'settings');
    const threshold = page.getByLabel('Failed sign-ins in a row that lock an account');
    expect(await threshold.inputValue()).toBe('10');

    // A value out of range is refused by the server, next to its field.
    await threshold.fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await fieldMessageOf(page, threshold)).toBe('must be at least 3.');
    await h.expectAccessible(page, 'settings-error');

    // A valid change needs a recent password proof: the dialog asks for it.
    await threshold.fill('5');
    await page.getByLabel("Everyone's sessions end when their IP address changes").check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Password').evaluate((el) => el === document.activeElement)).toBe(true);
    await h.expectAccessible(page, 'reauth-dialog');

    // Cancelling leaves the change undone, and the form says why.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('alert').innerText()).toContain('Confirm your password first');
    expect((await h.services.settings.view(systemSession('test'), 'security')).lockoutThreshold).toBe(10);

    await page.getByRole('button', { name: 'Save settings' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill('not my password');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    expect(await fieldMessageOf(page, dialog.getByLabel('Password'))).toBe('is not your current password.');
    await h.expectAccessible(page, 'reauth-dialog-error');
    await dialog.getByLabel('Password').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The change was sent again once confirmed.
    await page.getByRole('status').filter({ hasText: 'Saved: 2 settings changed.' }).waitFor();
    const saved = await h.services.settings.view(systemSession('test'), 'security');
    expect(saved.lockoutThreshold).toBe(5);
    expect(saved.bindSessionIpForEveryone).toBe(true);
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
