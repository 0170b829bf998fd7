// Every payload of ../shared/conformance/xss_payloads.txt in every text field of reports (and in comments,
// reasons, version ranges, a product name), rendered in Chromium on every surface that shows them: the team
// inbox, the team's report page with its timeline, the reporter view, the dashboard and the outbox preview,
// batched many per page. The assertions are on the DOM (no script element, event-handler attribute,
// javascript: URL or srcdoc came from content; no alert ran) and on zero CSP violation events: the CSP alone
// must not be what saves it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSession, userSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { CONFORMANCE } from '../helpers/paths.ts';
import { pathOf, SHOTS, startHarness, submitSignIn, type Harness } from './harness.ts';

const PAYLOADS = readFileSync(path.join(CONFORMANCE, 'xss_payloads.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const PER_REPORT = 25;
const system = systemSession('test');

interface Seeded {
  id: number;
  token: string;
}

/** Finds anything on the page that came from content and could run script. */
async function dangerousNodes(page: Page, origin: string): Promise<string[]> {
  return page.evaluate((appOrigin) => {
    const found: string[] = [];
    for (const s of Array.from(document.querySelectorAll('script'))) {
      const src = s.getAttribute('src') ?? '';
      if (!src || !new URL(src, location.href).href.startsWith(`${appOrigin}/assets/`)) found.push(`script: ${s.outerHTML.slice(0, 120)}`);
    }
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        // eslint-disable-next-line no-control-regex -- browsers ignore C0 controls and spaces in a URL, so the check does too
        const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (name.startsWith('on')) found.push(`handler ${name} on <${el.tagName.toLowerCase()}>`);
        if (name === 'srcdoc') found.push(`srcdoc on <${el.tagName.toLowerCase()}>`);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background'].includes(name) &&
          /^(javascript|vbscript|data:text\/html)/.test(value)
        ) {
          found.push(`${name}=${attr.value.slice(0, 60)} on <${el.tagName.toLowerCase()}>`);
        }
      }
    }
    for (const tag of [
      'iframe',
      'object',
      'embed',
      'base',
      'frame',
      'frameset',
      'applet',
      'meta[http-equiv]',
      'form[action^="javascript"]',
    ]) {
      for (const el of Array.from(document.querySelectorAll(tag))) found.push(`<${tag}>: ${el.outerHTML.slice(0, 120)}`);
    }
    return found;
  }, origin);
}

