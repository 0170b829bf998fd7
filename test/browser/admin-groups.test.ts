// Browser test in Debian's Chromium: an administrator signs in (after a failed attempt), creates two groups,
// nests one in the other, creates a user and adds it, is refused a cycle, and reads the user's effective
// groups with the nesting path. axe must report no violations on every page and error state visited, and
// the strict Content-Security-Policy must never be violated. Screenshots go to test-results/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { SIGN_IN_FAILED_MESSAGE } from '../../src/auth/sign-in.ts';
import { systemClock } from '../../src/clock.ts';
import { buildApp, WEB_DIST } from '../../src/http/app.ts';
import { createServices } from '../../src/services.ts';
import { TEST_CONFIG, TEST_PASSWORD } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ROOT } from '../helpers/paths.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-results');
const ADMIN = 'root-admin';
const GROUP_A = 'Responders A';
const GROUP_B = 'Responders B';
const MEMBER = 'alice';
const MEMBER_PASSWORD = 'Saffron meadow lantern 3318';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('web UI: group administration in Chromium', () => {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let page: Page;
  let base: string;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  async function expectAccessible(name: string): Promise<void> {
    const results = await new AxeBuilder({ page }).analyze();
    const report = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
    );
    expect(report, `axe violations on "${name}"`).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `admin-groups-${name}.png`), fullPage: true });
  }

  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const focusedRole = () => page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName ?? '');

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`The web UI is not built (${WEB_DIST}/index.html is missing). Run \`npm run build:web\` first; \`npm test\` does.`);
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing. Install Debian's Chromium: apt-get update && apt-get install -y chromium`);
    }
    await mkdir(SHOTS, { recursive: true });

    database = await createTestDatabase();
    const services = createServices({ db: database.db, clock: systemClock });
    await services.users.create(systemSession('test'), { username: ADMIN, password: TEST_PASSWORD, isAdmin: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await buildApp({ ...TEST_CONFIG, publicUrl: new URL(base) }, services, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });

    profileDir = await mkdtemp(path.join(os.tmpdir(), 'parapet-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000); // a missing element fails the step well before Vitest's own timeout
    await page.exposeFunction('__reportCspViolation', (text: string) => cspViolations.push(text));
    // Init scripts run outside the page's CSP; they only listen.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation;
        report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) cspViolations.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    await app?.close();
    await database?.close();
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    const response = await page.goto(`${base}/admin/groups`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await heading('Sign in to Parapet').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible('sign-in');
  });

  it('shows a failed sign-in as an error and moves focus to it', async () => {
    await page.getByLabel('Username').fill(ADMIN);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(SIGN_IN_FAILED_MESSAGE);
    expect(await focusedRole()).toBe('alert');
    await expectAccessible('sign-in-error');
  });

  it('signs in and returns to the page asked for', async () => {
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Groups').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/groups');
    const banner = page.getByRole('banner');
    expect(await banner.innerText()).toContain(`Signed in as ${ADMIN}`);
    await banner.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('creates two groups', async () => {
    for (const name of [GROUP_A, GROUP_B]) {
      const form = page.getByRole('region', { name: 'Create a group' });
      await form.getByLabel('Name').fill(name);
      await form.getByRole('button', { name: 'Create group' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Created the group ${name}.` })
        .waitFor();
    }
    const table = page.getByRole('table');
    await table.getByRole('link', { name: GROUP_A, exact: true }).waitFor();
    await table.getByRole('link', { name: GROUP_B, exact: true }).waitFor();
    await expectAccessible('groups-list');
  });

  it('nests B in A', async () => {
    await page.getByRole('table').getByRole('link', { name: GROUP_A, exact: true }).click();
    await heading(`Group ${GROUP_A}`).waitFor();
    await page.getByLabel('Find a group by name').fill(GROUP_B);
    await page.getByRole('region', { name: 'Nested groups' }).getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: `Nest ${GROUP_B}`, exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${GROUP_B} is now nested in ${GROUP_A}.` })
      .waitFor();
    const nested = page.getByRole('region', { name: 'Nested groups' });
    await nested.getByRole('link', { name: GROUP_B, exact: true }).waitFor();
  });

  it('shows each field error of a refused user, then creates the user', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await heading('Users').waitFor();
    const form = page.getByRole('region', { name: 'Create a user' });
    await form.getByLabel('Username').fill(MEMBER);
    await form.getByRole('radio', { name: /Set a one-time password/ }).check();
    await form.getByLabel(/^One-time password/).fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByRole('alert').waitFor();
    const password = form.getByLabel(/^One-time password/);
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const fieldMessage = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText();
    expect(fieldMessage).toContain('It must be at least 12 characters long (it has 5).');
    expect(await password.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible('user-create-error');

    await form.getByLabel(/^One-time password/).fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Created user ${MEMBER}.` })
      .waitFor();
    await page.getByRole('table').getByRole('link', { name: MEMBER, exact: true }).waitFor();
    await expectAccessible('users-list');
  });

  it('adds the user to B by username search', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await heading('Groups').waitFor();
    await page.getByRole('table').getByRole('link', { name: GROUP_B, exact: true }).click();
    await heading(`Group ${GROUP_B}`).waitFor();
    await page.getByLabel('Find a user by username').fill(MEMBER);
    await page.getByRole('region', { name: 'User members' }).getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: `Add ${MEMBER}`, exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Added ${MEMBER} to ${GROUP_B}.` })
      .waitFor();
    await page.getByRole('region', { name: 'User members' }).getByRole('link', { name: MEMBER, exact: true }).waitFor();
    await expectAccessible('group-detail');
  });

  it('refuses to nest A in B (a cycle) and shows why', async () => {
    await page.getByLabel('Find a group by name').fill(GROUP_A);
    await page.getByRole('region', { name: 'Nested groups' }).getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: `Nest ${GROUP_A}`, exact: true }).click();
    const alert = page.getByRole('region', { name: 'Nested groups' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('that would be a cycle');
    expect(await focusedRole()).toBe('alert');
    expect(await page.getByRole('region', { name: 'Nested groups' }).getByRole('table').count()).toBe(0);
    await expectAccessible('group-cycle-error');
  });

  it('refuses to delete B while A uses it, listing the use', async () => {
    const uses = page.getByRole('region', { name: 'Where it is used' });
    await uses.getByRole('listitem').first().waitFor();
    expect(await uses.getByRole('listitem').allInnerTexts()).toEqual([`Group ${GROUP_A} has ${GROUP_B} nested in it`]);
    const section = page.getByRole('region', { name: 'Delete this group' });
    await section.getByRole('button', { name: 'Delete group' }).click();
    await section.getByRole('button', { name: `Yes, delete ${GROUP_B}` }).click();
    const alert = section.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(`The group "${GROUP_B}" is still used by`);
    expect(await alert.getByRole('listitem').allInnerTexts()).toEqual([`Group ${GROUP_A} has ${GROUP_B} nested in it`]);
    expect(await focusedRole()).toBe('alert');
    await expectAccessible('group-delete-refused');
  });

  it("shows the user's effective groups with the nesting path B → A", async () => {
    await page.getByRole('region', { name: 'User members' }).getByRole('link', { name: MEMBER, exact: true }).click();
    await heading(`User ${MEMBER}`).waitFor();
    const table = page.getByRole('table', { name: `Groups ${MEMBER} belongs to` });
    const rowA = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: GROUP_A, exact: true }) });
    await rowA.waitFor();
    expect(await rowA.getByRole('cell').first().innerText()).toBe('Through nesting');
    expect(await rowA.getByRole('listitem').allInnerTexts()).toEqual([GROUP_B, GROUP_A]);
    const rowB = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: GROUP_B, exact: true }) });
    expect(await rowB.getByRole('cell').first().innerText()).toBe('Direct member');
    expect(await rowB.getByRole('listitem').allInnerTexts()).toEqual([GROUP_B]);
    await expectAccessible('effective-groups');
  });

  it('signs out and is sent back to sign-in for admin pages', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in to Parapet').waitFor();
    await page.goto(`${base}/admin/users`);
    await heading('Sign in to Parapet').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('lets a member see their own groups but not the administration', async () => {
    await page.getByLabel('Username').fill(MEMBER);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The administrator set the password: it was for one use, so a new one comes first.
    await heading('Choose a new password').waitFor();
    await page.getByLabel('One-time password').fill(TEST_PASSWORD);
    await page.getByLabel('New password (required)', { exact: true }).fill(MEMBER_PASSWORD);
    await page.getByLabel('New password again').fill(MEMBER_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await heading('Administrators only').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // Not on any product's security team: no report inbox or dashboard either (GET /api/session abilities).
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Home']);
    await nav.getByRole('link', { name: 'Home' }).click();
    await heading(`Welcome, ${MEMBER}`).waitFor();
    const rowA = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: GROUP_A, exact: true }) });
    await rowA.waitFor();
    expect(await rowA.getByRole('listitem').allInnerTexts()).toEqual([GROUP_B, GROUP_A]);
    await expectAccessible('member-home');
  });

  it('never violated the Content-Security-Policy and raised no script errors', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
