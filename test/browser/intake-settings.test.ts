// Browser test in Chromium: the report intake settings page. An administrator sees field errors for bad
// values (a whole-number limit out of range, a bad line of the attachment allowlist), switches on the
// proof-of-work, and times difficulties in the browser: the Web Worker solver runs under the strict CSP and
// its solutions verify on the server's terms (node:crypto).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { readSetting } from '../../src/settings/repository.ts';
import { solutionBits } from '../../src/intake/proof-of-work.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, startHarness, submitSignIn, type Harness } from './harness.ts';

const ADMIN = 'ines-admin';

describe('web UI: report intake settings and the proof-of-work solver in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness('intake', clock);
    await h.services.users.create(systemSession('test'), { username: ADMIN, password: TEST_PASSWORD, isAdmin: true });
    page = await h.newPage();
    await page.goto(`${h.base}/sign-in`);
    await submitSignIn(page, ADMIN, TEST_PASSWORD);
    await page.waitForURL((u) => u.pathname !== '/sign-in');
  });

  afterAll(async () => {
    await h?.close();
  });

  const settings = () => readSetting(h.database.db, 'intake');
  const save = () => page.getByRole('button', { name: 'Save settings' }).click();

  /** Times a difficulty with the page's trial; returns the result element's data. */
  async function trial(difficulty: number): Promise<{ challengeId: string; nonce: string; secondsPerSolution: number; text: string }> {
    const field = page.getByLabel('Difficulty');
    await field.fill(String(difficulty));
    const button = page.getByRole('button', { name: `Time difficulty ${difficulty} in this browser` });
    await button.click();
    const result = page.getByTestId('pow-trial-result');
    await page.waitForFunction(() => document.querySelector('[data-testid="pow-trial-result"]')?.hasAttribute('data-nonce'), undefined, {
      timeout: 60_000,
    });
    const data = {
      challengeId: (await result.getAttribute('data-challenge-id')) ?? '',
      nonce: (await result.getAttribute('data-nonce')) ?? '',
      secondsPerSolution: Number(await result.getAttribute('data-seconds-per-solution')),
      text: await result.innerText(),
    };
    return data;
  }

  it('shows the settings and names bad values at their fields', async () => {
    await page.goto(`${h.base}/admin/security/intake`);
    await heading(page, 'Report intake').waitFor();
    expect(await page.getByLabel('Reports from one IP address without an account, per hour').inputValue()).toBe('10');
    expect(await page.getByLabel('Largest attachment').inputValue()).toBe('10');
    await h.expectAccessible(page, 'settings');

    const perHour = page.getByLabel('Reports from one IP address without an account, per hour');
    await perHour.fill('0');
    await save();
    expect(await fieldMessageOf(page, perHour)).toBe('must be at least 1.');
    await perHour.fill('10');

    const types = page.getByLabel('Allowed attachment types');
    await types.fill('text/plain .txt .log\nnot-a-type .x\nimage/png .png');
    await save();
    expect(await fieldMessageOf(page, types)).toBe('Line 2: "not-a-type" is not a media type such as text/plain.');
    await h.expectAccessible(page, 'field-errors');
    expect((await settings()).attachmentTypes.length).toBe(10);
  });

  it('saves a valid change: proof-of-work on, a smaller allowlist', async () => {
    await page.getByLabel('Allowed attachment types').fill('text/plain .txt .log\nimage/png .png');
    await page.getByLabel(/Ask each report for a proof-of-work/).check();
    await save();
    await page.getByRole('status').filter({ hasText: 'Saved: 2 settings changed.' }).waitFor();
    const now = await settings();
    expect(now.proofOfWork).toBe(true);
    expect(now.attachmentTypes).toEqual([
      { mediaType: 'text/plain', extensions: ['.txt', '.log'] },
      { mediaType: 'image/png', extensions: ['.png'] },
    ]);
  });

  it('solves challenges in Web Workers under the CSP; the solutions hold on the server', async () => {
    const low = await trial(12);
    expect(low.challengeId).toMatch(/^[0-9a-f]{32}$/);
    expect(solutionBits(low.challengeId, low.nonce)).toBeGreaterThanOrEqual(12);
    expect(low.text).toMatch(
      /^\d solutions in [\d.]+ s at about [\d,]+ hashes a second: a reporter with a computer like this one waits [\d.]+ s on average/,
    );
    const workers = await page.evaluate(() => navigator.hardwareConcurrency);
    // The default difficulty, measured (the figure is printed for the record).
    const d18 = await trial(18);
    expect(solutionBits(d18.challengeId, d18.nonce)).toBeGreaterThanOrEqual(18);
    expect(d18.secondsPerSolution).toBeGreaterThan(0);
    console.log(
      `proof-of-work in Chromium (${workers} hardware threads): difficulty 12 → ${low.secondsPerSolution} s, difficulty 18 → ${d18.secondsPerSolution} s per solution on average; ${d18.text}`,
    );
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  }, 120_000);
});
