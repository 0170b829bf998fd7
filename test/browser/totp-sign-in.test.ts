// Browser test in Chromium: a second factor. A user sets up an authenticator app in "My account" (the test
// computes the app's codes from the secret the page shows), saves the recovery codes, signs out, and signs
// in with password + code; a wrong code shows the error state; a recovery code works exactly once. Then a
// forgotten password is reset through the mailed link, which asks for the second factor too. The server's
// clock follows the real one (shifted forward once, to make a sign-in older than 10 minutes), so the codes
// the test computes are the ones the server expects.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { totpCode } from '../../src/auth/totp.ts';
import type { Clock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, focusedRole, heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const USER = 'tess';
const EMAIL = 'tess@example.org';
const RESET_PASSWORD = 'copper kettle whistles 71 at dawn';
const STEP_MS = 30_000;

describe('web UI: sign-in with an authenticator app in Chromium', () => {
  let offsetMs = 0;
  /** Real time, moved forward by `offsetMs`. */
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  let h: Harness;
  let page: Page;
  let secret = '';
  let recoveryCodes: string[] = [];
  /** The last TOTP time step the server accepted: it refuses that step and earlier ones from then on. */
  let lastStep = 0;

  /** A code the server accepts now: the current step, or the next one (±1 step is allowed) after a used one. */
  const freshCode = () => {
    const step = Math.max(Math.floor(clock.now().getTime() / STEP_MS), lastStep + 1);
    lastStep = step;
    return totpCode(secret, new Date(step * STEP_MS));
  };

  /** A 6-digit code that is none of the codes valid around now. */
  const wrongCode = () => {
    const now = clock.now().getTime();
    const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, new Date(now + d * STEP_MS))));
    for (let n = 123456; ; n++) if (!valid.has(String(n))) return String(n);
  };

  const signOut = async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to Parapet').waitFor();
  };

  const enterCode = async (code: string) => {
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  };

  beforeAll(async () => {
    h = await startHarness('totp', clock);
    await h.services.users.create(systemSession('test'), { username: USER, password: TEST_PASSWORD, email: EMAIL });
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('signs in with the password alone while no second factor is set', async () => {
    await page.goto(`${h.base}/account/two-factor`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, USER, TEST_PASSWORD);
    await heading(page, 'Second factor').waitFor();
    expect(pathOf(page)).toBe('/account/two-factor');
  });

  it('starts the set-up and shows the secret as text and as an otpauth link', async () => {
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = page.locator('[data-secret]');
    await key.waitFor();
    secret = (await key.getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await key.innerText()).replace(/\s/g, '')).toBe(secret);
    const link = page.getByRole('link', { name: 'open the set-up link in your authenticator app' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(href).searchParams.get('secret')).toBe(secret);
    expect(await page.locator('.uri code').innerText()).toBe(href);
    await h.expectAccessible(page, 'setup');
  });

  it('refuses a wrong code from the app', async () => {
    await page.getByLabel('Code from the app').fill(wrongCode());
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    const input = page.getByLabel('Code from the app');
    expect(await fieldMessageOf(page, input)).toBe('is not the current code of your authenticator app.');
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await h.expectAccessible(page, 'setup-wrong-code');
  });

  it('turns the app on with its current code and shows 10 recovery codes once', async () => {
    await page.getByLabel('Code from the app').fill(freshCode());
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('Your authenticator app is set up.');
    expect(await page.locator('.alert-warning').innerText()).toContain('They are shown only this once.');
    recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await h.expectAccessible(page, 'recovery-codes');
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await page.getByText('An authenticator app is on.').waitFor();
    expect(await page.getByText('10 unused recovery codes are left.').count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);
    await h.expectAccessible(page, 'enabled');
  });

  it('asks for the code after the password, and shows a wrong code as an error', async () => {
    await signOut();
    await submitSignIn(page, USER, TEST_PASSWORD);
    await heading(page, 'Enter your authentication code').waitFor();
    expect(pathOf(page)).toBe('/sign-in/second-factor');
    await h.expectAccessible(page, 'second-factor');
    await enterCode(wrongCode());
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The code is not valid.');
    expect(await focusedRole(page)).toBe('alert');
    expect(pathOf(page)).toBe('/sign-in/second-factor');
    await h.expectAccessible(page, 'second-factor-wrong');
  });

  it('signs in with the current code from the app', async () => {
    await enterCode(freshCode());
    await heading(page, `Welcome, ${USER}`).waitFor();
    expect(pathOf(page)).toBe('/');
  });

  it('keeps a half-signed-in session on the code page, and signs in once with a recovery code', async () => {
    await signOut();
    await submitSignIn(page, USER, TEST_PASSWORD);
    await heading(page, 'Enter your authentication code').waitFor();
    // A new page load asks the server (GET /api/session answers next: second_factor): still the code page.
    await page.goto(`${h.base}/account/two-factor`);
    await heading(page, 'Enter your authentication code').waitFor();
    expect(pathOf(page)).toBe('/sign-in/second-factor');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/account/two-factor');
    await enterCode(recoveryCodes[0]!);
    await heading(page, 'Second factor').waitFor();
    expect(pathOf(page)).toBe('/account/two-factor');
    await page.getByText('9 unused recovery codes are left.').waitFor();
  });

  it('refuses a used recovery code', async () => {
    await signOut();
    await submitSignIn(page, USER, TEST_PASSWORD);
    await heading(page, 'Enter your authentication code').waitFor();
    await enterCode(recoveryCodes[0]!);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The code is not valid.');
    await enterCode(recoveryCodes[1]!);
    await heading(page, `Welcome, ${USER}`).waitFor();
  });

  it('asks for the password and a code again before replacing the recovery codes; the old ones stop working', async () => {
    await page.goto(`${h.base}/account/two-factor`);
    await page.getByText('8 unused recovery codes are left.').waitFor();
    offsetMs += 11 * 60_000; // the sign-in is no longer a recent password proof
    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    const code = dialog.getByLabel('Authentication code');
    await code.waitFor();
    await h.expectAccessible(page, 'reauth-dialog');
    await dialog.getByLabel('Password').fill(TEST_PASSWORD);
    await code.fill(wrongCode());
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    expect(await fieldMessageOf(page, code)).toBe('is not a valid code.');
    expect(await dialog.getByRole('alert').innerText()).toContain('The code is not valid.');
    await h.expectAccessible(page, 'reauth-dialog-wrong-code');
    await dialog.getByLabel('Password').fill(TEST_PASSWORD);
    await code.fill(freshCode());
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    const fresh = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => recoveryCodes.includes(c))).toEqual([]);
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await page.getByText('10 unused recovery codes are left.').waitFor();
    const old = recoveryCodes[2]!;
    recoveryCodes = fresh;

    await signOut();
    await submitSignIn(page, USER, TEST_PASSWORD);
    await heading(page, 'Enter your authentication code').waitFor();
    await enterCode(old);
    await page.getByRole('alert').waitFor();
    await enterCode(recoveryCodes[0]!);
    await heading(page, `Welcome, ${USER}`).waitFor();
    await signOut();
  });

  it('answers a reset request with the same neutral message for an unknown account', async () => {
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await heading(page, 'Reset your password').waitFor();
    await page.getByLabel('Username or e-mail address').fill('nobody-by-this-name');
    await page.getByRole('button', { name: 'Send a reset link' }).click();
    const unknown = await page.getByRole('status').innerText();
    await h.expectAccessible(page, 'forgot-password-sent');

    await page.goto(`${h.base}/forgot-password`);
    await page.getByLabel('Username or e-mail address').fill(USER);
    await page.getByRole('button', { name: 'Send a reset link' }).click();
    expect(await page.getByRole('status').innerText()).toBe(unknown);
    expect(unknown).toContain('If an account with that username or e-mail address exists');
  });

  it('resets the password through the mailed link, which asks for the second factor', async () => {
    const mail = (await h.mails()).find((m) => m.subject === 'Reset your Parapet password');
    const link = /(http:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    expect(link, 'the reset mail has a link').toBeTruthy();
    expect(new URL(link!).origin).toBe(h.base);
    await page.goto(link!);
    await heading(page, 'Choose a new password').waitFor();
    // The token is read from the fragment, then removed from the address bar.
    expect(new URL(page.url()).hash).toBe('');
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await h.expectAccessible(page, 'reset-password');

    await page.getByLabel('New password (required)', { exact: true }).fill(RESET_PASSWORD);
    await page.getByLabel('New password again').fill(RESET_PASSWORD);
    await code.fill(recoveryCodes[0]!); // already used: refused
    await page.getByRole('button', { name: 'Set my new password' }).click();
    expect(await fieldMessageOf(page, code)).toBe('is not a valid code.');
    expect(await page.getByRole('alert').innerText()).toContain('The code is not valid.');
    await h.expectAccessible(page, 'reset-password-wrong-code');

    await page.getByLabel('New password (required)', { exact: true }).fill(RESET_PASSWORD);
    await page.getByLabel('New password again').fill(RESET_PASSWORD);
    await code.fill(recoveryCodes[1]!);
    await page.getByRole('button', { name: 'Set my new password' }).click();
    await heading(page, 'Your password has been changed').waitFor();
    await h.expectAccessible(page, 'reset-password-done');
  });

  it('refuses the used reset link, and signs in with the new password and a code', async () => {
    const mail = (await h.mails()).find((m) => m.subject === 'Reset your Parapet password');
    const link = /(http:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    await page.goto(`${h.base}/sign-in`);
    await page.goto(link!); // a new page load: the link is checked again
    await heading(page, 'This reset link does not work').waitFor();
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    await h.expectAccessible(page, 'reset-link-used');

    await page.goto(`${h.base}/sign-in`);
    await submitSignIn(page, USER, TEST_PASSWORD);
    await page.getByRole('alert').waitFor();
    await submitSignIn(page, USER, RESET_PASSWORD);
    await heading(page, 'Enter your authentication code').waitFor();
    await enterCode(recoveryCodes[2]!);
    await heading(page, `Welcome, ${USER}`).waitFor();
  });

  it('turns the second factor off after a confirmation', async () => {
    await page.goto(`${h.base}/account/two-factor`);
    await page.getByRole('button', { name: 'Turn off the second factor' }).click();
    await page.getByText('Turn off the authenticator app?').waitFor();
    await h.expectAccessible(page, 'turn-off-confirm');
    await page.getByRole('button', { name: 'Yes, turn it off' }).click();
    await page.getByRole('status').filter({ hasText: 'The second factor is off.' }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
    await signOut();
    await submitSignIn(page, USER, RESET_PASSWORD);
    await heading(page, `Welcome, ${USER}`).waitFor();
  });

  it('makes a staff member set up a second factor first when administrators require it', async () => {
    await signOut();
    await h.services.settings.update(systemSession('test'), 'security', { requireMfaForStaff: true });
    await h.services.users.create(systemSession('test'), { username: 'stan', password: TEST_PASSWORD, isAdmin: true });
    await page.goto(`${h.base}/admin/users`);
    await submitSignIn(page, 'stan', TEST_PASSWORD);
    await heading(page, 'Set up a second factor').waitFor();
    expect(pathOf(page)).toBe('/set-up-second-factor');
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    // Every other address leads back here.
    await page.goto(`${h.base}/account/sessions`);
    await heading(page, 'Set up a second factor').waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const stanSecret = (await page.locator('[data-secret]').getAttribute('data-secret')) ?? '';
    await h.expectAccessible(page, 'enrol-required');
    await page.getByLabel('Code from the app').fill(totpCode(stanSecret, clock.now()));
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    await h.expectAccessible(page, 'enrol-required-codes');
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await heading(page, 'Sessions').waitFor();
    expect(pathOf(page)).toBe('/account/sessions');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).waitFor();
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
