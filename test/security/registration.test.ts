// Self-registration tells nobody whether a username or an address is taken: the answer is the same for a new
// account, a taken username and a taken address (status, body, and the work done: the password is hashed every
// time). The mail decides: a single-use link that creates the account (address confirmed), a note to the owner
// of an address that already has an account, or a note that the username is taken. Limits: per client IP (429,
// not depending on any account) and per address (silently: the same answer, no mail).
import type { LightMyRequestResponse } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRATIONS_PER_IP_HOUR, REGISTRATION_MAILS_PER_ADDRESS_HOUR } from '../../src/domain/users/registration-service.ts';
import { sql } from '../../src/db/database.ts';
import { anonymous, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { HOUR, ORIGIN, TEST_PASSWORD, createUser, openTestApp, sha256, signInRaw, tableText } from './support.ts';

describe(`registration without enumeration (${backendName})`, () => {
  let t: TestApp;
  let ipCounter = 0;
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await openTestApp();
    await createUser(t, 'taken-name', { email: 'owner@example.org' });
  });
  afterAll(async () => t?.close());

  const register = (payload: Record<string, string>, ip = `203.0.113.${++ipCounter}`) =>
    t.request({ ...anonymous, ip }, { method: 'POST', url: '/api/registrations', payload });
  const complete = (token: string) => t.request(anonymous, { method: 'POST', url: '/api/registrations/complete', payload: { token } });
  const comparable = (res: LightMyRequestResponse) => ({ status: res.statusCode, type: res.headers['content-type'], body: res.body });
  const toOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.text : '');

  async function newMails(): Promise<ParsedMail[]> {
    const fresh = (await t.mails()).filter((m) => !seen.has(m.messageId ?? ''));
    for (const m of fresh) seen.add(m.messageId ?? '');
    return fresh;
  }
  function registrationToken(text: string): string {
    const m = new RegExp(`${ORIGIN.replace(/[.]/g, '\\.')}/complete-registration#token=([A-Za-z0-9_-]+)`).exec(text);
    if (!m) throw new Error(`no registration link in: ${text}`);
    return m[1]!;
  }

  it('answers a new account, a taken username and a taken address alike; the mail tells each address what happened', async () => {
    await newMails();
    const fresh = await register({ username: 'newcomer', password: TEST_PASSWORD, email: 'newcomer@example.net' });
    const takenName = await register({ username: 'Taken-Name', password: TEST_PASSWORD, email: 'someone-else@example.net' });
    const takenAddress = await register({ username: 'another-name', password: TEST_PASSWORD, email: 'OWNER@example.org' });
    expect(fresh.statusCode, fresh.body).toBe(202);
    expect(comparable(takenName)).toEqual(comparable(fresh));
    expect(comparable(takenAddress)).toEqual(comparable(fresh));
    expect(fresh.json()).toEqual({ message: expect.stringMatching(/Check your mail/) });

    const mails = await newMails();
    expect(mails.map(toOf).sort()).toEqual(['OWNER@example.org', 'newcomer@example.net', 'someone-else@example.net'].sort());
    const toOwner = mails.find((m) => toOf(m) === 'OWNER@example.org')!;
    expect(toOwner.text).toContain('already belongs to the Parapet account "taken-name"');
    expect(toOwner.text).toContain(`${ORIGIN}/forgot-password`);
    expect(toOwner.text).not.toMatch(/#token=/);
    const toTaken = mails.find((m) => toOf(m) === 'someone-else@example.net')!;
    expect(toTaken.text).toMatch(/already in use/);
    expect(toTaken.text).not.toMatch(/#token=/);

    // Nothing is created before the link is opened; the link creates the account with its address confirmed.
    expect(await t.database.db.query(sql`SELECT id FROM users WHERE username_key IN ('newcomer', 'another-name')`)).toEqual([]);
    const token = registrationToken(mails.find((m) => toOf(m) === 'newcomer@example.net')!.text ?? '');
    expect(await tableText(t, 'registration_requests')).not.toContain(token);
    expect(await tableText(t, 'registration_requests')).toContain(sha256(token));
    const done = await complete(token);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ username: 'newcomer' });
    const rows = await t.database.db.query<{ verified: boolean; staff_console: boolean; is_admin: boolean }>(
      sql`SELECT email_verified_at IS NOT NULL AS verified, staff_console, is_admin FROM users WHERE username = 'newcomer'`,
    );
    expect(rows).toEqual([{ verified: true, staff_console: false, is_admin: false }]);
    expect((await signInRaw(t, 'newcomer', TEST_PASSWORD, { ip: '10.80.0.1' })).statusCode).toBe(200);
    // Once only.
    expectError(await complete(token), 400, 'validation');
    const events = await t.database.db.query<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE action LIKE 'user.regist%' ORDER BY id`,
    );
    expect(events.map((e) => e.action)).toEqual([
      'user.registration_requested',
      'user.registration_requested',
      'user.registration_requested',
      'user.registered',
    ]);
  });

  it('a link is valid for 24 hours; a name taken meanwhile is refused at completion', async () => {
    await newMails();
    await register({ username: 'slowpoke', password: TEST_PASSWORD, email: 'slowpoke@example.net' });
    await register({ username: 'racer', password: TEST_PASSWORD, email: 'racer-a@example.net' });
    await register({ username: 'racer', password: TEST_PASSWORD, email: 'racer-b@example.net' });
    const mails = await newMails();
    const tokenOf = (address: string) => registrationToken(mails.find((m) => toOf(m) === address)!.text ?? '');
    expect((await complete(tokenOf('racer-a@example.net'))).statusCode).toBe(201);
    expectError(await complete(tokenOf('racer-b@example.net')), 409, 'name_taken');
    t.clock.advance(24 * HOUR);
    expectError(await complete(tokenOf('slowpoke@example.net')), 400, 'validation');
  });

  it('weak passwords and bad fields still get field errors (they do not depend on other accounts)', async () => {
    const weak = expectError(await register({ username: 'weakling', password: 'password', email: 'w@example.net' }), 400, 'validation');
    expect([...new Set(weak.error.fields.map((f) => f.field))]).toEqual(['password']);
    const bad = expectError(await register({ username: 'has space', password: TEST_PASSWORD, email: 'not-an-address' }), 400, 'validation');
    expect(bad.error.fields.map((f) => f.field).sort()).toEqual(['email', 'username']);
  });

  it(`at most ${REGISTRATIONS_PER_IP_HOUR} requests per client IP an hour (429), and ${REGISTRATION_MAILS_PER_ADDRESS_HOUR} mails per address (silently)`, async () => {
    for (let i = 0; i < REGISTRATIONS_PER_IP_HOUR; i++) {
      expect(
        (await register({ username: `flood${i}`, password: TEST_PASSWORD, email: `f${i}@example.net` }, '192.0.2.51')).statusCode,
      ).toBe(202);
    }
    const limited = expectError(
      await register({ username: 'flood9', password: TEST_PASSWORD, email: 'f9@example.net' }, '192.0.2.51'),
      429,
      'rate_limited',
    );
    expect(limited.error.message).toMatch(/try again later/);

    await newMails();
    const answers = [];
    for (let i = 0; i < REGISTRATION_MAILS_PER_ADDRESS_HOUR + 3; i++) {
      answers.push(comparable(await register({ username: `bomb${i}`, password: TEST_PASSWORD, email: 'victim@example.net' })));
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect((await newMails()).filter((m) => toOf(m) === 'victim@example.net')).toHaveLength(REGISTRATION_MAILS_PER_ADDRESS_HOUR);
  });

  it('a signed-in user cannot register another account', async () => {
    const me = await t.actor('already-in');
    expectError(
      await t.request(me, {
        method: 'POST',
        url: '/api/registrations',
        payload: { username: 'second', password: TEST_PASSWORD, email: 's@example.net' },
      }),
      409,
      'conflict',
    );
  });
});
