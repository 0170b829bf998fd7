// Browser test in Chromium (issue 10, item 22): the report form says the installation's attachment limits
// before anything is sent (read from the server, here 3 files of at most 2 KiB), marks each chosen file the
// server would refuse and does not send the report while one is chosen; a .json file (which Chromium declares as
// application/json) is attached. The security team's report page shows image attachments inline (PNG, never
// SVG) from the sandboxed preview. axe reports no violations, and the CSP is never violated.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { DEFAULT_ATTACHMENT_TYPES } from '../../src/intake/intake-settings.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { PNG } from '../helpers/images.ts';
import { heading, startHarness, submitSignIn, type Harness } from './harness.ts';

const system = systemSession('test');
const MEMBER = 'pia-previewer';

describe('web UI: attachment limits and image previews in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;
  let productId = 0;

  beforeAll(async () => {
    h = await startHarness('attachments', clock);
    const product = await h.services.products.create(system, { name: 'Preview Product' });
    productId = product.row.id;
    const member = await h.services.users.create(system, { username: MEMBER, password: TEST_PASSWORD });
    await h.services.groups.addUser(system, product.row.team_group_id, member.id);
    await h.database.db.transaction((tx) =>
      changeSetting(system, tx, clock.now(), 'intake', {
        maxAttachments: 3,
        maxAttachmentBytes: 2048,
        attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES, { mediaType: 'image/svg+xml', extensions: ['.svg'] }],
      }),
    );
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  const fileList = () => page.getByRole('list', { name: 'Files to attach' });

  it('shows the limits before sending, marks files that would be refused, and sends a .json file', async () => {
    await page.goto(`${h.base}/report`);
    await heading(page, 'Report a vulnerability').waitFor();
    await page
      .getByText('Up to 3 files, at most 2.0 KiB each, ending in .txt, .log, .md, .patch, .diff, .csv, .json, .pdf, .png')
      .waitFor();
    expect(await page.getByLabel('Attachments').getAttribute('accept')).toContain('.json');

    await page.getByLabel('Attachments').setInputFiles([
      { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
      { name: 'huge.log', mimeType: 'text/plain', buffer: Buffer.alloc(4096, 0x61) },
    ]);
    await fileList().getByRole('listitem').filter({ hasText: 'Will not be accepted: “setup.exe” cannot be attached' }).waitFor();
    await fileList()
      .getByRole('listitem')
      .filter({ hasText: 'Will not be accepted: “huge.log” is larger than 2.0 KiB (4.0 KiB).' })
      .waitFor();
    await h.expectAccessible(page, 'limits');

    await page.getByLabel('Title').fill('Token leak in the export');
    await page.getByLabel('Product (required)').selectOption({ label: 'Preview Product' });
    await page.getByLabel('Description (required)').fill('The export includes API tokens.');
    await page.getByLabel('E-mail address').fill('rita@example.net');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.locator('.field-error').filter({ hasText: '“setup.exe” cannot be attached' }).first().waitFor();
    expect((await h.services.reports.query.list(system, {}, { sort: 'newest', limit: 10, offset: 0 })).total).toBe(0);

    for (const name of ['setup.exe', 'huge.log']) await page.getByRole('button', { name: `Remove ${name}` }).click();
    await page
      .getByLabel('Attachments')
      .setInputFiles({ name: 'tokens.json', mimeType: 'application/json', buffer: Buffer.from('{"token": "abc"}') });
    await fileList().getByRole('listitem').filter({ hasText: 'tokens.json' }).waitFor();
    expect(await fileList().getByText('Will not be accepted').count()).toBe(0);
    await page.getByRole('button', { name: 'Send report' }).click();
    await heading(page, 'Report received').waitFor();
    await page.getByText('tokens.json: attached.').waitFor();
    expect(h.cspViolations).toEqual([]);
  });

  it('shows image attachments to the team, never SVG', async () => {
    const res = await fetch(`${h.base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Screenshot of the leak',
        description: 'See the screenshot.',
        productId,
        contactEmail: 'rita@example.net',
      }),
    });
    const { id, reporterLink } = (await res.json()) as { id: number; reporterLink: string };
    const token = new URL(reporterLink).hash.replace(/^#link=/, '');
    for (const [filename, body] of [
      ['shot.png', PNG],
      ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ] as const) {
      const up = await fetch(`${h.base}/api/reports/${id}/attachments?filename=${filename}`, {
        method: 'POST',
        headers: { 'x-report-link': token },
        body,
      });
      expect(up.status, await up.clone().text()).toBe(201);
    }

    const team = await h.newPage();
    await team.goto(`${h.base}/reports/${id}`);
    await heading(team, 'Sign in to Parapet').waitFor();
    await submitSignIn(team, MEMBER, TEST_PASSWORD);
    const preview = team.getByRole('img', { name: 'Preview of shot.png' });
    await preview.waitFor();
    await preview.scrollIntoViewIfNeeded(); // previews load lazily
    await team.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.attachment-preview');
      return img !== null && img.complete && img.naturalWidth === 1;
    });
    await team.getByRole('link', { name: 'logo.svg' }).waitFor();
    expect(await team.getByRole('img', { name: 'Preview of logo.svg' }).count()).toBe(0);
    await h.expectAccessible(team, 'preview');
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