describe('XSS payloads on every surface that shows report content (Chromium)', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let team: Page;
  const seeded: Seeded[] = [];
  const alerts: string[] = [];

  beforeAll(async () => {
    h = await startHarness('xss-reports', clock);
    const s = h.services;
    await s.users.create(system, { username: 'xss-admin', password: TEST_PASSWORD, isAdmin: true });
    const product = await s.products.create(system, { name: `Product <img src=x onerror=alert('product')>` });
    const architect = await s.users.create(system, { username: 'xss-architect', password: TEST_PASSWORD });
    await s.groups.addUser(system, product.row.team_group_id, architect.id);
    // Many reports from one address: lift the intake limits for the test.
    const { changeSetting } = await import('../../src/settings/update.ts');
    await s.deps.db.transaction((tx) => changeSetting(system, tx, clock.now(), 'intake', { perIpPerHour: 10_000, perIpPerDay: 10_000 }));

    for (let i = 0; i < PAYLOADS.length; i += PER_REPORT) {
      const batch = PAYLOADS.slice(i, i + PER_REPORT);
      const text = batch.join('\n\n');
      const oneLine = (p: string) => p.replace(/[\r\n]/g, ' ');
      const anonymous = anonymousSession(`198.51.100.${(i / PER_REPORT) % 250}`);
      const result = await s.reports.intake.submit(anonymous, {
        // A title is one line and may not hold invisible characters: the first payload that is accepted.
        title: oneLine(batch.find((p) => !/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u.test(p)) ?? 'x').slice(0, 300),
        description: text,
        steps: text,
        impact: text,
        affectedVersions: text.slice(0, 2000),
        component: oneLine(batch[0]!).slice(0, 200),
        contactName: oneLine(batch[1] ?? 'x').slice(0, 200),
        contactEmail: 'reporter@example.net',
        creditName: oneLine(batch[2] ?? 'x').slice(0, 200),
        productId: product.row.id,
      });
      const architectSession = userSession({ id: architect.id, username: 'xss-architect', isAdmin: false }, '127.0.0.1');
      await s.reports.conversation.comment(architectSession, result.id, { body: text });
      await s.reports.conversation.comment(architectSession, result.id, { body: text, internal: true });
      await s.reports.triage.transition(architectSession, result.id, { to: 'needs_more_info', reason: text });
      await s.reports.versions.add(architectSession, result.id, {
        productId: product.row.id,
        affected: oneLine(batch[3] ?? 'x').slice(0, 200),
        fixedIn: oneLine(batch[4] ?? 'x').slice(0, 200),
      });
      seeded.push({ id: result.id, token: result.linkToken! });
    }
    await h.mails(); // builds the receipts and updates into the outbox

    team = await h.newPage();
    await team.addInitScript(() => {
      window.alert = (m?: unknown) => {
        (window as unknown as { __alerts: string[] }).__alerts = [
          ...((window as unknown as { __alerts?: string[] }).__alerts ?? []),
          String(m),
        ];
      };
    });
    await team.goto(`${h.base}/reports`);
    await submitSignIn(team, 'xss-architect', TEST_PASSWORD);
    await team.waitForURL((u) => u.pathname === '/reports');
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  /** Waits for the page's h1; on failure a screenshot shows what the page showed instead. */
  async function ready(page: Page, name: string): Promise<void> {
    try {
      await page.getByRole('heading', { level: 1 }).waitFor();
    } catch (err) {
      await page.screenshot({ path: path.join(SHOTS, `xss-reports-failed-${name}.png`), fullPage: true });
      throw err;
    }
  }

  async function check(page: Page, what: string, showsContent: boolean): Promise<void> {
    await page.waitForLoadState('networkidle');
    expect(await dangerousNodes(page, h.base), what).toEqual([]);
    // The content is there, as text: what was sent is shown, not run.
    if (showsContent) expect(await page.evaluate(() => document.body.innerText), what).toMatch(/alert\(/);
    alerts.push(...(await page.evaluate(() => (window as unknown as { __alerts?: string[] }).__alerts ?? [])));
  }

  it('the detector finds what it looks for (checked on a scratch page)', async () => {
    const scratch = await h.newPage();
    await scratch.goto(`${h.base}/disclosure-policy`);
    await scratch.evaluate(() => {
      const box = document.createElement('div');
      box.innerHTML = '<img src="x" onerror="1"><a href="javascript:1">a</a><iframe srcdoc="x"></iframe>';
      document.body.append(box, Object.assign(document.createElement('script'), { text: '1' }));
    });
    const found = await dangerousNodes(scratch, h.base);
    expect(found.some((f) => f.startsWith('handler onerror'))).toBe(true);
    expect(found.some((f) => f.startsWith('href=javascript'))).toBe(true);
    expect(found.some((f) => f.startsWith('srcdoc'))).toBe(true);
    expect(found.some((f) => f.startsWith('script:'))).toBe(true);
    await scratch.close();
    h.cspViolations.length = 0; // the scratch page's own injected nodes may have been blocked by the CSP
  });

  it('the team inbox lists every report title', async () => {
    await team.goto(`${h.base}/reports?limit=200`);
    await team.getByRole('table').waitFor();
    await check(team, 'inbox', true);
    expect(seeded.length).toBe(Math.ceil(PAYLOADS.length / PER_REPORT));
  });

  it('the team view of every report, with its timeline, internal notes and versions', async () => {
    for (const r of seeded) {
      await team.goto(`${h.base}/reports/${r.id}`);
      await ready(team, `team-${r.id}`);
      await check(team, `team view of ${r.id}`, true);
    }
  }, 600_000);

  it('the reporter view of every report, through its secret link', async () => {
    const reporter = await h.newPage();
    for (const r of seeded) {
      await reporter.goto(`${h.base}/reporter/${r.id}#link=${r.token}`);
      await ready(reporter, `reporter-${r.id}`);
      expect(pathOf(reporter)).toBe(`/reporter/${r.id}`);
      await check(reporter, `reporter view of ${r.id}`, true);
    }
  }, 600_000);

  it('the dashboard', async () => {
    await team.goto(`${h.base}/dashboard`);
    await ready(team, 'dashboard');
    await check(team, 'dashboard', false);
  });

  it('the outbox preview of the mails (administrators)', async () => {
    const admin = await h.newPage();
    await admin.goto(`${h.base}/admin/security/outbox`);
    await ready(admin, 'outbox-sign-in');
    await submitSignIn(admin, 'xss-admin', TEST_PASSWORD);
    await admin.waitForURL((u) => u.pathname === '/admin/security/outbox');
    await ready(admin, 'outbox');
    // The list comes from a fetch that starts only once the page's code has loaded: wait for it, not for a
    // quiet network (which can come between the two).
    await admin.getByRole('list', { name: 'Mail in the outbox, newest first' }).waitFor();
    await check(admin, 'outbox', true);
  });

  it('ran no alert and caused no CSP violation', () => {
    expect(alerts).toEqual([]);
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
