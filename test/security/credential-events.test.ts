// Every credential or account-state event ends the user's credentials through one command
// (src/auth/credentials.ts): an API token and a second session created before the event stop working after
// it, and so does an unused reset link; the acting session survives only where the event is the user's own
// proof of identity. Disabling (offboarding) ends them for good: re-enabling the account does not revive them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEmailToken } from '../../src/auth/email-token-repository.ts';
import { sql } from '../../src/db/database.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ADMINISTRATORS } from '../helpers/factories.ts';
import { TEST_PASSWORD, actorFrom, createUser, enrolTotp, isSignedIn, openTestApp, signInRaw, signInWithTotp } from './support.ts';

const NEW_PASSWORD = 'Violet anchor drizzle 4417 quay';

interface Subject {
  id: number;
  name: string;
  /** The session that acts (for the user's own events). */
  current: Actor;
  /** Another session, signed in before the event. */
  other: Actor;
  /** An API token with read and write scopes, created before the event. */
  token: string;
}

interface Case {
  event: string;
  reason: string;
  /** Whether the user's current session (the acting one, for the user's own events) survives. */
  currentSurvives: boolean;
  /** Runs the event; `u.current` is signed in within the re-authentication window. */
  run(t: TestApp, u: Subject, admin: Actor): Promise<void>;
}

function ok(res: { statusCode: number; body: string }, status = 200): void {
  expect(res.statusCode, res.body).toBe(status);
}

const CASES: Case[] = [
  {
    event: 'password change',
    reason: 'password_changed',
    currentSurvives: true,
    run: async (t, u) =>
      ok(
        await t.request(u.current, {
          method: 'POST',
          url: '/api/me/password',
          payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
        }),
      ),
  },
  {
    event: 'password reset completion',
    reason: 'password_reset',
    currentSurvives: false,
    run: async (t, u) => {
      const link = 'reset-link-token-for-credential-events-test-0123456789';
      await t.database.db.transaction((tx) =>
        insertEmailToken(tx, t.clock.now(), {
          userId: u.id,
          purpose: 'reset_password',
          token: `${link}-${u.id}`,
          email: `${u.name}@example.org`,
        }),
      );
      ok(
        await t.app.inject({
          method: 'POST',
          url: '/api/password-reset/complete',
          payload: { token: `${link}-${u.id}`, newPassword: NEW_PASSWORD },
        }),
      );
    },
  },
  {
    event: '"end all sessions" (own)',
    reason: 'sessions_ended',
    currentSurvives: true,
    run: async (t, u) => ok(await t.request(u.current, { method: 'DELETE', url: '/api/me/sessions' })),
  },
  {
    event: '"end all sessions" by an administrator',
    reason: 'sessions_ended',
    currentSurvives: false,
    run: async (t, u, admin) => ok(await t.request(admin, { method: 'DELETE', url: `/api/users/${u.id}/sessions` })),
  },
  {
    event: 'second-factor enrolment',
    reason: 'mfa_enabled',
    currentSurvives: true,
    run: async (t, u) => {
      await enrolTotp(t, u.current);
    },
  },
  {
    event: 'second-factor removal',
    reason: 'mfa_disabled',
    currentSurvives: true,
    // Enrolled before the other session and the token exist (see `prepare`).
    run: async (t, u) => ok(await t.request(u.current, { method: 'DELETE', url: '/api/me/mfa' })),
  },
  {
    event: 'recovery-code regeneration',
    reason: 'recovery_codes_replaced',
    currentSurvives: true,
    run: async (t, u) => ok(await t.request(u.current, { method: 'POST', url: '/api/me/mfa/recovery-codes' })),
  },
  {
    event: 'account disabled by an administrator',
    reason: 'account_disabled',
    currentSurvives: false,
    run: async (t, u, admin) => {
      ok(await t.request(admin, { method: 'PATCH', url: `/api/users/${u.id}`, payload: { disabled: true } }));
      // Offboarding ends them for good: enabling the account again revives nothing.
      ok(await t.request(admin, { method: 'PATCH', url: `/api/users/${u.id}`, payload: { disabled: false } }));
    },
  },
  {
    event: 'becoming an administrator',
    reason: 'administrator_granted',
    currentSurvives: false,
    run: async (t, u, admin) =>
      ok(await t.request(admin, { method: 'POST', url: `/api/groups/${ADMINISTRATORS}/members/users`, payload: { userId: u.id } })),
  },
  {
    event: 'being given the staff console',
    reason: 'staff_console_granted',
    currentSurvives: false,
    run: async (t, u, admin) =>
      ok(await t.request(admin, { method: 'PUT', url: `/api/users/${u.id}/sign-in-policy`, payload: { staffConsole: true } })),
  },
];

