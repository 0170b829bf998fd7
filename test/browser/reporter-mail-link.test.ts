// Browser test in Chromium: an anonymous reporter follows a status mail that is not the first one (a comment
// from the team) in a fresh browser (no cookie, no stored link) and sees the report; once every link is
// revoked, the same mailed link no longer opens it. axe finds no violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { heading, startHarness, type Harness } from './harness.ts';

const TITLE = 'Session fixation on the mobile login';
const COMMENT = 'We reproduced it; a fix is on its way.';

describe('web UI: the link in a later status mail opens the report in a fresh browser', () => {
  const clock = new ManualClock(new Date('2026-03-03T09:00:00Z'));
  let h: Harness;
  let report: { id: number; trackingId: string };
  let mailedLink = '';

  beforeAll(async () => {
    h = await startHarness('reporter-mail-link', clock);
    const system = systemSession('test');
    const product = await h.services.products.create(system, { name: 'Mobile App' });
    const res = await fetch(`${h.base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: TITLE,
        description: 'The session id survives the login.',
        productId: product.row.id,
        contactName: 'Rita',
        contactEmail: 'rita@example.net',
      }),
    });
    expect(res.status).toBe(201);
    report = (await res.json()) as { id: number; trackingId: string };
    await h.mails();
    await h.services.reports.triage.acknowledge(system, report.id);
    await h.services.reports.conversation.comment(system, report.id, { body: COMMENT });
    const update = (await h.mails()).find((m) => m.subject === `Update on your report ${report.trackingId}`);
    expect(update?.text).toContain(COMMENT);
    const m = new RegExp(`${h.base}/reporter/${report.id}#link=[A-Za-z0-9_-]+`).exec(update?.text ?? '');
    expect(m, update?.text).not.toBeNull();
    mailedLink = m![0];
  });

  afterAll(async () => {
    await h?.close();
  });

  it('opens the report from the update mail in a fresh browser', async () => {
    const page = await h.newPage();
    await page.goto(mailedLink);
    await heading(page, `${report.trackingId}: ${TITLE}`).waitFor();
    await page.locator('.report-timeline-entry').filter({ hasText: COMMENT }).waitFor();
    await h.expectAccessible(page, 'reporter-from-update-mail');
  });

  it('no longer opens it once every link is revoked', async () => {
    await h.services.reports.conversation.revokeLinks(systemSession('test'), report.id);
    const page = await h.newPage();
    await page.goto(mailedLink);
    await heading(page, 'This link no longer works').waitFor();
    expect(await page.locator('main').innerText()).not.toContain(COMMENT);
  });

  it('violated no Content-Security-Policy and threw no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
