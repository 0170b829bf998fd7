// Browser test in Chromium: accounts and sign-in protections in the UI. An administrator creates a user by
// invitation, the user chooses a password with the mailed link and signs in; the administrator mails a
// password-reset link and disables and enables an account from its page; a registration is completed with its
// mailed link; a registered reporter sees neither the staff navigation nor bulk actions, while a team member sees
// both (as GET /api/session says); setting up an authenticator shows the set-up link as a QR code; a blocked IP is
// told when the block ends, and the administrator lifts it on the Blocked IP addresses page. Every page passes
// axe and the Content-Security-Policy.
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { heading, pathOf, startHarness, submitSignIn, type Harness } from './harness.ts';

const ADMIN = 'ada-accounts';
const INVITED = 'ivy-invited';
const CHOSEN = 'Violet harbour kettle 2291';

describe('web UI: account administration and sign-in protections in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let admin: Page;
  const seen = new Set<string>();

  async function newMails() {
    const fresh = (await h.mails()).filter((m) => !seen.has(m.messageId ?? ''));
    for (const m of fresh) seen.add(m.messageId ?? '');
    return fresh;
  }
  const linkOf = (text: string | undefined, route: string) =>
    new RegExp(`(${h.base.replace(/[.]/g, '\\.')}${route}#token=[A-Za-z0-9_-]+)`).exec(text ?? '')?.[1];

  async function signedInPage(username: string): Promise<Page> {
    const page = await h.newPage();
    await page.goto(`${h.base}/sign-in`);
    await submitSignIn(page, username, TEST_PASSWORD);
    await heading(page, `Welcome, ${username}`).waitFor();
    return page;
  }
  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  beforeAll(async () => {
    h = await startHarness('accounts', clock);
    const s = systemSession('test');
    await h.services.users.create(s, { username: ADMIN, password: TEST_PASSWORD, isAdmin: true, email: 'ada@example.org' });
    admin = await signedInPage(ADMIN);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a user by invitation; the invited user chooses a password with the mailed link and signs in', async () => {
    await mainNav(admin).getByRole('link', { name: 'Users' }).click();
    await heading(admin, 'Users').waitFor();
    const form = admin.getByRole('region', { name: 'Create a user' });
    expect(await form.getByRole('radio', { name: /Send an invitation by e-mail/ }).isChecked()).toBe(true);
    expect(await form.getByLabel(/^One-time password/).count()).toBe(0);
    await form.getByLabel('Username').fill(INVITED);
    await form.getByLabel(/^E-mail/).fill('ivy@example.org');
    await h.expectAccessible(admin, 'create-user-invitation');
    await form.getByRole('button', { name: 'Create user and send the invitation' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Created user ${INVITED}.` })
      .waitFor();
    await admin.getByRole('status').getByRole('link', { name: INVITED }).click();
    await heading(admin, `User ${INVITED}`).waitFor();
    await admin.getByText('Not chosen yet (invitation sent)').waitFor();
    await admin.getByRole('button', { name: 'Send the invitation again' }).waitFor();
    await h.expectAccessible(admin, 'invited-user');

    const mail = (await newMails()).find((m) => m.subject?.includes('choose a password'));
    const link = linkOf(mail?.text, '/accept-invitation');
    expect(link).toBeDefined();
    const invited = await h.newPage();
    await invited.goto(link!);
    await heading(invited, 'Choose your password').waitFor();
    expect(invited.url()).toBe(`${h.base}/accept-invitation`); // the token left the address bar
    await invited.getByText(`created the Parapet account ${INVITED} for you`).waitFor();
    await h.expectAccessible(invited, 'accept-invitation');
    await invited.getByLabel('Password (required)', { exact: true }).fill(CHOSEN);
    await invited.getByLabel('Password again').fill(CHOSEN);
    await invited.getByRole('button', { name: 'Set my password' }).click();
    await heading(invited, 'Your password is set').waitFor();
    await invited.getByRole('link', { name: 'Sign in' }).click();
    await submitSignIn(invited, INVITED, CHOSEN);
    await heading(invited, `Welcome, ${INVITED}`).waitFor();
  });

  it('mails a password-reset link, and disables and enables the account from its page', async () => {
    await admin.reload();
    await heading(admin, `User ${INVITED}`).waitFor();
    await admin.getByText('Chosen by the user').waitFor();
    await admin.getByRole('button', { name: 'Send a password-reset link' }).click();
    await admin.getByRole('status').filter({ hasText: 'Sent a password-reset link to ivy@example.org' }).waitFor();
    const reset = (await newMails()).find((m) => m.subject === 'Choose a new Parapet password');
    expect(linkOf(reset?.text, '/reset-password')).toBeDefined();

    await admin.getByRole('button', { name: `Disable ${INVITED}` }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Disabled ${INVITED}.` })
      .waitFor();
    await admin.getByText(`${INVITED} is disabled`).waitFor();
    const [row] = await h.database.db.query<{ disabled: boolean }>(sql`SELECT disabled FROM users WHERE username = ${INVITED}`);
    expect(row?.disabled).toBe(true);
    const refused = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: INVITED, password: CHOSEN }),
    });
    expect(refused.status).toBe(401);
    await h.expectAccessible(admin, 'disabled-user');
    await admin.getByRole('button', { name: `Enable ${INVITED}` }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Enabled ${INVITED}.` })
      .waitFor();
    const again = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: INVITED, password: CHOSEN }),
    });
    expect(again.status).toBe(200);
  });

  it('completes a registration with its mailed link', async () => {
    const asked = await fetch(`${h.base}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rex-reporter', password: TEST_PASSWORD, email: 'rex@example.net' }),
    });
    expect(asked.status).toBe(202);
    const link = linkOf((await newMails()).find((m) => m.subject === 'Complete your Parapet registration')?.text, '/complete-registration');
    expect(link).toBeDefined();
    const page = await h.newPage();
    await page.goto(link!);
    await heading(page, 'Your account is ready').waitFor();
    await h.expectAccessible(page, 'registration-complete');
  });

  it('shows a registered reporter no staff navigation and no bulk actions; a team member sees both', async () => {
    const reporter = await signedInPage('rex-reporter');
    const nav = mainNav(reporter);
    await nav.getByRole('link', { name: 'Home' }).waitFor();
    for (const name of ['Reports', 'Dashboard', 'Users', 'Groups', 'Security'])
      expect(await nav.getByRole('link', { name }).count(), name).toBe(0);
    await reporter.goto(`${h.base}/reports`);
    await heading(reporter, 'Reports').waitFor();
    await reporter.getByRole('table').or(reporter.getByText('No reports yet.')).first().waitFor();
    expect(await reporter.getByRole('heading', { name: 'Bulk actions' }).count()).toBe(0);
    expect(await reporter.getByRole('checkbox', { name: /^Select/ }).count()).toBe(0);
    await h.expectAccessible(reporter, 'reporter-inbox');

    const s = systemSession('test');
    const product = await h.services.products.create(s, { name: 'Accounts Widget' });
    const member = await h.services.users.create(s, { username: 'tom-team', password: TEST_PASSWORD });
    await h.services.groups.addUser(s, product.row.team_group_id, member.id);
    const team = await signedInPage('tom-team');
    await mainNav(team).getByRole('link', { name: 'Reports' }).click();
    await heading(team, 'Reports').waitFor();
    await team.getByRole('heading', { name: 'Bulk actions' }).waitFor();
    await team.getByRole('checkbox', { name: 'Select every report on this page' }).waitFor();
    expect(await mainNav(team).getByRole('link', { name: 'Users' }).count()).toBe(0);
  });

  it('shows the authenticator set-up link as a QR code that encodes it exactly', async () => {
    const page = await signedInPage('tom-team');
    await page.goto(`${h.base}/account/two-factor`);
    await heading(page, 'Second factor').waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const image = page.getByRole('img', { name: /QR code of the authenticator set-up link/ });
    await image.waitFor();
    const src = (await image.getAttribute('src')) ?? '';
    expect(src.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const uri = (await page.getByRole('link', { name: 'open the set-up link in your authenticator app' }).getAttribute('href')) ?? '';
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const expected = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    expect(decodeURIComponent(src.slice('data:image/svg+xml;charset=utf-8,'.length))).toBe(expected);
    expect(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    await h.expectAccessible(page, 'totp-qr');
  });

  it('tells a blocked IP when the block ends; the administrator lifts it on the Blocked IP addresses page', async () => {
    const until = new Date(clock.now().getTime() + 15 * 60_000);
    await h.database.db.query(sql`INSERT INTO ip_blocks (ip, blocked_at, blocked_until) VALUES ('127.0.0.1', ${clock.now()}, ${until})`);
    const visitor = await h.newPage();
    await visitor.goto(`${h.base}/sign-in`);
    await submitSignIn(visitor, 'rex-reporter', TEST_PASSWORD);
    const alert = visitor.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(`Try again after ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC (in 15 minutes)`);
    await h.expectAccessible(visitor, 'sign-in-ip-blocked');

    await admin.goto(`${h.base}/admin/security`);
    await admin.getByRole('navigation', { name: 'Security administration' }).getByRole('link', { name: 'Blocked IP addresses' }).click();
    await heading(admin, 'Blocked IP addresses').waitFor();
    expect(pathOf(admin)).toBe('/admin/security/ip-blocks');
    await admin.getByRole('table').getByRole('rowheader', { name: '127.0.0.1' }).waitFor();
    await h.expectAccessible(admin, 'ip-blocks');
    await admin.getByRole('button', { name: 'Lift the block of 127.0.0.1' }).click();
    await admin.getByRole('status').filter({ hasText: 'Lifted the block of 127.0.0.1.' }).waitFor();
    await admin.getByText('No IP address is blocked now.').waitFor();
    const events = await h.database.db.query<{ actor_name: string }>(
      sql`SELECT actor_name FROM audit_events WHERE action = 'ip.unblocked'`,
    );
    expect(events.map((e) => e.actor_name)).toEqual([ADMIN]);

    await submitSignIn(visitor, 'rex-reporter', TEST_PASSWORD);
    await heading(visitor, 'Welcome, rex-reporter').waitFor();
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