describe(`credential events end sessions, API tokens and reset links (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let n = 0;

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('credentials-admin', { isAdmin: true });
  });
  afterAll(async () => t?.close());

  const bearer = (token: string) => t.app.inject({ url: '/api/me/tokens', headers: { authorization: `Bearer ${token}` } });

  async function prepare(c: Case): Promise<Subject> {
    n += 1;
    const name = `cred-${n}`;
    const id = await createUser(t, name, { email: `${name}@example.org` });
    const first = await signInRaw(t, name, TEST_PASSWORD, { ip: `10.60.${n}.1` });
    ok(first);
    const current = actorFrom(first, name, `10.60.${n}.1`);
    const enrolled = c.reason === 'mfa_disabled' || c.reason === 'recovery_codes_replaced' ? await enrolTotp(t, current) : undefined;
    let other: Actor;
    if (enrolled) {
      other = await signInWithTotp(t, name, enrolled.secret, `10.60.${n}.2`);
    } else {
      const second = await signInRaw(t, name, TEST_PASSWORD, { ip: `10.60.${n}.2` });
      ok(second);
      other = actorFrom(second, name, `10.60.${n}.2`);
    }
    expect(await isSignedIn(t, other)).toBe(true);
    const created = await t.request(current, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'ci', scopes: ['read', 'write'], expiresInDays: 30 },
    });
    ok(created, 201);
    const token = created.json<{ token: string }>().token;
    // A reset link mailed before the event (a credential too).
    await t.database.db.transaction((tx) =>
      insertEmailToken(tx, t.clock.now(), {
        userId: id,
        purpose: 'reset_password',
        token: `old-link-${name}-0123456789abcdef`,
        email: `${name}@example.org`,
      }),
    );
    return { id, name, current, other, token };
  }

  const otherSessionRows = async (u: Subject) =>
    t.database.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${u.id}`);

  it.each(CASES)('$event: the earlier token, other session and reset link stop working', async (c) => {
    const u = await prepare(c);
    ok(await bearer(u.token));
    const before = (await otherSessionRows(u))[0]!.n;
    expect(before).toBe(2);
    const lastEvent = (await t.database.db.query<{ id: string }>(sql`SELECT COALESCE(max(id), 0)::text AS id FROM audit_events`))[0]!.id;

    await c.run(t, u, admin);

    expect((await bearer(u.token)).statusCode).toBe(401);
    const revoked = await t.database.db.query<{ revoked: boolean }>(
      sql`SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE user_id = ${u.id}`,
    );
    expect(revoked.map((r) => r.revoked)).toEqual([true]);
    expect(await isSignedIn(t, u.other)).toBe(false);
    expect(await isSignedIn(t, u.current)).toBe(c.currentSurvives);
    expect((await otherSessionRows(u))[0]!.n).toBe(c.currentSurvives ? 1 : 0);
    const oldLink = await t.app.inject({
      method: 'POST',
      url: '/api/password-reset/check',
      payload: { token: `old-link-${u.name}-0123456789abcdef` },
    });
    expect(oldLink.statusCode, oldLink.body).toBe(400);

    const events = await t.database.db.query<{ after: { reason: string; tokensRevoked: number; currentSessionKept: boolean } }>(sql`
      SELECT after FROM audit_events
       WHERE action = 'credentials.ended' AND target_id = ${String(u.id)} AND category = 'security' AND id > ${lastEvent}::bigint`);
    expect(events.map((e) => e.after.reason)).toEqual([c.reason]);
    expect(events[0]!.after).toMatchObject({ tokensRevoked: 1, currentSessionKept: c.currentSurvives });
  });

  it('a disabled account cannot sign in, and its sessions and tokens stay ended after it is enabled again', async () => {
    const name = 'cred-offboarded';
    const id = await createUser(t, name);
    const s = actorFrom(await signInRaw(t, name, TEST_PASSWORD, { ip: '10.61.0.1' }), name, '10.61.0.1');
    const created = await t.request(s, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'ci', scopes: ['read'], expiresInDays: 30 },
    });
    ok(created, 201);
    ok(await t.request(admin, { method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } }));
    expect((await signInRaw(t, name, TEST_PASSWORD, { ip: '10.61.0.2' })).statusCode).toBe(401);
    expect(await t.database.db.query(sql`SELECT id FROM sessions WHERE user_id = ${id}`)).toEqual([]);
    ok(await t.request(admin, { method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: false } }));
    expect(await isSignedIn(t, s)).toBe(false);
    expect((await bearer(created.json<{ token: string }>().token)).statusCode).toBe(401);
    // Signing in again works once enabled.
    expect((await signInRaw(t, name, TEST_PASSWORD, { ip: '10.61.0.3' })).statusCode).toBe(200);
  });
});
