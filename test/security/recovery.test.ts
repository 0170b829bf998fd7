// Password reset and e-mail verification through HTTP and the mail outbox: the same answer whether or not the
// account exists, single-use links valid for one hour, tokens stored only hashed (not in email_tokens, not in
// the job queue's tables), the second factor asked for when one is set, and every session ended by a reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.ts';
import { raw, sql } from '../../src/db/database.ts';
import { anonymous, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { HOUR, MINUTE, TEST_PASSWORD, createUser, enrolTotp, isSignedIn, linkToken, openTestApp, sha256, signInRaw } from './support.ts';

const NEW_PASSWORD = 'Quiet lantern orchard 5830';

describe(`password reset and e-mail verification (${backendName})`, () => {
  let t: TestApp;
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  /** Mails written since the last call (outbox files written at the same clock time sort in any order). */
  async function newMails() {
    const fresh = (await t.mails()).filter((m) => !seen.has(m.messageId ?? ''));
    for (const m of fresh) seen.add(m.messageId ?? '');
    return fresh;
  }
  const requestReset = (login: string) => t.request(anonymous, { method: 'POST', url: '/api/password-reset', payload: { login } });
  const complete = (token: string, newPassword = NEW_PASSWORD, code?: string) =>
    t.request(anonymous, {
      method: 'POST',
      url: '/api/password-reset/complete',
      payload: { token, newPassword, ...(code ? { code } : {}) },
    });
  const check = (token: string) => t.request(anonymous, { method: 'POST', url: '/api/password-reset/check', payload: { token } });

  async function resetToken(login: string, address: string): Promise<string> {
    expect((await requestReset(login)).statusCode).toBe(202);
    const mails = await newMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to && !Array.isArray(mails[0]!.to) ? mails[0]!.to.text : '').toBe(address);
    return linkToken(mails[0]!.text ?? '', '/reset-password');
  }

  /** Every secret token must be absent from email_tokens and from pg-boss's job tables. */
  async function expectNotStored(token: string): Promise<void> {
    const tokens = await t.database.db.query<{ j: unknown }>(sql`SELECT to_jsonb(e) AS j FROM email_tokens e`);
    expect(JSON.stringify(tokens)).not.toContain(token);
    expect(tokens.map((r) => (r.j as { token_hash: string }).token_hash)).toContain(sha256(token));
    for (const table of ['pgboss.job', 'pgboss.archive']) {
      const rows = await t.database.db.query<{ data: string }>(
        sql`SELECT coalesce(data::text, '') || coalesce(output::text, '') AS data FROM ${raw(table)}`,
      );
      expect(rows.map((r) => r.data).join('\n'), table).not.toContain(token);
    }
  }

  it('answers the same whether the account exists, has no address, or does not exist; mails only a real address', async () => {
    await createUser(t, 'reset-known', { email: 'known@example.org' });
    await createUser(t, 'reset-noaddress');
    await newMails();
    const answers = [];
    for (const login of ['reset-known', 'known@example.org', 'reset-noaddress', 'nobody-here', 'nobody@example.org']) {
      const res = await requestReset(login);
      expect(res.statusCode, login).toBe(202);
      answers.push(res.body);
    }
    expect(new Set(answers).size).toBe(1);
    const mails = await newMails();
    expect(mails.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).toEqual(['known@example.org', 'known@example.org']);
    // The job data carries ids only.
    const jobs = await t.database.db.query<{ data: Record<string, unknown> }>(
      sql`SELECT data FROM pgboss.archive UNION ALL SELECT data FROM pgboss.job`,
    );
    for (const j of jobs) expect(Object.keys(j.data ?? {}).sort()).toEqual(['kind', 'userId']);
  });

  it('a reset link works once, sets the password, ends every session, and is stored hashed only', async () => {
    const id = await createUser(t, 'reset-once', { email: 'once@example.org' });
    const a = await t.signIn('reset-once');
    const b = await t.signIn('reset-once', TEST_PASSWORD, { ip: '10.60.0.2' });
    const token = await resetToken('reset-once', 'once@example.org');
    await expectNotStored(token);

    expect((await check(token)).json()).toEqual({ secondFactorRequired: false });
    const done = await complete(token);
    expect(done.statusCode, done.body).toBe(200);
    expect(await isSignedIn(t, a)).toBe(false);
    expect(await isSignedIn(t, b, '10.60.0.2')).toBe(false);
    expect(await t.database.db.query(sql`SELECT id FROM sessions WHERE user_id = ${id}`)).toEqual([]);

    expectError(await complete(token, 'Another fresh passphrase 1234'), 400, 'validation');
    expectError(await check(token), 400, 'validation');
    expect((await signInRaw(t, 'reset-once', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signInRaw(t, 'reset-once', NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('administrators see the outbox with every secret link redacted', async () => {
    const admin = await t.actor('recovery-admin', { isAdmin: true });
    await createUser(t, 'reset-outbox', { email: 'outbox@example.org' });
    const token = await resetToken('reset-outbox', 'outbox@example.org');
    const res = await t.request(admin, { url: '/api/admin/outbox' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { to: string; subject: string; text: string }[] }>().items;
    const mail = items.find((m) => m.to.includes('outbox@example.org'))!;
    expect(mail.subject).toMatch(/Reset/);
    expect(mail.text).toContain('/reset-password#token=[redacted]');
    expect(res.body).not.toContain(token);
    expect(res.body).not.toMatch(/#token=[A-Za-z0-9_-]{20,}/);
  });

  it('a reset link is valid for one hour', async () => {
    await createUser(t, 'reset-late', { email: 'late@example.org' });
    const token = await resetToken('reset-late', 'late@example.org');
    t.clock.advance(59 * MINUTE);
    expect((await check(token)).statusCode).toBe(200);
    t.clock.advance(MINUTE);
    expectError(await check(token), 400, 'validation');
    expectError(await complete(token), 400, 'validation');
    expect((await signInRaw(t, 'reset-late', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a newer link replaces the older one', async () => {
    await createUser(t, 'reset-twice', { email: 'twice@example.org' });
    const first = await resetToken('reset-twice', 'twice@example.org');
    const second = await resetToken('reset-twice', 'twice@example.org');
    expect(second).not.toBe(first);
    expectError(await complete(first), 400, 'validation');
    expect((await complete(second)).statusCode).toBe(200);
  });

  it('a weak new password is refused without using the link', async () => {
    await createUser(t, 'reset-weak', { email: 'weak@example.org' });
    const token = await resetToken('reset-weak', 'weak@example.org');
    const weak = expectError(await complete(token, 'password1234'), 400, 'validation');
    expect(weak.error.fields.map((f) => f.field)).toContain('newPassword');
    expect((await complete(token)).statusCode).toBe(200);
  });

  it('asks for the second factor when one is set', async () => {
    await createUser(t, 'reset-mfa', { email: 'mfa@example.org' });
    const owner = await t.signIn('reset-mfa');
    const { secret } = await enrolTotp(t, owner);
    const token = await resetToken('reset-mfa', 'mfa@example.org');
    expect((await check(token)).json()).toEqual({ secondFactorRequired: true });
    expectError(await complete(token), 401, 'mfa_failed');
    expectError(await complete(token, NEW_PASSWORD, '000000'), 401, 'mfa_failed');
    expect((await signInRaw(t, 'reset-mfa', TEST_PASSWORD)).json()).toMatchObject({ next: 'second_factor' });
    const done = await complete(token, NEW_PASSWORD, totpCode(secret, t.clock.now()));
    expect(done.statusCode, done.body).toBe(200);
    expect(await isSignedIn(t, owner)).toBe(false);
    expect((await signInRaw(t, 'reset-mfa', NEW_PASSWORD)).json()).toMatchObject({ next: 'second_factor' });
  });

  describe('e-mail verification', () => {
    let user: Actor;
    let id: number;

    beforeAll(async () => {
      id = await createUser(t, 'verify-user', { email: 'first@example.org' });
      user = await t.signIn('verify-user');
    });

    const verify = (token: string) => t.request(anonymous, { method: 'POST', url: '/api/email/verify', payload: { token } });
    const verified = async () =>
      (await t.database.db.query<{ v: Date | null }>(sql`SELECT email_verified_at AS v FROM users WHERE id = ${id}`))[0]!.v;

    async function changeAddress(email: string): Promise<string> {
      await newMails();
      const res = await t.request(user, { method: 'PUT', url: '/api/me/email', payload: { email } });
      expect(res.statusCode, res.body).toBe(200);
      const mails = await newMails();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to && !Array.isArray(mails[0]!.to) ? mails[0]!.to.text : '').toBe(email);
      return linkToken(mails[0]!.text ?? '', '/verify-email');
    }

    it('a changed address is verified by its link, once, and the token is stored hashed only', async () => {
      const token = await changeAddress('second@example.org');
      await expectNotStored(token);
      expect(await verified()).toBeNull();
      expect((await verify(token)).statusCode).toBe(200);
      expect(await verified()).not.toBeNull();
      expectError(await verify(token), 400, 'validation');
    });

    it('a verification link is valid for one hour', async () => {
      user = await t.signIn('verify-user'); // a fresh sign-in: changing the address needs a recent proof
      const token = await changeAddress('third@example.org');
      t.clock.advance(HOUR);
      expectError(await verify(token), 400, 'validation');
      expect(await verified()).toBeNull();
    });

    it('unknown tokens get the same answer as used ones, and a reset token does not verify an address', async () => {
      user = await t.signIn('verify-user');
      const token = await changeAddress('fourth@example.org');
      const unknown = expectError(await verify('x'.repeat(43)), 400, 'validation');
      expect((await verify(token)).statusCode).toBe(200);
      const used = expectError(await verify(token), 400, 'validation');
      expect(used.error.message).toBe(unknown.error.message);

      await createUser(t, 'verify-cross', { email: 'cross@example.org' });
      const reset = await resetToken('verify-cross', 'cross@example.org');
      expectError(await verify(reset), 400, 'validation');
    });
  });
});
