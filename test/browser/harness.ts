// Shared set-up of the browser tests: a real Parapet server on a free loopback port (a fresh database, the
// built web UI, mail written to a temporary outbox folder), Debian's Chromium driven by playwright-core,
// and the checks every page gets: axe-core reports no violations, and the strict Content-Security-Policy is
// never violated. Screenshots go to test-results/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Clock } from '../../src/clock.ts';
import { buildApp, WEB_DIST } from '../../src/http/app.ts';
import { outboxTransport } from '../../src/mail/transport.ts';
import { createServices, type Services } from '../../src/services.ts';
import { TEST_CONFIG } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ROOT } from '../helpers/paths.ts';
import { systemSession } from '../../src/access/system.ts';
import { startInboxWorker, type InboxWorker } from '../../src/domain/reports/inbox-worker.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = path.join(ROOT, 'test-results');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

export interface Harness {
  base: string;
  services: Services;
  database: TestDatabase;
  /** Every Content-Security-Policy violation any page reported. */
  cspViolations: string[];
  /** Uncaught script errors of any page. */
  pageErrors: string[];
  /** A new browser context (a fresh profile: no cookies, no storage) with one instrumented page. */
  newPage(): Promise<Page>;
  /** Runs the pending mail jobs, then returns every mail in the outbox, oldest first (full, unredacted text). */
  mails(): Promise<ParsedMail[]>;
  /** axe-core finds no violations on the page as it is now; a screenshot is saved as `<prefix>-<name>.png`. */
  expectAccessible(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(prefix: string, clock: Clock): Promise<Harness> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web UI is not built (${WEB_DIST}/index.html is missing). Run \`npm run build:web\` first; \`npm test\` does.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing. Install Debian's Chromium: apt-get update && apt-get install -y chromium`);
  }
  await mkdir(SHOTS, { recursive: true });

  const database = await createTestDatabase();
  const outboxDir = await mkdtemp(path.join(os.tmpdir(), 'parapet-browser-outbox-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const services = createServices({
    db: database.db,
    clock,
    mail: { transport: outboxTransport(outboxDir), publicUrl: new URL(base), outboxDir },
  });
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  // As `parapet start` does: submissions left for later (several at once) are built in the background.
  let inboxWorker: InboxWorker | undefined;
  const builder = systemSession('test-inbox');
  const close = async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await inboxWorker?.stop();
    await services.deps.jobs.stop();
    await database.close();
    await rm(outboxDir, { recursive: true, force: true });
  };

  try {
    // Open the job queue before the first request. Opened lazily, its first use happens inside the
    // transaction that enqueues a mail, and on PGlite (one connection) that waits for itself forever.
    await services.deps.jobs.runPending();
    app = await buildApp({ ...TEST_CONFIG, publicUrl: new URL(base) }, services, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    inboxWorker = startInboxWorker(builder, services.reports.intake, { error() {}, info() {} }, { pollMs: 200 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    await close();
    throw err;
  }

  return {
    base,
    services,
    database,
    cspViolations,
    pageErrors,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
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
      return page;
    },
    async mails() {
      while (await services.reports.intake.buildNext(builder));
      await services.deps.jobs.runPending();
      const names = (await readdir(outboxDir)).filter((n) => n.endsWith('.eml')).sort();
      return Promise.all(names.map(async (n) => await simpleParser(await readFile(path.join(outboxDir, n)))));
    },
    async expectAccessible(page, name) {
      const results = await new AxeBuilder({ page }).analyze();
      const report = results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
      );
      expect(report, `axe violations on "${name}"`).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `${prefix}-${name}.png`), fullPage: true });
    },
    close,
  };
}

/** The page's one h1, by its exact text. */
export const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** The role (or tag) of the element that has focus. */
export const focusedRole = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName ?? '');

/** Waits for the input to be marked invalid; returns its field messages (the element aria-describedby names last). */
export async function fieldMessageOf(page: Page, input: ReturnType<Page['getByLabel']>): Promise<string> {
  await input.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  return page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText();
}

/** Fills the sign-in form and submits it. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The path of the page's address. */
export const pathOf = (page: Page) => new URL(page.url()).pathname;
