// Administrators and user accounts: a password an administrator sets must be changed at the first sign-in; an
// account can be created by invitation (a single-use, expiring link, stored hashed, to choose the password); an
// administrator can send a password-reset link; GET /api/session says what the user may use (the UI shows only
// that); an IP block tells when it ends (Retry-After) and administrators can list and lift blocks (audited).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { createProduct, memberOf } from '../helpers/reports.ts';
import {
  HOUR,
  ORIGIN,
  TEST_PASSWORD,
  WRONG,
  actorFrom,
  createUser,
  linkToken,
  openTestApp,
  setSettings,
  sha256,
  signInRaw,
  tableText,
} from './support.ts';
import { INSTALLATION_ACTIONS } from '../../src/domain/installation/policy.ts';

const CHOSEN = 'Violet harbour kettle 2291';

describe(`user administration (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await openTestApp();
    await createUser(t, 'ua-admin', { isAdmin: true });
  });
  // A fresh administrator session for every test (some tests move the clock past the idle limit).
  beforeEach(async () => {
    admin = await t.signIn('ua-admin');
  });
  afterAll(async () => t?.close());

  async function newMails() {
    const fresh = (await t.mails()).filter((m) => !seen.has(m.messageId ?? ''));
    for (const m of fresh) seen.add(m.messageId ?? '');
    return fresh;
  }
  const invitationToken = (text: string) => {
    const m = new RegExp(`${ORIGIN.replace(/[.]/g, '\\.')}/accept-invitation#token=([A-Za-z0-9_-]+)`).exec(text);
    if (!m) throw new Error(`no invitation link in: ${text}`);
    return m[1]!;
  };
  const accept = (token: string, newPassword = CHOSEN) =>
    t.request(anonymous, { method: 'POST', url: '/api/invitations/accept', payload: { token, newPassword } });

  it('a password set by an administrator is for one use: the first sign-in must change it', async () => {
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'ua-onetime', password: 'Amber cobble 4471 tide' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ security: { mustChangePassword: true, passwordSet: true } });
    const first = await signInRaw(t, 'ua-onetime', 'Amber cobble 4471 tide', { ip: '10.90.0.1' });
    expect(first.json()).toMatchObject({ next: 'change_password' });
    expectError(await t.request(actorFrom(first, 'ua-onetime', '10.90.0.1'), { url: '/api/reports' }), 403, 'password_change_required');
  });

  it('invitation: no password yet, a mailed single-use link (stored hashed) to choose one, valid seven days', async () => {
    await newMails();
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'ua-invited', email: 'invited@example.org', displayName: 'Ivy' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ username: 'ua-invited', security: { passwordSet: false, mustChangePassword: false } });
    const id = res.json<{ id: number }>().id;
    // Nobody can sign in to it meanwhile (there is no password to guess).
    expectError(await signInRaw(t, 'ua-invited', '', { ip: '10.91.0.1' }), 400, 'validation');
    expectError(await signInRaw(t, 'ua-invited', TEST_PASSWORD, { ip: '10.91.0.1' }), 401, 'sign_in_failed');

    const mails = await newMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/choose a password/);
    const token = invitationToken(mails[0]!.text ?? '');
    expect(await tableText(t, 'email_tokens')).not.toContain(token);
    expect(await tableText(t, 'email_tokens')).toContain(sha256(token));

    const check = await t.request(anonymous, { method: 'POST', url: '/api/invitations/check', payload: { token } });
    expect(check.json()).toEqual({ username: 'ua-invited' });
    const weak = expectError(await accept(token, 'password1234'), 400, 'validation');
    expect(weak.error.fields.map((f) => f.field)).toContain('newPassword');
    expect((await accept(token)).statusCode).toBe(200);
    expectError(await accept(token, 'Another fresh passphrase 1234'), 400, 'validation');
    const signedIn = await signInRaw(t, 'ua-invited', CHOSEN, { ip: '10.91.0.2' });
    expect(signedIn.json()).toMatchObject({ next: 'done', user: { username: 'ua-invited' } });
    const row = await t.database.db.query<{ verified: boolean }>(
      sql`SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = ${id}`,
    );
    expect(row).toEqual([{ verified: true }]);
    const actions = await t.database.db.query<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE target_id = ${String(id)} AND action LIKE 'user.%' ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.invitation_sent', 'user.invitation_accepted']);
    // The invitation cannot be sent again once a password is chosen.
    expectError(await t.request(admin, { method: 'POST', url: `/api/users/${id}/invitation` }), 409, 'conflict');
  });

  it('an invitation needs an address; a resent invitation replaces the old link; links expire after seven days', async () => {
    const none = expectError(
      await t.request(admin, { method: 'POST', url: '/api/users', payload: { username: 'ua-nomail' } }),
      400,
      'validation',
    );
    expect(none.error.fields.map((f) => f.field)).toEqual(['email']);
    await newMails();
    const res = await t.request(admin, { method: 'POST', url: '/api/users', payload: { username: 'ua-late', email: 'late@example.org' } });
    const id = res.json<{ id: number }>().id;
    const first = invitationToken((await newMails())[0]!.text ?? '');
    expect((await t.request(admin, { method: 'POST', url: `/api/users/${id}/invitation` })).statusCode).toBe(200);
    const second = invitationToken((await newMails())[0]!.text ?? '');
    expectError(await accept(first), 400, 'validation');
    t.clock.advance(7 * 24 * HOUR);
    expectError(await accept(second), 400, 'validation');
    expectError(
      await t.request(anonymous, { method: 'POST', url: '/api/invitations/check', payload: { token: second } }),
      400,
      'validation',
    );
  });

  it('an administrator sends a password-reset link; only administrators may', async () => {
    const id = await createUser(t, 'ua-forgetful', { email: 'forgetful@example.org' });
    const user = await t.signIn('ua-forgetful', TEST_PASSWORD, { ip: '10.92.0.1' });
    expectError(await t.request(user, { method: 'POST', url: `/api/users/${id}/password-reset` }), 403, 'staff_only');
    await newMails();
    expect((await t.request(admin, { method: 'POST', url: `/api/users/${id}/password-reset` })).statusCode).toBe(200);
    const mails = await newMails();
    expect(mails.map((m) => m.subject)).toEqual(['Choose a new Parapet password']);
    expect(mails[0]!.text).toMatch(/An administrator of Parapet sent you this link/);
    const token = linkToken(mails[0]!.text ?? '', '/reset-password');
    const done = await t.request(anonymous, {
      method: 'POST',
      url: '/api/password-reset/complete',
      payload: { token, newPassword: CHOSEN },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await signInRaw(t, 'ua-forgetful', CHOSEN, { ip: '10.92.0.2' })).statusCode).toBe(200);
    const events = await t.database.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'password.reset_link_sent' AND target_id = ${String(id)}`,
    );
    expect(events[0]!.n).toBe(1);
    const noAddress = await createUser(t, 'ua-noaddress');
    expectError(await t.request(admin, { method: 'POST', url: `/api/users/${noAddress}/password-reset` }), 409, 'conflict');
  });

  it('GET /api/session says what the user may use: reporters nothing of the staff’s, team members triage, administrators all', async () => {
    const reporter = await t.actor('ua-reporter');
    const product = await createProduct(t, 'UA Widget');
    const member = await memberOf(t, 'ua-member', product.teamGroupId);
    const abilities = async (a: Actor) =>
      (await t.request(a, { url: '/api/session' })).json<{ user: { abilities: unknown } }>().user.abilities;
    const all = (value: boolean) => Object.fromEntries(INSTALLATION_ACTIONS.map((a) => [a, value]));
    expect(await abilities(reporter)).toEqual(all(false));
    expect(await abilities(member)).toEqual({ ...all(false), triage: true, useCannedResponses: true });
    expect(await abilities(admin)).toEqual(all(true));
    // The sign-in answer carries them too.
    const res = await signInRaw(t, 'ua-member', TEST_PASSWORD, { ip: '10.93.0.1' });
    expect(res.json()).toMatchObject({ user: { abilities: { administer: false, triage: true } } });
  });

  describe('IP blocks', () => {
    const ip = '198.51.100.99';
    const block = async () => {
      for (let i = 1; i <= 30; i++) expectError(await signInRaw(t, `ghost-${i}`, WRONG, { ip }), 401, 'sign_in_failed');
    };

    it('a blocked IP is told when the block ends (Retry-After and the time in the message)', async () => {
      await block();
      const res = await signInRaw(t, 'ua-admin', TEST_PASSWORD, { ip });
      const body = expectError(res, 429, 'rate_limited');
      expect(res.headers['retry-after']).toBe(String(15 * 60));
      const until = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
      expect(body.error.message).toContain(`Try again after ${until} UTC (in 15 minutes)`);
      expect(body.error.details).toMatchObject({ reason: 'ip_blocked', ip, retryAfterSeconds: 900 });
      t.clock.advance(5 * 60_000);
      expect((await signInRaw(t, 'ua-admin', TEST_PASSWORD, { ip })).headers['retry-after']).toBe(String(10 * 60));
    });

    it('administrators list the blocks and lift one (audited); the IP signs in again at once', async () => {
      const user = await t.actor('ua-plain');
      expectError(await t.request(user, { url: '/api/admin/ip-blocks' }), 403, 'staff_only');
      expectError(await t.request(user, { method: 'DELETE', url: `/api/admin/ip-blocks/${ip}` }), 403, 'staff_only');
      const list = await t.request(admin, { url: '/api/admin/ip-blocks' });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json<{ items: { ip: string }[] }>().items.map((b) => b.ip)).toContain(ip);

      expectError(await t.request(admin, { method: 'DELETE', url: '/api/admin/ip-blocks/not-an-ip' }), 400, 'validation');
      expectError(await t.request(admin, { method: 'DELETE', url: '/api/admin/ip-blocks/192.0.2.250' }), 404, 'not_found');
      const lift = await t.request(admin, { method: 'DELETE', url: `/api/admin/ip-blocks/${ip}` });
      expect(lift.statusCode, lift.body).toBe(200);
      expect((await signInRaw(t, 'ua-admin', TEST_PASSWORD, { ip })).statusCode).toBe(200);
      // Its failures were forgotten too: one more failure does not block it again.
      expectError(await signInRaw(t, 'ghost-x', WRONG, { ip }), 401, 'sign_in_failed');
      const events = await t.database.db.query<{ actor_name: string; before: { blockedUntil: string } }>(
        sql`SELECT actor_name, before FROM audit_events WHERE action = 'ip.unblocked' AND target_id = ${ip}`,
      );
      expect(events).toHaveLength(1);
      expect(events[0]!.actor_name).toBe('ua-admin');
      expect(
        (await t.request(admin, { url: '/api/admin/ip-blocks' })).json<{ items: { ip: string }[] }>().items.map((b) => b.ip),
      ).not.toContain(ip);
    });

    it('lifting also clears the block this process remembers (no stale refusal)', async () => {
      await setSettings(t, { ipFailureLimit: 5 });
      try {
        const other = '198.51.100.98';
        for (let i = 0; i < 5; i++) await signInRaw(t, `g-${i}`, WRONG, { ip: other });
        expectError(await signInRaw(t, 'ua-admin', TEST_PASSWORD, { ip: other }), 429, 'rate_limited');
        expect((await t.request(admin, { method: 'DELETE', url: `/api/admin/ip-blocks/${other}` })).statusCode).toBe(200);
        expect((await signInRaw(t, 'ua-admin', TEST_PASSWORD, { ip: other })).statusCode).toBe(200);
      } finally {
        await setSettings(t, { ipFailureLimit: 30 });
      }
    });
  });
});
