// Shared helpers for the account-security HTTP tests: raw sign-ins from a chosen client IP, the session
// cookie and its token, second-factor enrolment through the API, settings changes, and database look-ups
// used to prove what is (and is not) stored.
import { createHash } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { raw, sql } from '../../src/db/database.ts';
import type { SecuritySettings } from '../../src/settings/security-settings.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { ORIGIN, TEST_PASSWORD, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';

export { ORIGIN, TEST_PASSWORD };
export const COOKIE = '__Host-parapet';
export const WRONG = 'not the right password at all';
export const STEP_MS = 30_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A test app whose job queue is already open. On PGlite, a queue first opened from inside a transaction
 * (the lock mail, a reset mail) waits forever for the connection that transaction holds; that bug is
 * covered by pending-failures.test.ts, so the other files open the queue first.
 */
export async function openTestApp(options: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const t = await createTestApp(options);
  await t.mails();
  return t;
}

/** The session token a response set, or undefined. */
export function setToken(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === COOKIE && c.value !== '')?.value;
}

export function tokenOf(actor: Actor): string {
  const m = /^__Host-parapet=(.+)$/.exec(actor.cookie ?? '');
  if (!m) throw new Error(`no session cookie in ${actor.cookie}`);
  return m[1]!;
}

/** POST /api/session as a fresh visitor (no cookie) from `ip`. */
export function signInRaw(t: TestApp, username: string, password: string, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
}

/** An actor for the cookie a response set (its requests come from `ip`). */
export function actorFrom(res: LightMyRequestResponse, username: string, ip?: string): Actor {
  const token = setToken(res);
  if (!token) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: number } | null }>();
  return { cookie: `${COOKIE}=${token}`, userId: body.user?.id, username, ...(ip ? { ip } : {}) };
}

/** Whether the actor's cookie still names a live, fully signed-in session. */
export async function isSignedIn(t: TestApp, actor: Actor, ip?: string): Promise<boolean> {
  const res = await t.request(actor, { url: '/api/me/sessions', ...(ip ? { remoteAddress: ip } : {}) });
  if (res.statusCode === 200) return true;
  expect(res.statusCode, res.body).toBe(401);
  return false;
}

export async function createUser(
  t: TestApp,
  username: string,
  o: { email?: string; isAdmin?: boolean; password?: string } = {},
): Promise<number> {
  const u = await t.services.users.create(systemSession('test'), {
    username,
    password: o.password ?? TEST_PASSWORD,
    email: o.email ?? null,
    isAdmin: o.isAdmin ?? false,
  });
  return u.id;
}

/** Writes security settings directly (setup and clean-up; the API path is tested separately). */
export async function setSettings(t: TestApp, patch: Partial<SecuritySettings>): Promise<void> {
  await t.database.db.transaction((tx) => changeSetting(systemSession('test'), tx, t.clock.now(), 'security', patch));
}

export async function setSignInPolicy(t: TestApp, userId: number, p: { allowedNetworks?: string[]; staffConsole?: boolean }) {
  await t.services.account.setSignInPolicy(systemSession('test'), userId, p);
}

/** Sets up TOTP through the API (the actor must have signed in within 10 minutes). */
export async function enrolTotp(t: TestApp, actor: Actor): Promise<{ secret: string; recoveryCodes: string[] }> {
  const begin = await t.request(actor, { method: 'POST', url: '/api/me/mfa/totp' });
  expect(begin.statusCode, begin.body).toBe(200);
  const { secret } = begin.json<{ secret: string }>();
  const confirm = await t.request(actor, {
    method: 'POST',
    url: '/api/me/mfa/totp/confirm',
    payload: { code: totpCode(secret, t.clock.now()) },
  });
  expect(confirm.statusCode, confirm.body).toBe(200);
  // The enrolment used the current step; later codes must be for later steps.
  t.clock.advance(STEP_MS);
  return { secret, recoveryCodes: confirm.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** Password then TOTP code: a fully signed-in actor. */
export async function signInWithTotp(t: TestApp, username: string, secret: string, ip?: string): Promise<Actor> {
  const first = await signInRaw(t, username, TEST_PASSWORD, { ip });
  expect(first.statusCode, first.body).toBe(200);
  expect(first.json()).toMatchObject({ next: 'second_factor' });
  const pending = actorFrom(first, username, ip);
  const done = await t.request(pending, {
    method: 'POST',
    url: '/api/session/second-factor',
    payload: { code: totpCode(secret, t.clock.now()) },
  });
  expect(done.statusCode, done.body).toBe(200);
  return actorFrom(done, username, ip);
}

export async function reauthenticate(t: TestApp, actor: Actor, code?: string): Promise<LightMyRequestResponse> {
  return t.request(actor, {
    method: 'POST',
    url: '/api/session/reauthenticate',
    payload: { password: TEST_PASSWORD, ...(code ? { code } : {}) },
  });
}

export async function sessionRows(t: TestApp, userId: number): Promise<{ id: string; bound_ip: boolean }[]> {
  return t.database.db.query<{ id: string; bound_ip: boolean }>(sql`SELECT id, bound_ip FROM sessions WHERE user_id = ${userId}`);
}

export async function lockedAt(t: TestApp, userId: number): Promise<Date | null> {
  const rows = await t.database.db.query<{ locked_at: Date | null }>(sql`SELECT locked_at FROM users WHERE id = ${userId}`);
  return rows[0]!.locked_at;
}

/** Every row of a table as one JSON text (to prove a secret appears nowhere in it). */
export async function tableText(t: TestApp, table: string): Promise<string> {
  const rows = await t.database.db.query<{ j: unknown }>(sql`SELECT to_jsonb(x) AS j FROM ${rawIdent(table)} x`);
  return JSON.stringify(rows.map((r) => r.j));
}

function rawIdent(table: string) {
  if (!/^[a-z_]+(\.[a-z_]+)?$/.test(table)) throw new Error(`bad table name ${table}`);
  return raw(table);
}

/** The token in a mailed link such as <public url>/reset-password#token=... */
export function linkToken(
  text: string,
  route: '/reset-password' | '/verify-email' | '/complete-registration' | '/accept-invitation',
): string {
  const m = new RegExp(`${ORIGIN.replace(/[.]/g, '\\.')}${route}#token=([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${route} link in: ${text}`);
  return m[1]!;
}

export type Send = (options: InjectOptions) => Promise<LightMyRequestResponse>;
