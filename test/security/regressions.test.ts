// Regression tests for rules of issue 3 that once failed: re-enrolling an authenticator must not switch the
// second factor off, MFA enrolment is announced by the sign-in answer itself, the first queued mail does not
// hang a fresh app on PGlite, and the HTTPS redirect never follows the Host header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.ts';
import { parseCidrList } from '../../src/http/client-ip.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import {
  TEST_PASSWORD,
  WRONG,
  actorFrom,
  createUser,
  enrolTotp,
  lockedAt,
  openTestApp,
  setSettings,
  setSignInPolicy,
  signInRaw,
} from './support.ts';

describe(`regressions (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  it('with MFA required for staff, the sign-in answer itself says next: enrol_second_factor', async () => {
    const id = await createUser(t, 'pending-staff');
    await setSignInPolicy(t, id, { staffConsole: true });
    await setSettings(t, { requireMfaForStaff: true });
    try {
      const res = await signInRaw(t, 'pending-staff', TEST_PASSWORD, { ip: '10.92.0.1' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ next: 'enrol_second_factor' });
    } finally {
      await setSettings(t, { requireMfaForStaff: false });
    }
  });

  it('starting a new authenticator set-up does not turn the current second factor off', async () => {
    await createUser(t, 'pending-reenrol');
    const owner = await t.signIn('pending-reenrol', TEST_PASSWORD, { ip: '10.93.0.1' });
    const { secret } = await enrolTotp(t, owner);
    const begin = await t.request(owner, { method: 'POST', url: '/api/me/mfa/totp' });
    expect(begin.statusCode, begin.body).toBe(200);
    // Until the new authenticator is confirmed, the old one still guards the account.
    expect((await t.request(owner, { url: '/api/me/mfa' })).json()).toMatchObject({ enabled: true });
    const again = await signInRaw(t, 'pending-reenrol', TEST_PASSWORD, { ip: '10.93.0.2' });
    expect(again.json()).toMatchObject({ next: 'second_factor', user: null });
    const pending = actorFrom(again, 'pending-reenrol', '10.93.0.2');
    const done = await t.request(pending, {
      method: 'POST',
      url: '/api/session/second-factor',
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(done.statusCode, done.body).toBe(200);
  });
});

describe(`regressions: HTTPS behind a trusted proxy (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp({ config: { trustProxy: parseCidrList('127.0.0.1') } });
    await setSettings(t, { requireHttps: true });
  });
  afterAll(async () => t?.close());

  it('redirects to the public URL’s host, never to a host named by the request (no open redirect)', async () => {
    const res = await t.app.inject({ url: '/reports/7', headers: { accept: 'text/html', host: 'evil.example' } });
    expect(res.statusCode).toBe(301);
    expect(new URL(String(res.headers.location)).host).toBe('127.0.0.1:8080');
  });
});

describe(`pending: the first mail job queued inside a transaction (${backendName})`, () => {
  let t: TestApp;
  let finished = false;

  beforeAll(async () => {
    t = await createTestApp(); // the job queue is opened lazily, on first use
  });
  afterAll(async () => {
    // On PGlite the stuck transaction never ends, so closing would wait for ever too.
    if (finished) await t?.close();
  });

  it('locking an account (which queues the lock mail) answers, on a fresh app', { timeout: 20_000 }, async () => {
    const id = await createUser(t, 'first-mail', { email: 'first-mail@example.org' });
    for (let i = 0; i < 10; i++) expectError(await signInRaw(t, 'first-mail', WRONG, { ip: '10.94.0.1' }), 401, 'sign_in_failed');
    expect(await lockedAt(t, id)).not.toBeNull();
    const mails = await t.mails();
    expect(mails.map((m) => m.subject)).toContain('Your Parapet account has been locked');
    finished = true;
  });
});
