// Mail settings (SMTP_URL, PARAPET_MAIL_FROM) and the refusal to serve plain HTTP on a non-loopback address.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertTransportSecurity } from '../../src/cli/start.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { STACK_LINE, runCli } from './support.ts';

describe('mail and transport configuration', () => {
  it('reads SMTP_URL and PARAPET_MAIL_FROM (unset: mail comes from the contact address, see test/api/mail-sender.test.ts)', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({}).mailFrom).toBeUndefined();
    expect(loadConfig({ PARAPET_PUBLIC_URL: 'https://security.example.com' }).mailFrom).toBeUndefined();
    const c = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', PARAPET_MAIL_FROM: 'Security Team <security@example.com>' });
    expect(c.smtpUrl).toBe('smtps://u:p@mail.example.com:465');
    expect(c.mailFrom).toBe('Security Team <security@example.com>');
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.com', /smtp:\/\//],
    ['SMTP_URL', 'not a url', /smtp:\/\//],
    ['PARAPET_MAIL_FROM', 'nobody', /security@example.com/],
    ['PARAPET_ALLOW_INSECURE_HTTP', 'maybe', /true or false/],
  ])('refuses %s=%s naming the accepted form', (variable, value, form) => {
    try {
      loadConfig({ [variable]: value });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([{ variable, message: expect.stringMatching(form) }]);
    }
  });

  it('refuses plain HTTP on a non-loopback address unless TLS ends at a proxy or the operator insists', () => {
    expect(() => assertTransportSecurity(loadConfig({}))).not.toThrow();
    expect(() => assertTransportSecurity(loadConfig({ HOST: '::1' }))).not.toThrow();
    expect(() => assertTransportSecurity(loadConfig({ HOST: '0.0.0.0' }))).toThrow(/PARAPET_ALLOW_INSECURE_HTTP/);
    expect(() =>
      assertTransportSecurity(loadConfig({ HOST: '0.0.0.0', PARAPET_PUBLIC_URL: 'https://security.example.com' })),
    ).not.toThrow();
    expect(() => assertTransportSecurity(loadConfig({ HOST: '0.0.0.0', PARAPET_ALLOW_INSECURE_HTTP: 'true' }))).not.toThrow();
  });

  describe('parapet start', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'parapet-insecure-'));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('exits with the reason, no stack trace, when asked to serve plain HTTP on all interfaces', async () => {
      const r = await runCli(['start'], { env: { HOST: '0.0.0.0', PORT: '0', PARAPET_DATA_DIR: dir } });
      expect(r.code).toBe(78);
      expect(r.stderr).toMatch(/HOST: 0\.0\.0\.0 is not a loopback address/);
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  });
});
