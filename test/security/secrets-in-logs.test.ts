// No secret is ever written to a log: an app logging at trace level into memory goes through sign-ins
// (wrong and right), a password change, TOTP set-up and a second-factor sign-in, API token creation and use,
// a password reset, an e-mail verification and a server error; then no password, session token, API token,
// token hash, TOTP secret, recovery code or mailed link appears in any log line or any audit_events row.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { outboxTransport } from '../../src/mail/transport.ts';
import { createServices, type Services } from '../../src/services.ts';
import { ORIGIN, TEST_CONFIG, TEST_PASSWORD } from '../helpers/app.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { COOKIE, STEP_MS, WRONG, linkToken, sha256 } from './support.ts';

const NEW_PASSWORD = 'Copper meadow lighthouse 7213';
const RESET_PASSWORD = 'Saffron tundra ferryman 3390';

describe(`no secrets in logs or audit events (${backendName})`, () => {
  let database: TestDatabase;
  let services: Services;
  let app: FastifyInstance;
  let outboxDir: string;
  const clock = new ManualClock();
  const lines: string[] = [];
  const secrets = new Map<string, string>();
  let cookie = '';

  const keep = (what: string, value: string | undefined) => {
    if (!value) throw new Error(`missing secret: ${what}`);
    secrets.set(what, value);
  };
  const send = async (options: InjectOptions, opts: { noCookie?: boolean } = {}): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = { origin: ORIGIN, ...(options.headers as Record<string, string>) };
    if (cookie && !opts.noCookie) headers.cookie = `${COOKIE}=${cookie}`;
    const res = await app.inject({ ...options, headers });
    for (const c of res.cookies) if (c.name === COOKIE && c.value) keep(`session token ${secrets.size}`, c.value);
    return res;
  };
  const ok = (res: LightMyRequestResponse, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res;
  };
  const adopt = (res: LightMyRequestResponse) => {
    cookie = res.cookies.find((c) => c.name === COOKIE)!.value;
  };
  async function mailTexts(): Promise<string[]> {
    await services.deps.jobs.runPending();
    const names = (await readdir(outboxDir)).sort();
    return Promise.all(names.map(async (n) => (await simpleParser(await readFile(path.join(outboxDir, n)))).text ?? ''));
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    outboxDir = await mkdtemp(path.join(tmpdir(), 'parapet-logs-outbox-'));
    services = createServices({
      db: database.db,
      clock,
      mail: { transport: outboxTransport(outboxDir), publicUrl: new URL(ORIGIN), outboxDir },
    });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildApp(TEST_CONFIG, services, { logger: { level: 'trace', stream } });
    await app.ready();
    await services.deps.jobs.runPending();
    await services.users.create(systemSession('test'), { username: 'logged-user', password: TEST_PASSWORD, email: 'logged@example.org' });
    for (const [what, value] of [
      ['password', TEST_PASSWORD],
      ['wrong password', WRONG],
      ['new password', NEW_PASSWORD],
      ['reset password', RESET_PASSWORD],
    ]) {
      keep(what!, value);
    }

    const signIn = (password: string) =>
      send({ method: 'POST', url: '/api/session', payload: { username: 'logged-user', password } }, { noCookie: true });
    ok(await signIn(WRONG), 401);
    const first = ok(await signIn(TEST_PASSWORD));
    adopt(first);
    ok(await send({ method: 'POST', url: '/api/me/password', payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } }));

    const token = ok(
      await send({ method: 'POST', url: '/api/me/tokens', payload: { name: 'deploy', scopes: ['read', 'write'], expiresInDays: 30 } }),
      201,
    );
    keep('API token', token.json<{ token: string }>().token);
    ok(await app.inject({ url: '/api/me/tokens', headers: { authorization: `Bearer ${secrets.get('API token')}` } }));

    const begin = ok(await send({ method: 'POST', url: '/api/me/mfa/totp' }));
    const { secret } = begin.json<{ secret: string }>();
    keep('TOTP secret', secret);
    const confirm = ok(await send({ method: 'POST', url: '/api/me/mfa/totp/confirm', payload: { code: totpCode(secret, clock.now()) } }));
    confirm.json<{ recoveryCodes: string[] }>().recoveryCodes.forEach((c, i) => keep(`recovery code ${i}`, c));
    clock.advance(STEP_MS);
    const pending = ok(await signIn(NEW_PASSWORD));
    adopt(pending);
    adopt(ok(await send({ method: 'POST', url: '/api/session/second-factor', payload: { code: secrets.get('recovery code 0')! } })));

    ok(await send({ method: 'PUT', url: '/api/me/email', payload: { email: 'changed@example.org' } }));
    const verifyMail = (await mailTexts()).find((m) => m.includes('/verify-email#token='))!;
    keep('verification token', linkToken(verifyMail, '/verify-email'));
    ok(await send({ method: 'POST', url: '/api/email/verify', payload: { token: secrets.get('verification token') } }, { noCookie: true }));

    ok(await send({ method: 'POST', url: '/api/password-reset', payload: { login: 'logged-user' } }, { noCookie: true }), 202);
    const resetMail = (await mailTexts()).find((m) => m.includes('/reset-password#token='))!;
    const resetToken = linkToken(resetMail, '/reset-password');
    keep('reset token', resetToken);
    keep('reset link', `${ORIGIN}/reset-password#token=${resetToken}`);
    ok(await send({ method: 'POST', url: '/api/password-reset/check', payload: { token: resetToken } }, { noCookie: true }));
    clock.advance(STEP_MS);
    ok(
      await send(
        {
          method: 'POST',
          url: '/api/password-reset/complete',
          payload: { token: resetToken, newPassword: RESET_PASSWORD, code: totpCode(secret, clock.now()) },
        },
        { noCookie: true },
      ),
    );
    ok(await send({ method: 'DELETE', url: '/api/session' }));

    // A server error in the middle of a sign-in with the right password (logged with its error).
    await database.db.exec(`
      CREATE FUNCTION test_explode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$;
      CREATE TRIGGER test_explode BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION test_explode();`);
    clock.advance(STEP_MS);
    ok(
      await send(
        { method: 'POST', url: '/api/session', payload: { username: 'logged-user', password: RESET_PASSWORD } },
        { noCookie: true },
      ),
      500,
    );
    await database.db.exec('DROP TRIGGER test_explode ON sessions');
    ok(await send({ method: 'PUT', url: '/api/session/preferences', payload: { theme: 'dark' } }, { noCookie: true }));
  });
  afterAll(async () => {
    await app?.close();
    await services?.deps.jobs.stop();
    await database?.close();
    if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
  });

  /** The secrets and, for tokens, their SHA-256 hashes. */
  function needles(): [string, string][] {
    const out: [string, string][] = [];
    for (const [what, value] of secrets) {
      out.push([what, value]);
      if (/token|code/.test(what)) out.push([`SHA-256 of ${what}`, sha256(value)]);
    }
    return out;
  }

  it('the run produced the secrets and the logs it is about', () => {
    expect([...secrets.keys()].filter((k) => k.startsWith('session token')).length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeGreaterThan(30);
    expect(lines.some((l) => l.includes('"url":"/api/password-reset/complete"'))).toBe(true);
    expect(lines.some((l) => l.includes('"level":50') && l.includes('injected failure'))).toBe(true);
  });

  it('no log line holds a password, token, token hash, TOTP secret, recovery code or reset link', () => {
    const text = lines.join('\n');
    for (const [what, needle] of needles()) expect(text.includes(needle), what).toBe(false);
  });

  it('no audit event holds one either', async () => {
    const rows = await database.db.query<{ j: unknown }>(sql`SELECT to_jsonb(a) AS j FROM audit_events a`);
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows);
    for (const [what, needle] of needles()) expect(text.includes(needle), what).toBe(false);
  });
});
