// TOTP second factor through HTTP: enrolment (160-bit base32 secret, confirmed with a code), the pending
// session after the password step that can do nothing else, a new token when the code completes the sign-in,
// ±1 step of drift, no replay, ten single-use recovery codes stored hashed, and MFA required for staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.ts';
import { sql } from '../../src/db/database.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import {
  MINUTE,
  STEP_MS,
  TEST_PASSWORD,
  actorFrom,
  createUser,
  enrolTotp,
  isSignedIn,
  openTestApp,
  setSettings,
  setSignInPolicy,
  signInRaw,
  tableText,
  tokenOf,
} from './support.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base32Bits = (s: string) => s.replace(/=+$/, '').length * 5;

describe(`second factor (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  /** Password step only: the pending actor. */
  async function passwordStep(username: string): Promise<Actor> {
    const res = await signInRaw(t, username, TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userType: 'anonymous', user: null, next: 'second_factor' });
    return actorFrom(res, username);
  }
  const secondFactor = (pending: Actor, code: string) =>
    t.request(pending, { method: 'POST', url: '/api/session/second-factor', payload: { code } });

  it('enrolment: a 160-bit base32 secret and otpauth URI, active only once confirmed with a current code', async () => {
    await createUser(t, 'mfa-enrol');
    const actor = await t.signIn('mfa-enrol');
    const begin = await t.request(actor, { method: 'POST', url: '/api/me/mfa/totp' });
    expect(begin.statusCode, begin.body).toBe(200);
    const { secret, uri } = begin.json<{ secret: string; uri: string }>();
    expect(Array.from(secret).every((c) => BASE32.includes(c))).toBe(true);
    expect(base32Bits(secret)).toBe(160);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    expect(new URL(uri).searchParams.get('issuer')).toBe('Parapet');

    // Not active yet: the password alone still signs in.
    expect((await t.request(actor, { url: '/api/me/mfa' })).json()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect((await signInRaw(t, 'mfa-enrol', TEST_PASSWORD)).json()).toMatchObject({ next: 'done' });

    const wrongCode = totpCode(secret, new Date(t.clock.now().getTime() + 5 * MINUTE));
    const refused = await t.request(actor, { method: 'POST', url: '/api/me/mfa/totp/confirm', payload: { code: wrongCode } });
    expect(expectError(refused, 400, 'validation').error.fields.map((f) => f.field)).toEqual(['code']);

    const confirm = await t.request(actor, {
      method: 'POST',
      url: '/api/me/mfa/totp/confirm',
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const codes = confirm.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await t.request(actor, { url: '/api/me/mfa' })).json()).toEqual({ enabled: true, recoveryCodesLeft: 10 });
  });

  it('after the password the session can do nothing but the second step; the code completes it under a new token', async () => {
    await createUser(t, 'mfa-pending');
    const { secret } = await enrolTotp(t, await t.signIn('mfa-pending'));
    const pending = await passwordStep('mfa-pending');

    expect((await t.request(pending, { url: '/api/session' })).json()).toMatchObject({
      userType: 'anonymous',
      user: null,
      next: 'second_factor',
    });
    for (const url of ['/api/me/sessions', '/api/me/mfa', '/api/me/tokens', '/api/users']) {
      expectError(await t.request(pending, { url }), 401, 'unauthenticated');
    }
    expectError(
      await t.request(pending, { method: 'POST', url: '/api/me/tokens', payload: { name: 'x', scopes: ['read'], expiresInDays: 1 } }),
      401,
      'unauthenticated',
    );
    expectError(
      await t.request(pending, { method: 'POST', url: '/api/session/reauthenticate', payload: { password: TEST_PASSWORD } }),
      401,
      'unauthenticated',
    );

    const done = await secondFactor(pending, totpCode(secret, t.clock.now()));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ userType: 'user', user: { username: 'mfa-pending' }, next: 'done' });
    const full = actorFrom(done, 'mfa-pending');
    expect(tokenOf(full)).not.toBe(tokenOf(pending));
    expect(done.cookies.find((c) => c.name === '__Host-parapet')).toMatchObject({
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    });
    expect(await isSignedIn(t, full)).toBe(true);
    // The pending token is gone.
    expect((await t.request(pending, { url: '/api/session' })).json()).toMatchObject({ userType: 'anonymous', next: 'done' });
    expectError(await secondFactor(pending, totpCode(secret, t.clock.now())), 401, 'unauthenticated');
  });

  it('accepts a code one step early or late, refuses two steps off', async () => {
    await createUser(t, 'mfa-drift');
    const { secret } = await enrolTotp(t, await t.signIn('mfa-drift'));
    t.clock.advance(5 * MINUTE);
    const at = (steps: number) => totpCode(secret, new Date(t.clock.now().getTime() + steps * STEP_MS));

    const first = await passwordStep('mfa-drift');
    expectError(await secondFactor(first, at(-2)), 401, 'mfa_failed');
    expectError(await secondFactor(first, at(2)), 401, 'mfa_failed');
    expect((await secondFactor(first, at(-1))).statusCode).toBe(200);

    t.clock.advance(5 * MINUTE);
    const second = await passwordStep('mfa-drift');
    expect((await secondFactor(second, at(1))).statusCode).toBe(200);
  });

  it('a used code cannot be replayed: not on the same pending session, not in the next sign-in within the step', async () => {
    await createUser(t, 'mfa-replay');
    const { secret } = await enrolTotp(t, await t.signIn('mfa-replay'));
    t.clock.advance(5 * MINUTE);
    const code = totpCode(secret, t.clock.now());
    expect((await secondFactor(await passwordStep('mfa-replay'), code)).statusCode).toBe(200);

    const again = await passwordStep('mfa-replay');
    expectError(await secondFactor(again, code), 401, 'mfa_failed');
    expectError(await secondFactor(again, code), 401, 'mfa_failed');
    // The previous step's code is older than the one used: refused too.
    expectError(await secondFactor(again, totpCode(secret, new Date(t.clock.now().getTime() - STEP_MS))), 401, 'mfa_failed');
    // The next step's code works.
    t.clock.advance(STEP_MS);
    expect((await secondFactor(again, totpCode(secret, t.clock.now()))).statusCode).toBe(200);
  });

  it('ten recovery codes, stored hashed, each working once', async () => {
    const id = await createUser(t, 'mfa-recovery');
    const owner = await t.signIn('mfa-recovery');
    const { recoveryCodes } = await enrolTotp(t, owner);
    expect(recoveryCodes).toHaveLength(10);

    const rows = await t.database.db.query<{ code_hash: string }>(sql`SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ${id}`);
    expect(rows).toHaveLength(10);
    const stored = await tableText(t, 'mfa_recovery_codes');
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
    for (const r of rows) expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);

    for (const [i, code] of recoveryCodes.entries()) {
      const res = await secondFactor(await passwordStep('mfa-recovery'), code);
      expect(res.statusCode, `code ${i}: ${res.body}`).toBe(200);
      const left = await t.request(actorFrom(res, 'mfa-recovery'), { url: '/api/me/mfa' });
      expect(left.json()).toEqual({ enabled: true, recoveryCodesLeft: 9 - i });
    }
    const reuse = await passwordStep('mfa-recovery');
    for (const code of recoveryCodes.slice(0, 3)) expectError(await secondFactor(reuse, code), 401, 'mfa_failed');
  });

  it('new recovery codes replace the old ones', async () => {
    await createUser(t, 'mfa-regen');
    const owner = await t.signIn('mfa-regen');
    const { recoveryCodes: old } = await enrolTotp(t, owner);
    const res = await t.request(owner, { method: 'POST', url: '/api/me/mfa/recovery-codes' });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    const pending = await passwordStep('mfa-regen');
    expectError(await secondFactor(pending, old[0]!), 401, 'mfa_failed');
    expect((await secondFactor(pending, fresh[0]!)).statusCode).toBe(200);
  });

  describe('MFA required for staff', () => {
    it('an administrator turns it on; staff without a second factor may then only set one up', async () => {
      const admin = await t.actor('mfa-admin', { isAdmin: true });
      const staffId = await createUser(t, 'mfa-staff');
      await setSignInPolicy(t, staffId, { staffConsole: true });
      await createUser(t, 'mfa-reporter');
      const on = await t.request(admin, { method: 'PATCH', url: '/api/admin/security-settings', payload: { requireMfaForStaff: true } });
      expect(on.statusCode, on.body).toBe(200);
      try {
        // The administrator (staff, no second factor) is now held at the set-up step too.
        expectError(await t.request(admin, { url: '/api/admin/security-settings' }), 403, 'mfa_enrollment_required');

        const staff = actorFrom(await signInRaw(t, 'mfa-staff', TEST_PASSWORD), 'mfa-staff');
        expect((await t.request(staff, { url: '/api/session' })).json()).toMatchObject({ next: 'enrol_second_factor' });
        expectError(await t.request(staff, { url: '/api/me/sessions' }), 403, 'mfa_enrollment_required');
        expectError(await t.request(staff, { url: '/api/pages' }), 403, 'mfa_enrollment_required');
        expectError(
          await t.request(staff, { method: 'POST', url: '/api/me/tokens', payload: { name: 'x', scopes: ['read'], expiresInDays: 1 } }),
          403,
          'mfa_enrollment_required',
        );

        const { secret } = await enrolTotp(t, staff);
        expect((await t.request(staff, { url: '/api/session' })).json()).toMatchObject({ next: 'done' });
        expect((await t.request(staff, { url: '/api/me/sessions' })).statusCode).toBe(200);
        const off = await t.request(staff, { method: 'DELETE', url: '/api/me/mfa' });
        expectError(off, 409, 'conflict');
        expect(secret).toMatch(/^[A-Z2-7]+$/);

        // Reporters (not staff) are not affected.
        const reporter = actorFrom(await signInRaw(t, 'mfa-reporter', TEST_PASSWORD), 'mfa-reporter');
        expect((await t.request(reporter, { url: '/api/session' })).json()).toMatchObject({ next: 'done' });
        expect((await t.request(reporter, { url: '/api/me/sessions' })).statusCode).toBe(200);
      } finally {
        await setSettings(t, { requireMfaForStaff: false });
      }
    });
  });
});
