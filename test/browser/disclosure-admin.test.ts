// Browser test in Chromium: "Disclosure & security.txt". An administrator signs in, generates the team key,
// is refused an expiry of 365 days, saves the settings (two languages, signing on), sees the signed preview,
// opens /.well-known/security.txt (whose signature verifies against the published key), edits the policy, and
// a visitor who is not signed in reads /disclosure-policy. axe reports no violations on the admin page and the
// policy page, and the strict Content-Security-Policy is never violated.
import * as openpgp from 'openpgp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { fieldMessageOf, heading, startHarness, submitSignIn, type Harness } from './harness.ts';

const ADMIN = 'disclosure-root';

describe('web UI: disclosure settings, team key and security.txt in Chromium', () => {
  const clock = new ManualClock(new Date());
  let h: Harness;
  let page: Page;
  let fingerprint = '';

  beforeAll(async () => {
    h = await startHarness('disclosure', clock);
    await h.services.users.create(systemSession('test'), { username: ADMIN, password: TEST_PASSWORD, isAdmin: true });
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('signs in and opens the page from the navigation', async () => {
    await page.goto(`${h.base}/admin/disclosure`);
    await heading(page, 'Sign in to Parapet').waitFor();
    await submitSignIn(page, ADMIN, TEST_PASSWORD);
    await heading(page, 'Disclosure & security.txt').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disclosure' }).waitFor();
    const preview = page.getByRole('region', { name: 'security.txt as served now' });
    await preview.getByText('Contact: mailto:security@127.0.0.1').waitFor();
    await preview.getByText(/There is no team key/).waitFor();
    await h.expectAccessible(page, 'start');
  });

  it('generates the team key and shows its fingerprint', async () => {
    const section = page.getByRole('region', { name: 'Team OpenPGP key' });
    await expect(section.getByLabel('E-mail address on the key').inputValue()).resolves.toBe('security@127.0.0.1');
    await section.getByRole('button', { name: 'Generate the key' }).click();
    const status = page.getByRole('status').filter({ hasText: /^Generated the team key / });
    await status.waitFor();
    fingerprint = ((await status.innerText()).match(/key ((?:[0-9A-F]{4} ){9}[0-9A-F]{4})\./) ?? [])[1]?.replace(/ /g, '') ?? '';
    expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);
    await page.getByRole('region', { name: 'Team OpenPGP key' }).getByText('EdDSA (Ed25519)').waitFor();
    await page
      .getByRole('region', { name: 'security.txt as served now' })
      .getByText(/^Encryption: http:\/\/127\.0\.0\.1:\d+\/\.well-known\/pgp-key\.txt$/m)
      .waitFor();
  });

  it('refuses an expiry of 365 days at the field, then saves the settings; the preview is signed', async () => {
    const form = page.getByRole('region', { name: 'Contact and security.txt' });
    await form.getByLabel('Preferred languages').fill('en, DE');
    await form.getByLabel('security.txt expires after').fill('365');
    await form.getByLabel('Sign security.txt with the team key').check();
    await form.getByRole('button', { name: 'Save settings' }).click();
    expect(await fieldMessageOf(page, form.getByLabel('security.txt expires after'))).toBe('must be at most 364.');
    await h.expectAccessible(page, 'settings-error');

    await form.getByLabel('security.txt expires after').fill('90');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved: 3 settings changed.' }).waitFor();
    expect(await form.getByLabel('Preferred languages').inputValue()).toBe('en, de');
    const preview = page.getByRole('region', { name: 'security.txt as served now' });
    await preview.getByText(/-----BEGIN PGP SIGNED MESSAGE-----/).waitFor();
    await preview.getByText(/Preferred-Languages: en, de/).waitFor();
    await h.expectAccessible(page, 'saved');
  });

  it('serves /.well-known/security.txt signed, verifiable against /.well-known/pgp-key.txt', async () => {
    const visitor = await h.newPage();
    const response = await visitor.goto(`${h.base}/.well-known/security.txt`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/plain; charset=utf-8');
    const text = await response!.text();
    expect(text).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\n/);
    expect(text).toContain('Preferred-Languages: en, de');
    const expires = new Date(/^Expires: (\S+)$/m.exec(text)?.[1] ?? '').getTime();
    expect(expires).toBeGreaterThan(clock.now().getTime());
    expect(expires).toBeLessThanOrEqual(clock.now().getTime() + 90 * 86_400_000);

    const keyText = await (await visitor.goto(`${h.base}/.well-known/pgp-key.txt`))!.text();
    const key = (await openpgp.readKey({ armoredKey: keyText })).toPublic();
    expect(key.getFingerprint().toUpperCase()).toBe(fingerprint);
    const verified = await openpgp.verify({
      message: await openpgp.readCleartextMessage({ cleartextMessage: text }),
      verificationKeys: key,
      date: clock.now(),
      expectSigned: true,
    });
    expect(verified.data).toContain(`Canonical: ${h.base}/.well-known/security.txt`);
  });

  it('edits the policy; a visitor reads it at /disclosure-policy with the key fingerprint', async () => {
    const editor = page.getByRole('region', { name: 'Disclosure policy' });
    const text = editor.getByLabel('Policy text (Markdown)');
    expect(await text.inputValue()).toContain('**90 days**');
    await text.fill(`${await text.inputValue()}\n## Scope\n\nAll products listed on this site.\n`);
    await editor.getByRole('button', { name: 'Save policy' }).click();
    await editor.getByRole('status').filter({ hasText: 'Saved the disclosure policy.' }).waitFor();
    await editor.getByRole('button', { name: 'Use the default text' }).waitFor();

    const visitor = await h.newPage();
    await visitor.goto(`${h.base}/disclosure-policy`);
    await heading(visitor, 'Vulnerability disclosure policy').waitFor();
    await visitor.getByRole('heading', { level: 2, name: 'Safe harbour' }).waitFor();
    await visitor.getByRole('heading', { level: 2, name: 'Scope' }).waitFor();
    await visitor.getByText(fingerprint.replace(/(.{4})(?!$)/g, '$1 ')).waitFor();
    expect(await visitor.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await h.expectAccessible(visitor, 'policy');
  });

  it('removes the key after confirmation; security.txt then names none', async () => {
    const section = page.getByRole('region', { name: 'Team OpenPGP key' });
    await section.getByRole('button', { name: 'Remove the key' }).click();
    await section.getByRole('button', { name: 'Yes, remove the key' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed the team key.' }).waitFor();
    await section.getByText(/There is no team key yet/).waitFor();
    const preview = page.getByRole('region', { name: 'security.txt as served now' });
    await preview.getByText('Signing is on, but without a team key the file is served unsigned.').waitFor();
    expect(await preview.getByText(/^Encryption:/m).count()).toBe(0);
    await h.expectAccessible(page, 'key-removed');
  });

  it('never violated the Content-Security-Policy and threw no script errors', () => {
    expect(h.cspViolations).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
