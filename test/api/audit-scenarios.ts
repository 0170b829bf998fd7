// The scenarios of test/api/audit-coverage.test.ts: one entry per audit action (src/domain/audit/actions.ts),
// each performing the operation that writes it through the API (timers: the sweep the server runs) and naming
// the audit row it must write and the tables its change writes. How to add one: that file's header.
import type { LightMyRequestResponse } from 'fastify';
import * as openpgp from 'openpgp';
import { systemSession } from '../../src/access/system.ts';
import type { AuditAction } from '../../src/domain/audit/actions.ts';
import type { ReportState } from '../../src/domain/reports/states.ts';
import { sweepReports } from '../../src/domain/reports/timers.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { sql } from '../../src/db/database.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, TEST_PASSWORD, type Actor, type TestApp } from '../helpers/app.ts';
import { enrolTotp, linkToken, setSettings, STEP_MS } from '../security/support.ts';

const system = systemSession('audit-coverage');
const NEW_PASSWORD = 'another long passphrase for audits 9';

/** Who the audit row must name as the actor. */
export type ExpectedActor = Actor | 'anonymous' | 'system';

export interface Step {
  /** The route the operation goes through, "METHOD /api/path/:param" as registered; omitted for timer jobs. */
  route?: string;
  /** Performs the operation; returns the HTTP answer, if any (its x-request-id must be on the audit row). */
  perform(): Promise<unknown>;
  /** The audit row it must write: who did it, to what. */
  actor: ExpectedActor;
  target: { type: string; id: string | number };
  /** Tables ("public.users", "pgboss.job") the change writes, in the same transaction as the audit row. */
  changes: string[];
  /** Only for an event that records an act changing nothing else (a refusal, a key export): why. */
  eventOnly?: string;
  /** Undoes settings the setup changed, after the checks. */
  cleanup?(): Promise<void>;
}

/** Sets up what the operation needs (not audited as part of it), then says what to perform and expect. */
export type Scenario = (w: World) => Step | Promise<Step>;

export interface World {
  t: TestApp;
  productId: number;
  teamGroupId: number;
  /** A member of the product's security team (with an e-mail address). */
  team: Actor;
  /** A registered outside reporter (with an e-mail address). */
  reporter: Actor;
  /** An administrator who re-authenticated within the last minutes. */
  admin(): Promise<Actor>;
  /** A new signed-in user with an e-mail address, from its own IP address. */
  user(options?: { isAdmin?: boolean }): Promise<Actor>;
  /** A new report of `reporter` (built), optionally in another state. */
  report(state?: ReportState): Promise<number>;
  /** A request that must answer `status` (else it throws with the body). */
  call(
    actor: Actor,
    method: string,
    url: string,
    payload?: unknown,
    status?: number,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** A name no other scenario uses. */
  unique(prefix: string): string;
  /** A fresh client IP address. */
  ip(): string;
}

const t_ = (table: string) => `public.${table}`;
const JOBS = 'pgboss.job';

/** One POST /api/session from `ip` (no cookie). */
const signInFrom = (w: World, username: string, password: string, ip: string) =>
  w.t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });

async function mailedToken(
  w: World,
  to: string,
  route: '/reset-password' | '/verify-email' | '/complete-registration' | '/accept-invitation',
): Promise<string> {
  const mail = (await w.t.mails()).filter((m) => (m.to as { text: string }).text === to && m.text?.includes(route)).at(-1);
  if (!mail) throw new Error(`no ${route} mail to ${to}`);
  return linkToken(mail.text!, route);
}

async function userIdOf(w: World, username: string): Promise<number> {
  const rows = await w.t.database.db.query<{ id: number }>(sql`SELECT id FROM users WHERE username = ${username}`);
  return rows[0]!.id;
}

export const SCENARIOS: { [A in AuditAction]: Scenario | Scenario[] } = {
  // ---- users and their accounts --------------------------------------------------------------------------
  'user.created': async (w) => {
    const admin = await w.admin();
    const username = w.unique('created');
    let id = 0;
    return {
      route: 'POST /api/users',
      perform: async () => {
        const res = await w.call(admin, 'POST', '/api/users', { username, password: TEST_PASSWORD, email: `${username}@example.org` }, 201);
        id = res.json().id;
        return res;
      },
      actor: admin,
      get target() {
        return { type: 'user', id };
      },
      changes: [t_('users')],
    };
  },
  'user.registration_requested': (w) => {
    const username = w.unique('requested');
    let id = 0;
    return {
      route: 'POST /api/registrations',
      perform: async () => {
        const res = await w.call(
          { ...anonymous, ip: w.ip() },
          'POST',
          '/api/registrations',
          { username, password: TEST_PASSWORD, email: `${username}@example.org` },
          202,
        );
        id = (await w.t.database.db.query<{ id: number }>(sql`SELECT id FROM registration_requests WHERE username = ${username}`))[0]!.id;
        return res;
      },
      actor: 'anonymous',
      get target() {
        return { type: 'registration', id };
      },
      changes: [t_('registration_requests'), JOBS],
    };
  },
  'user.registered': async (w) => {
    const username = w.unique('registered');
    await w.call(
      { ...anonymous, ip: w.ip() },
      'POST',
      '/api/registrations',
      { username, password: TEST_PASSWORD, email: `${username}@example.org` },
      202,
    );
    const token = await mailedToken(w, `${username}@example.org`, '/complete-registration');
    let id = 0;
    return {
      route: 'POST /api/registrations/complete',
      perform: async () => {
        const res = await w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/registrations/complete', { token }, 201);
        id = await userIdOf(w, username);
        return res;
      },
      actor: 'anonymous',
      get target() {
        return { type: 'user', id };
      },
      changes: [t_('users'), t_('registration_requests')],
    };
  },
  'user.invitation_sent': [
    // Creating a user without a password sends the invitation.
    async (w) => {
      const admin = await w.admin();
      const username = w.unique('invitee');
      let id = 0;
      return {
        route: 'POST /api/users',
        perform: async () => {
          const res = await w.call(admin, 'POST', '/api/users', { username, email: `${username}@example.org` }, 201);
          id = res.json().id;
          return res;
        },
        actor: admin,
        get target() {
          return { type: 'user', id };
        },
        changes: [t_('users'), JOBS],
      };
    },
    // Sending it again.
    async (w) => {
      const admin = await w.admin();
      const username = w.unique('reinvitee');
      const id = (await w.call(admin, 'POST', '/api/users', { username, email: `${username}@example.org` }, 201)).json().id as number;
      return {
        route: 'POST /api/users/:id/invitation',
        perform: () => w.call(admin, 'POST', `/api/users/${id}/invitation`),
        actor: admin,
        target: { type: 'user', id },
        changes: [JOBS],
      };
    },
  ],
  'user.invitation_accepted': async (w) => {
    const admin = await w.admin();
    const username = w.unique('accepting');
    const id = (await w.call(admin, 'POST', '/api/users', { username, email: `${username}@example.org` }, 201)).json().id as number;
    const token = await mailedToken(w, `${username}@example.org`, '/accept-invitation');
    return {
      route: 'POST /api/invitations/accept',
      perform: () => w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/invitations/accept', { token, newPassword: NEW_PASSWORD }),
      actor: 'anonymous',
      target: { type: 'user', id },
      changes: [t_('users'), t_('email_tokens')],
    };
  },
  'user.updated': async (w) => {
    const admin = await w.admin();
    const user = await w.user();
    return {
      route: 'PATCH /api/users/:id',
      perform: () => w.call(admin, 'PATCH', `/api/users/${user.userId}`, { displayName: 'Renamed for the audit' }),
      actor: admin,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users')],
    };
  },
  'account.locked': [
    // At sign-in: the threshold-th wrong password in a row.
    async (w) => {
      await setSettings(w.t, { lockoutThreshold: 3 });
      const user = await w.user();
      const ip = w.ip();
      for (let i = 0; i < 2; i++) await signInFrom(w, user.username!, 'wrong password for the lock', ip);
      return {
        route: 'POST /api/session',
        perform: () => signInFrom(w, user.username!, 'wrong password for the lock', ip),
        actor: 'anonymous',
        target: { type: 'user', id: user.userId! },
        changes: [t_('users'), JOBS],
        cleanup: () => setSettings(w.t, { lockoutThreshold: 10 }),
      };
    },
    // At a password check of a signed-in user (here: changing the password with a wrong current one).
    async (w) => {
      await setSettings(w.t, { lockoutThreshold: 3 });
      const user = await w.user();
      const wrong = { currentPassword: 'not my current password', newPassword: NEW_PASSWORD };
      for (let i = 0; i < 2; i++) await w.call(user, 'POST', '/api/me/password', wrong, 400);
      return {
        route: 'POST /api/me/password',
        perform: () => w.call(user, 'POST', '/api/me/password', wrong, 400),
        actor: user,
        target: { type: 'user', id: user.userId! },
        changes: [t_('users'), JOBS],
        cleanup: () => setSettings(w.t, { lockoutThreshold: 10 }),
      };
    },
  ],
  'account.unlocked': async (w) => {
    const admin = await w.admin();
    const user = await w.user();
    await w.t.database.db.query(sql`UPDATE users SET locked_at = ${w.t.clock.now()} WHERE id = ${user.userId!}`);
    return {
      route: 'POST /api/users/:id/unlock',
      perform: () => w.call(admin, 'POST', `/api/users/${user.userId}/unlock`),
      actor: admin,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users')],
    };
  },
  'account.sign_in_policy_changed': async (w) => {
    const admin = await w.admin();
    const user = await w.user();
    return {
      route: 'PUT /api/users/:id/sign-in-policy',
      perform: () => w.call(admin, 'PUT', `/api/users/${user.userId}/sign-in-policy`, { allowedNetworks: ['10.99.0.0/16'] }),
      actor: admin,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users')],
    };
  },
  'password.changed': async (w) => {
    const user = await w.user();
    return {
      route: 'POST /api/me/password',
      perform: () => w.call(user, 'POST', '/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users')],
    };
  },
  'password.reset_requested': async (w) => {
    const user = await w.user();
    return {
      route: 'POST /api/password-reset',
      perform: () => w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/password-reset', { login: user.username }, 202),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [JOBS],
    };
  },
  'password.reset': async (w) => {
    const user = await w.user();
    await w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/password-reset', { login: user.username }, 202);
    const token = await mailedToken(w, `${user.username}@example.org`, '/reset-password');
    return {
      route: 'POST /api/password-reset/complete',
      perform: () => w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/password-reset/complete', { token, newPassword: NEW_PASSWORD }),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [t_('users'), t_('email_tokens'), t_('sessions')],
    };
  },
  'password.reset_link_sent': async (w) => {
    const admin = await w.admin();
    const user = await w.user();
    return {
      route: 'POST /api/users/:id/password-reset',
      perform: () => w.call(admin, 'POST', `/api/users/${user.userId}/password-reset`),
      actor: admin,
      target: { type: 'user', id: user.userId! },
      changes: [JOBS],
    };
  },
  ...(Object.fromEntries(
    (['password.reset_code_failed', 'password.reset_link_spent'] as const).map((action) => [
      action,
      async (w: World): Promise<Step> => {
        const user = await w.user();
        const { secret } = await enrolTotp(w.t, user);
        const wrong = totpCode(secret, new Date(w.t.clock.now().getTime() + 3_600_000));
        await w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/password-reset', { login: user.username }, 202);
        const token = await mailedToken(w, `${user.username}@example.org`, '/reset-password');
        const ip = w.ip();
        const attempt = () =>
          w.t.request(
            { ...anonymous, ip },
            { method: 'POST', url: '/api/password-reset/complete', payload: { token, newPassword: NEW_PASSWORD, code: wrong } },
          );
        // The link takes five codes; the sixth spends it.
        if (action === 'password.reset_link_spent') for (let i = 0; i < 5; i++) await attempt();
        return {
          route: 'POST /api/password-reset/complete',
          perform: () => attempt(),
          actor: 'anonymous',
          target: { type: 'user', id: user.userId! },
          changes: action === 'password.reset_link_spent' ? [t_('email_tokens')] : [],
          ...(action === 'password.reset_code_failed'
            ? { eventOnly: 'the code was counted against the account before it was checked (in a transaction of its own, as at sign-in)' }
            : {}),
        };
      },
    ]),
  ) as Record<'password.reset_code_failed' | 'password.reset_link_spent', Scenario>),
  'email.changed': async (w) => {
    const user = await w.user();
    return {
      route: 'PUT /api/me/email',
      perform: () => w.call(user, 'PUT', '/api/me/email', { email: `${user.username}.new@example.org` }),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users'), JOBS],
    };
  },
  'email.verified': async (w) => {
    const user = await w.user();
    await w.call(user, 'PUT', '/api/me/email', { email: `${user.username}.verify@example.org` });
    const token = await mailedToken(w, `${user.username}.verify@example.org`, '/verify-email');
    return {
      route: 'POST /api/email/verify',
      perform: () => w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/email/verify', { token }),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [t_('users'), t_('email_tokens')],
    };
  },
  'mfa.enrolment_started': async (w) => {
    const user = await w.user();
    return {
      route: 'POST /api/me/mfa/totp',
      perform: () => w.call(user, 'POST', '/api/me/mfa/totp'),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users')],
    };
  },
  'mfa.enabled': async (w) => {
    const user = await w.user();
    const { secret } = (await w.call(user, 'POST', '/api/me/mfa/totp')).json<{ secret: string }>();
    return {
      route: 'POST /api/me/mfa/totp/confirm',
      perform: () => w.call(user, 'POST', '/api/me/mfa/totp/confirm', { code: totpCode(secret, w.t.clock.now()) }),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users'), t_('mfa_recovery_codes')],
      cleanup: () => {
        w.t.clock.advance(STEP_MS);
        return Promise.resolve();
      },
    };
  },
  'mfa.disabled': async (w) => {
    const user = await w.user();
    await enrolTotp(w.t, user);
    return {
      route: 'DELETE /api/me/mfa',
      perform: () => w.call(user, 'DELETE', '/api/me/mfa'),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users'), t_('mfa_recovery_codes')],
    };
  },
  'mfa.recovery_codes_replaced': async (w) => {
    const user = await w.user();
    await enrolTotp(w.t, user);
    return {
      route: 'POST /api/me/mfa/recovery-codes',
      perform: () => w.call(user, 'POST', '/api/me/mfa/recovery-codes'),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('mfa_recovery_codes')],
    };
  },
  'api_token.created': async (w) => {
    const user = await w.user();
    return {
      route: 'POST /api/me/tokens',
      perform: () => w.call(user, 'POST', '/api/me/tokens', { name: 'audit token', scopes: ['read'], expiresInDays: 30 }, 201),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('api_tokens')],
    };
  },
  'api_token.revoked': async (w) => {
    const user = await w.user();
    const created = await w.call(user, 'POST', '/api/me/tokens', { name: 'audit token', scopes: ['read'], expiresInDays: 30 }, 201);
    return {
      route: 'DELETE /api/me/tokens/:id',
      perform: () => w.call(user, 'DELETE', `/api/me/tokens/${created.json().info.id}`),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('api_tokens')],
    };
  },

  // ---- sign-in and sessions --------------------------------------------------------------------------------
  'signin.succeeded': [
    async (w) => {
      const user = await w.user();
      const ip = w.ip();
      return {
        route: 'POST /api/session',
        perform: () => signInFrom(w, user.username!, TEST_PASSWORD, ip),
        actor: user,
        target: { type: 'user', id: user.userId! },
        changes: [t_('sessions')],
      };
    },
    // The second step of a sign-in with an authenticator app.
    async (w) => {
      const user = await w.user();
      const { secret } = await enrolTotp(w.t, user);
      const ip = w.ip();
      const first = await signInFrom(w, user.username!, TEST_PASSWORD, ip);
      const cookie = first.cookies.find((c) => c.name === '__Host-parapet')!;
      const pending: Actor = { cookie: `${cookie.name}=${cookie.value}`, userId: user.userId, username: user.username, ip };
      return {
        route: 'POST /api/session/second-factor',
        perform: () => w.call(pending, 'POST', '/api/session/second-factor', { code: totpCode(secret, w.t.clock.now()) }),
        actor: user,
        target: { type: 'user', id: user.userId! },
        changes: [t_('sessions'), t_('users')],
        cleanup: () => {
          w.t.clock.advance(STEP_MS);
          return Promise.resolve();
        },
      };
    },
  ],
  'signin.password_accepted': async (w) => {
    const user = await w.user();
    await enrolTotp(w.t, user);
    const ip = w.ip();
    return {
      route: 'POST /api/session',
      perform: () => signInFrom(w, user.username!, TEST_PASSWORD, ip),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('sessions')],
    };
  },
  'signin.failed': async (w) => {
    const user = await w.user();
    const ip = w.ip();
    return {
      route: 'POST /api/session',
      perform: () => signInFrom(w, user.username!, 'not the password', ip),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [],
      eventOnly:
        'the verdict on an attempt that was counted before the password was hashed, in its own transaction ' +
        '(src/auth/sign-in.ts step 1), so that concurrent attempts never pass the limits',
    };
  },
  'signin.refused_locked': async (w) => {
    const user = await w.user();
    await w.t.database.db.query(sql`UPDATE users SET locked_at = ${w.t.clock.now()} WHERE id = ${user.userId!}`);
    const ip = w.ip();
    return {
      route: 'POST /api/session',
      perform: () => signInFrom(w, user.username!, TEST_PASSWORD, ip),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [],
      eventOnly: 'a sign-in refused before any check: the account is locked, nothing else changes',
    };
  },
  'signin.network_refused': async (w) => {
    const user = await w.user();
    await w.t.services.account.setSignInPolicy(system, user.userId!, { allowedNetworks: ['10.99.0.0/16'] });
    const ip = w.ip();
    await signInFrom(w, user.username!, 'a wrong password first', ip);
    return {
      route: 'POST /api/session',
      perform: () => signInFrom(w, user.username!, TEST_PASSWORD, ip),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      // The right password from outside the allowed networks still clears the failure count.
      changes: [t_('users')],
    };
  },
  'credentials.ended': async (w) => {
    const admin = await w.admin();
    const user = await w.user();
    await w.call(user, 'POST', '/api/me/tokens', { name: 'ends with the account', scopes: ['read'], expiresInDays: 30 }, 201);
    return {
      route: 'PATCH /api/users/:id',
      perform: () => w.call(admin, 'PATCH', `/api/users/${user.userId}`, { disabled: true }),
      actor: admin,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users'), t_('sessions'), t_('api_tokens')],
    };
  },
  'session.ended_network_refused': async (w) => {
    const user = await w.user();
    await w.t.services.account.setSignInPolicy(system, user.userId!, { allowedNetworks: ['10.98.0.0/16'] });
    return {
      route: 'GET /api/session',
      perform: () => w.call(user, 'GET', '/api/session'),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [t_('sessions')],
    };
  },
  'api_token.network_refused': async (w) => {
    const user = await w.user();
    const token = (await w.call(user, 'POST', '/api/me/tokens', { name: 'outside', scopes: ['read'], expiresInDays: 30 }, 201)).json()
      .token as string;
    await w.t.services.account.setSignInPolicy(system, user.userId!, { allowedNetworks: ['10.97.0.0/16'] });
    return {
      route: 'GET /api/session',
      perform: () => w.call(anonymous, 'GET', '/api/session', undefined, 401, { authorization: `Bearer ${token}` }),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [],
      eventOnly: "a token used from outside its owner's networks is refused; nothing else changes",
    };
  },
  'staff.network_refused': async (w) => {
    const admin = await w.admin();
    await w.t.database.db.transaction((tx) => changeSetting(system, tx, w.t.clock.now(), 'security', { staffNetworks: ['10.96.0.0/16'] }));
    return {
      route: 'GET /api/audit',
      perform: () => w.call(admin, 'GET', '/api/audit', undefined, 403),
      actor: admin,
      target: { type: 'route', id: 'GET /api/audit' },
      changes: [],
      eventOnly: 'a staff request from outside the staff networks is refused; nothing else changes',
      cleanup: async () => {
        await w.t.database.db.transaction((tx) => changeSetting(system, tx, w.t.clock.now(), 'security', { staffNetworks: [] }));
      },
    };
  },
  ...(Object.fromEntries(
    (['signin.second_factor_failed', 'signin.second_factor_abandoned'] as const).map((action) => [
      action,
      async (w: World): Promise<Step> => {
        const user = await w.user();
        const { secret } = await enrolTotp(w.t, user);
        const wrong = totpCode(secret, new Date(w.t.clock.now().getTime() + 3_600_000));
        const ip = w.ip();
        const pending = await signInFrom(w, user.username!, TEST_PASSWORD, ip);
        const cookie = pending.cookies.find((c) => c.name === '__Host-parapet')!;
        const pendingActor: Actor = { cookie: `${cookie.name}=${cookie.value}`, userId: undefined, username: undefined, ip };
        const code = () => w.t.request(pendingActor, { method: 'POST', url: '/api/session/second-factor', payload: { code: wrong } });
        // A pending sign-in takes five codes; the sixth ends it.
        if (action === 'signin.second_factor_abandoned') for (let i = 0; i < 5; i++) await code();
        return {
          route: 'POST /api/session/second-factor',
          perform: () => code(),
          actor: 'anonymous',
          target: { type: 'user', id: user.userId! },
          changes: action === 'signin.second_factor_abandoned' ? [t_('sessions')] : [],
          ...(action === 'signin.second_factor_failed'
            ? {
                eventOnly: 'the code was counted against the account before it was checked (in a transaction of its own, as a password is)',
              }
            : {}),
        };
      },
    ]),
  ) as Record<'signin.second_factor_failed' | 'signin.second_factor_abandoned', Scenario>),
  'device.locked': async (w) => {
    await setSettings(w.t, { lockoutThreshold: 3 });
    const user = await w.user();
    const first = await signInFrom(w, user.username!, TEST_PASSWORD, w.ip());
    const device = first.cookies.find((c) => c.name === '__Host-parapet-device')!.value;
    const ip = w.ip();
    const wrong = () =>
      w.t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: user.username, password: 'wrong from the device' },
        remoteAddress: ip,
        cookies: { '__Host-parapet-device': device },
      });
    for (let i = 0; i < 2; i++) await wrong();
    return {
      route: 'POST /api/session',
      perform: () => wrong(),
      actor: 'anonymous',
      target: { type: 'user', id: user.userId! },
      changes: [t_('known_devices')],
      cleanup: () => setSettings(w.t, { lockoutThreshold: 10 }),
    };
  },
  'ip.unblocked': async (w) => {
    const admin = await w.admin();
    await setSettings(w.t, { ipFailureLimit: 5 });
    const ip = w.ip();
    for (let i = 0; i < 5; i++) await signInFrom(w, 'nobody-at-all', 'wrong', ip);
    await setSettings(w.t, { ipFailureLimit: 30 });
    return {
      route: 'DELETE /api/admin/ip-blocks/:ip',
      perform: () => w.call(admin, 'DELETE', `/api/admin/ip-blocks/${encodeURIComponent(ip)}`),
      actor: admin,
      target: { type: 'ip', id: ip },
      changes: [t_('ip_blocks')],
    };
  },
  'credential.check_failed': async (w) => {
    const user = await w.user();
    return {
      route: 'POST /api/session/reauthenticate',
      perform: () => w.call(user, 'POST', '/api/session/reauthenticate', { password: 'not my password' }, 400),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('users')],
    };
  },
  'ip.blocked': async (w) => {
    await setSettings(w.t, { ipFailureLimit: 5 });
    const ip = w.ip();
    for (let i = 0; i < 4; i++) await signInFrom(w, 'nobody-at-all', 'wrong', ip);
    return {
      route: 'POST /api/session',
      perform: () => signInFrom(w, 'nobody-at-all', 'wrong', ip),
      actor: 'anonymous',
      target: { type: 'ip', id: ip },
      changes: [t_('ip_blocks')],
      cleanup: () => setSettings(w.t, { ipFailureLimit: 30 }),
    };
  },
  'session.reauthenticated': async (w) => {
    const user = await w.user();
    return {
      route: 'POST /api/session/reauthenticate',
      perform: () => w.call(user, 'POST', '/api/session/reauthenticate', { password: TEST_PASSWORD }),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('sessions')],
    };
  },
  'session.signed_out': async (w) => {
    const user = await w.user();
    return {
      route: 'DELETE /api/session',
      perform: () => w.call(user, 'DELETE', '/api/session'),
      actor: user,
      target: { type: 'user', id: user.userId! },
      changes: [t_('sessions')],
    };
  },
  'session.revoked': [
    async (w) => {
      const user = await w.user();
      await w.t.signIn(user.username!, TEST_PASSWORD, { ip: w.ip() });
      const sessions = (await w.call(user, 'GET', '/api/me/sessions')).json().items as { id: string; current: boolean }[];
      const other = sessions.find((s) => !s.current)!;
      return {
        route: 'DELETE /api/me/sessions/:sessionId',
        perform: () => w.call(user, 'DELETE', `/api/me/sessions/${other.id}`),
        actor: user,
        target: { type: 'user', id: user.userId! },
        changes: [t_('sessions')],
      };
    },
    async (w) => {
      const admin = await w.admin();
      const user = await w.user();
      const sessions = (await w.call(admin, 'GET', `/api/users/${user.userId}/sessions`)).json().items as { id: string }[];
      return {
        route: 'DELETE /api/users/:id/sessions/:sessionId',
        perform: () => w.call(admin, 'DELETE', `/api/users/${user.userId}/sessions/${sessions[0]!.id}`),
        actor: admin,
        target: { type: 'user', id: user.userId! },
        changes: [t_('sessions')],
      };
    },
  ],
  'session.revoked_all': [
    async (w) => {
      const user = await w.user();
      await w.t.signIn(user.username!, TEST_PASSWORD, { ip: w.ip() });
      return {
        route: 'DELETE /api/me/sessions',
        perform: () => w.call(user, 'DELETE', '/api/me/sessions'),
        actor: user,
        target: { type: 'user', id: user.userId! },
        changes: [t_('sessions')],
      };
    },
    async (w) => {
      const admin = await w.admin();
      const user = await w.user();
      return {
        route: 'DELETE /api/users/:id/sessions',
        perform: () => w.call(admin, 'DELETE', `/api/users/${user.userId}/sessions`),
        actor: admin,
        target: { type: 'user', id: user.userId! },
        changes: [t_('sessions')],
      };
    },
  ],
  'session.ended_ip_changed': async (w) => {
    const admin = await w.user({ isAdmin: true }); // administrators' sessions are bound to their IP by default
    return {
      route: 'GET /api/session',
      perform: () => w.t.request({ ...admin, ip: w.ip() }, { url: '/api/session' }),
      actor: 'anonymous',
      target: { type: 'user', id: admin.userId! },
      changes: [t_('sessions')],
    };
  },

  // ---- groups, pages and their access ------------------------------------------------------------------------
  'group.created': [
    async (w) => {
      const admin = await w.admin();
      let id = 0;
      return {
        route: 'POST /api/groups',
        perform: async () => {
          const res = await w.call(admin, 'POST', '/api/groups', { name: w.unique('Group') }, 201);
          id = res.json().id;
          return res;
        },
        actor: admin,
        get target() {
          return { type: 'group', id };
        },
        changes: [t_('groups'), t_('group_closure')],
      };
    },
    // A product's role groups, created with the product.
    async (w) => {
      const admin = await w.admin();
      let id = 0;
      return {
        route: 'POST /api/products',
        perform: async () => {
          const res = await w.call(admin, 'POST', '/api/products', { name: w.unique('Grouped product') }, 201);
          id = res.json().roleGroups.team.id;
          return res;
        },
        actor: admin,
        get target() {
          return { type: 'group', id };
        },
        changes: [t_('groups'), t_('group_closure'), t_('products')],
      };
    },
  ],
  'group.updated': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Group') }, 201)).json().id;
    return {
      route: 'PATCH /api/groups/:id',
      perform: () => w.call(admin, 'PATCH', `/api/groups/${id}`, { name: w.unique('Renamed group') }),
      actor: admin,
      target: { type: 'group', id },
      changes: [t_('groups')],
    };
  },
  'group.deleted': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Group') }, 201)).json().id;
    return {
      route: 'DELETE /api/groups/:id',
      perform: () => w.call(admin, 'DELETE', `/api/groups/${id}`),
      actor: admin,
      target: { type: 'group', id },
      changes: [t_('groups'), t_('group_closure')],
    };
  },
  'group.user_added': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Group') }, 201)).json().id;
    const user = await w.user();
    return {
      route: 'POST /api/groups/:id/members/users',
      perform: () => w.call(admin, 'POST', `/api/groups/${id}/members/users`, { userId: user.userId }),
      actor: admin,
      target: { type: 'group', id },
      changes: [t_('group_user_members')],
    };
  },
  'group.user_removed': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Group') }, 201)).json().id;
    const user = await w.user();
    await w.call(admin, 'POST', `/api/groups/${id}/members/users`, { userId: user.userId });
    return {
      route: 'DELETE /api/groups/:id/members/users/:userId',
      perform: () => w.call(admin, 'DELETE', `/api/groups/${id}/members/users/${user.userId}`),
      actor: admin,
      target: { type: 'group', id },
      changes: [t_('group_user_members')],
    };
  },
  'group.group_added': [
    async (w) => {
      const admin = await w.admin();
      const parent = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Parent') }, 201)).json().id;
      const child = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Child') }, 201)).json().id;
      return {
        route: 'POST /api/groups/:id/members/groups',
        perform: () => w.call(admin, 'POST', `/api/groups/${parent}/members/groups`, { groupId: child }),
        actor: admin,
        target: { type: 'group', id: parent },
        changes: [t_('group_group_members'), t_('group_closure')],
      };
    },
  ],
  'group.group_removed': async (w) => {
    const admin = await w.admin();
    const parent = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Parent') }, 201)).json().id;
    const child = (await w.call(admin, 'POST', '/api/groups', { name: w.unique('Child') }, 201)).json().id;
    await w.call(admin, 'POST', `/api/groups/${parent}/members/groups`, { groupId: child });
    return {
      route: 'DELETE /api/groups/:id/members/groups/:groupId',
      perform: () => w.call(admin, 'DELETE', `/api/groups/${parent}/members/groups/${child}`),
      actor: admin,
      target: { type: 'group', id: parent },
      changes: [t_('group_group_members'), t_('group_closure')],
    };
  },
  'page.created': async (w) => {
    const admin = await w.admin();
    let id = 0;
    return {
      route: 'POST /api/pages',
      perform: async () => {
        const res = await w.call(
          admin,
          'POST',
          '/api/pages',
          { title: w.unique('Page'), body: 'b', readGroupId: 1, editGroupId: 3, publishGroupId: 3 },
          201,
        );
        id = res.json().id;
        return res;
      },
      actor: admin,
      get target() {
        return { type: 'page', id };
      },
      changes: [t_('objects'), t_('pages')],
    };
  },
  'page.updated': async (w) => {
    const admin = await w.admin();
    const id = (
      await w.call(
        admin,
        'POST',
        '/api/pages',
        { title: w.unique('Page'), body: 'b', readGroupId: 1, editGroupId: 3, publishGroupId: 3 },
        201,
      )
    ).json().id;
    return {
      route: 'PATCH /api/pages/:id',
      perform: () => w.call(admin, 'PATCH', `/api/pages/${id}`, { body: 'changed' }),
      actor: admin,
      target: { type: 'page', id },
      changes: [t_('objects'), t_('pages')],
    };
  },
  'page.published': async (w) => {
    const admin = await w.admin();
    const id = (
      await w.call(
        admin,
        'POST',
        '/api/pages',
        { title: w.unique('Page'), body: 'b', readGroupId: 1, editGroupId: 3, publishGroupId: 3 },
        201,
      )
    ).json().id;
    return {
      route: 'POST /api/pages/:id/publish',
      perform: () => w.call(admin, 'POST', `/api/pages/${id}/publish`),
      actor: admin,
      target: { type: 'page', id },
      changes: [t_('objects')],
    };
  },
  'page.unpublished': async (w) => {
    const admin = await w.admin();
    const id = (
      await w.call(
        admin,
        'POST',
        '/api/pages',
        { title: w.unique('Page'), body: 'b', readGroupId: 1, editGroupId: 3, publishGroupId: 3 },
        201,
      )
    ).json().id;
    await w.call(admin, 'POST', `/api/pages/${id}/publish`);
    return {
      route: 'POST /api/pages/:id/unpublish',
      perform: () => w.call(admin, 'POST', `/api/pages/${id}/unpublish`),
      actor: admin,
      target: { type: 'page', id },
      changes: [t_('objects')],
    };
  },
  'object.access_changed': async (w) => {
    const admin = await w.admin();
    const id = (
      await w.call(
        admin,
        'POST',
        '/api/pages',
        { title: w.unique('Page'), body: 'b', readGroupId: 1, editGroupId: 3, publishGroupId: 3 },
        201,
      )
    ).json().id;
    return {
      route: 'PUT /api/pages/:id/access',
      perform: () => w.call(admin, 'PUT', `/api/pages/${id}/access`, { readGroupId: 2, editGroupId: 3, publishGroupId: 3 }),
      actor: admin,
      target: { type: 'page', id },
      changes: [t_('objects'), t_('object_read_keys')],
    };
  },

  // ---- products ----------------------------------------------------------------------------------------------
  'product.created': async (w) => {
    const admin = await w.admin();
    let id = 0;
    return {
      route: 'POST /api/products',
      perform: async () => {
        const res = await w.call(admin, 'POST', '/api/products', { name: w.unique('Product') }, 201);
        id = res.json().id;
        return res;
      },
      actor: admin,
      get target() {
        return { type: 'product', id };
      },
      changes: [t_('products'), t_('groups')],
    };
  },
  'product.updated': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/products', { name: w.unique('Product') }, 201)).json().id;
    return {
      route: 'PATCH /api/products/:id',
      perform: () => w.call(admin, 'PATCH', `/api/products/${id}`, { description: 'Changed for the audit.' }),
      actor: admin,
      target: { type: 'product', id },
      changes: [t_('products')],
    };
  },
  'product.deleted': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/products', { name: w.unique('Product') }, 201)).json().id;
    return {
      route: 'DELETE /api/products/:id',
      perform: () => w.call(admin, 'DELETE', `/api/products/${id}`),
      actor: admin,
      target: { type: 'product', id },
      changes: [t_('products')],
    };
  },
  'product.version_added': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/products', { name: w.unique('Product') }, 201)).json().id;
    return {
      route: 'POST /api/products/:id/versions',
      perform: () => w.call(admin, 'POST', `/api/products/${id}/versions`, { version: '1.0' }, 201),
      actor: admin,
      target: { type: 'product', id },
      changes: [t_('product_versions'), t_('products')],
    };
  },
  'product.version_updated': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/products', { name: w.unique('Product') }, 201)).json().id;
    const version = (await w.call(admin, 'POST', `/api/products/${id}/versions`, { version: '1.0' }, 201)).json().id;
    return {
      route: 'PATCH /api/products/:id/versions/:versionId',
      perform: () => w.call(admin, 'PATCH', `/api/products/${id}/versions/${version}`, { releasedOn: '2025-06-01' }),
      actor: admin,
      target: { type: 'product', id },
      changes: [t_('product_versions'), t_('products')],
    };
  },
  'product.version_deleted': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/products', { name: w.unique('Product') }, 201)).json().id;
    const version = (await w.call(admin, 'POST', `/api/products/${id}/versions`, { version: '1.0' }, 201)).json().id;
    return {
      route: 'DELETE /api/products/:id/versions/:versionId',
      perform: () => w.call(admin, 'DELETE', `/api/products/${id}/versions/${version}`),
      actor: admin,
      target: { type: 'product', id },
      changes: [t_('product_versions'), t_('products')],
    };
  },

  // ---- reports -----------------------------------------------------------------------------------------------
  'report.submitted': (w) => {
    let id = 0;
    return {
      route: 'POST /api/reports',
      perform: async () => {
        const res = await w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/reports', submissionFor(w), 201);
        id = res.json().id;
        return res;
      },
      actor: 'anonymous',
      get target() {
        return { type: 'report', id };
      },
      changes: [t_('report_inbox'), t_('intake_submissions')],
    };
  },
  'report.created': (w) => {
    let id = 0;
    return {
      route: 'POST /api/reports',
      perform: async () => {
        const res = await w.call({ ...anonymous, ip: w.ip() }, 'POST', '/api/reports', submissionFor(w), 201);
        id = res.json().id;
        return res;
      },
      actor: 'anonymous',
      get target() {
        return { type: 'report', id };
      },
      changes: [t_('reports'), t_('objects'), t_('report_events'), t_('report_inbox'), JOBS],
    };
  },
  'report.state_changed': [
    async (w) => {
      const id = await w.report();
      return {
        route: 'POST /api/reports/:id/transition',
        perform: () => w.call(w.team, 'POST', `/api/reports/${id}/transition`, { to: 'triaged', reason: 'Reproduced.' }),
        actor: w.team,
        target: { type: 'report', id },
        changes: [t_('reports'), t_('report_events'), JOBS],
      };
    },
    async (w) => {
      const id = await w.report();
      return {
        route: 'POST /api/reports/bulk/transition',
        perform: () => w.call(w.team, 'POST', '/api/reports/bulk/transition', { ids: [id], to: 'spam', reason: 'Junk.' }),
        actor: w.team,
        target: { type: 'report', id },
        changes: [t_('reports'), t_('report_events'), JOBS],
      };
    },
    // The reporter's answer to "needs more info" sends the report back to where it was.
    async (w) => {
      const id = await w.report('needs_more_info');
      return {
        route: 'POST /api/reports/:id/comments',
        perform: () => w.call(w.reporter, 'POST', `/api/reports/${id}/comments`, { body: 'Firefox 140 on Linux.' }),
        actor: w.reporter,
        target: { type: 'report', id },
        changes: [t_('reports'), t_('report_events'), JOBS],
      };
    },
    // The timer closes a report whose reporter did not answer "needs more info" (as informative).
    async (w) => {
      const id = await w.report('needs_more_info');
      const now = w.t.clock.now().getTime();
      await w.t.database.db.query(sql`UPDATE reports SET needs_info_since = ${new Date(now - 40 * 86_400_000)},
        needs_info_warned_at = ${new Date(now - 10 * 86_400_000)} WHERE object_id = ${id}`);
      return {
        perform: () => sweep(w),
        actor: 'system',
        target: { type: 'report', id },
        changes: [t_('reports'), t_('report_events'), JOBS],
      };
    },
  ],
  'report.withdrawn': async (w) => {
    const id = await w.report();
    return {
      route: 'POST /api/reports/:id/withdraw',
      perform: () => w.call(w.reporter, 'POST', `/api/reports/${id}/withdraw`, { reason: 'Mistaken.' }),
      actor: w.reporter,
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events'), JOBS],
    };
  },
  'report.acknowledged': async (w) => {
    const id = await w.report();
    return {
      route: 'POST /api/reports/:id/acknowledge',
      perform: () => w.call(w.team, 'POST', `/api/reports/${id}/acknowledge`),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events'), JOBS],
    };
  },
  'report.assigned': async (w) => {
    const id = await w.report();
    return {
      route: 'PUT /api/reports/:id/assignee',
      perform: () => w.call(w.team, 'PUT', `/api/reports/${id}/assignee`, { assigneeId: w.team.userId }),
      actor: w.team,
      target: { type: 'report', id },
      // Assignment grants nothing (no group membership): the assignee reads the report as a team member.
      changes: [t_('reports'), t_('report_events'), t_('notifications')],
    };
  },
  'report.scored': async (w) => {
    const id = await w.report();
    return {
      route: 'PUT /api/reports/:id/severity',
      perform: () => w.call(w.team, 'PUT', `/api/reports/${id}/severity`, { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events')],
    };
  },
  'report.classified': async (w) => {
    const id = await w.report();
    return {
      route: 'PUT /api/reports/:id/classification',
      perform: () => w.call(w.team, 'PUT', `/api/reports/${id}/classification`, { cweId: 79 }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events')],
    };
  },
  'report.checklist_changed': async (w) => {
    const id = await w.report();
    return {
      route: 'PUT /api/reports/:id/checklist/:key',
      perform: () => w.call(w.team, 'PUT', `/api/reports/${id}/checklist/validated`, { done: true }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events')],
    };
  },
  'report.disclosure_changed': async (w) => {
    const id = await w.report();
    return {
      route: 'PUT /api/reports/:id/disclosure',
      perform: () =>
        w.call(w.team, 'PUT', `/api/reports/${id}/disclosure`, { extensionDays: 14, extensionReason: 'The fix needs a release.' }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events'), JOBS],
    };
  },
  'report.version_added': async (w) => {
    const id = await w.report();
    return {
      route: 'POST /api/reports/:id/versions',
      perform: () => w.call(w.team, 'POST', `/api/reports/${id}/versions`, { productId: w.productId, affected: '>= 1.0' }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_versions')],
    };
  },
  'report.version_changed': async (w) => {
    const id = await w.report();
    const v = (await w.call(w.team, 'POST', `/api/reports/${id}/versions`, { productId: w.productId, affected: '>= 1.0' })).json()
      .versions[0].id;
    return {
      route: 'PATCH /api/reports/:id/versions/:versionId',
      perform: () => w.call(w.team, 'PATCH', `/api/reports/${id}/versions/${v}`, { fixedIn: '1.2' }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_versions')],
    };
  },
  'report.version_removed': async (w) => {
    const id = await w.report();
    const v = (await w.call(w.team, 'POST', `/api/reports/${id}/versions`, { productId: w.productId, affected: '>= 1.0' })).json()
      .versions[0].id;
    return {
      route: 'DELETE /api/reports/:id/versions/:versionId',
      perform: () => w.call(w.team, 'DELETE', `/api/reports/${id}/versions/${v}`),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_versions')],
    };
  },
  'report.commented': async (w) => {
    const id = await w.report();
    return {
      route: 'POST /api/reports/:id/comments',
      perform: () => w.call(w.team, 'POST', `/api/reports/${id}/comments`, { body: 'A word to the reporter.' }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_events'), JOBS],
    };
  },
  'report.attachment_added': async (w) => {
    const id = await w.report();
    return {
      route: 'POST /api/reports/:id/attachments',
      perform: () =>
        w.call(w.reporter, 'POST', `/api/reports/${id}/attachments?filename=proof.txt`, Buffer.from('proof'), 201, {
          'content-type': 'application/octet-stream',
        }),
      actor: w.reporter,
      target: { type: 'report', id },
      changes: [t_('report_attachments'), t_('report_events')],
    };
  },
  'report.member_added': async (w) => {
    const id = await w.report();
    const other = await w.user();
    return {
      route: 'POST /api/reports/:id/members',
      perform: () => w.call(w.team, 'POST', `/api/reports/${id}/members`, { username: other.username, role: 'collaborator' }),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_members'), t_('group_user_members'), t_('report_events')],
    };
  },
  'report.member_removed': async (w) => {
    const id = await w.report();
    const other = await w.user();
    await w.call(w.team, 'POST', `/api/reports/${id}/members`, { username: other.username, role: 'collaborator' });
    return {
      route: 'DELETE /api/reports/:id/members/:userId',
      perform: () => w.call(w.team, 'DELETE', `/api/reports/${id}/members/${other.userId}`),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_members'), t_('group_user_members'), t_('report_events')],
    };
  },
  'report.invitation_created': async (w) => {
    const id = await w.report();
    const other = await w.user();
    return {
      route: 'POST /api/reports/:id/invitations',
      perform: () => w.call(w.reporter, 'POST', `/api/reports/${id}/invitations`, { username: other.username }),
      actor: w.reporter,
      target: { type: 'report', id },
      changes: [t_('report_invitations'), t_('report_events'), t_('notifications'), JOBS],
    };
  },
  'report.invitation_withdrawn': async (w) => {
    const id = await w.report();
    await w.call(w.reporter, 'POST', `/api/reports/${id}/invitations`, { username: w.unique('nobody') });
    const view = await w.call(w.reporter, 'GET', `/api/reports/${id}`);
    const invitation = (view.json().invitations as { id: number }[])[0]!;
    return {
      route: 'DELETE /api/reports/:id/invitations/:invitationId',
      perform: () => w.call(w.reporter, 'DELETE', `/api/reports/${id}/invitations/${invitation.id}`),
      actor: w.reporter,
      target: { type: 'report', id },
      changes: [t_('report_invitations'), t_('report_events')],
    };
  },
  ...(Object.fromEntries(
    (['accepted', 'declined'] as const).map((outcome) => [
      `report.invitation_${outcome}`,
      async (w: World): Promise<Step> => {
        const id = await w.report();
        const invitee = await w.user();
        await w.call(w.reporter, 'POST', `/api/reports/${id}/invitations`, { username: invitee.username });
        const mine = (await w.call(invitee, 'GET', '/api/me/invitations')).json().items as { id: number }[];
        return {
          route: `POST /api/me/invitations/:id/${outcome === 'accepted' ? 'accept' : 'decline'}`,
          perform: () => w.call(invitee, 'POST', `/api/me/invitations/${mine[0]!.id}/${outcome === 'accepted' ? 'accept' : 'decline'}`),
          actor: invitee,
          target: { type: 'report', id },
          changes:
            outcome === 'accepted'
              ? [t_('report_invitations'), t_('report_members'), t_('group_user_members'), t_('report_events')]
              : [t_('report_invitations'), t_('report_events')],
        };
      },
    ]),
  ) as Record<'report.invitation_accepted' | 'report.invitation_declined', Scenario>),
  'report.link_created': async (w) => {
    const id = await w.report();
    return {
      route: 'POST /api/reports/:id/links',
      perform: () => w.call(w.team, 'POST', `/api/reports/${id}/links`, undefined, 201),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_links'), t_('report_events')],
    };
  },
  'report.links_revoked': async (w) => {
    const id = await w.report();
    await w.call(w.team, 'POST', `/api/reports/${id}/links`, undefined, 201);
    return {
      route: 'DELETE /api/reports/:id/links',
      perform: () => w.call(w.team, 'DELETE', `/api/reports/${id}/links`),
      actor: w.team,
      target: { type: 'report', id },
      changes: [t_('report_links'), t_('report_events')],
    };
  },
  'report.link_mailed': async (w) => {
    // An anonymous reporter's mail carries a fresh secret link, made when the mail job builds the message.
    const submitted = await w.call(
      { ...anonymous, ip: w.ip() },
      'POST',
      '/api/reports',
      {
        title: 'Mailed link',
        description: 'A report whose receipt carries a link.',
        productId: w.productId,
        contactEmail: 'anon@example.org',
      },
      201,
    );
    const id = submitted.json().id as number;
    return {
      perform: async () => {
        await w.t.mails();
      },
      actor: 'system',
      target: { type: 'report', id },
      changes: [t_('report_links')],
    };
  },
  'report.needs_info_warned': async (w) => {
    const id = await w.report('needs_more_info');
    await w.t.database.db.query(
      sql`UPDATE reports SET needs_info_since = ${new Date(w.t.clock.now().getTime() - 25 * 86_400_000)} WHERE object_id = ${id}`,
    );
    return {
      perform: () => sweep(w),
      actor: 'system',
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events'), JOBS],
    };
  },
  'report.sla_alert': async (w) => {
    const id = await w.report();
    await w.t.database.db.query(
      sql`UPDATE reports SET received_at = ${new Date(w.t.clock.now().getTime() - 30 * 86_400_000)} WHERE object_id = ${id}`,
    );
    return {
      perform: () => sweep(w),
      actor: 'system',
      target: { type: 'report', id },
      changes: [t_('reports'), t_('report_events'), t_('notifications'), JOBS],
    };
  },

  // ---- report administration ---------------------------------------------------------------------------------
  'cve_pool.added': async (w) => {
    const admin = await w.admin();
    return {
      route: 'POST /api/admin/cve-pool',
      perform: () => w.call(admin, 'POST', '/api/admin/cve-pool', { ids: ['CVE-2026-90001'] }),
      actor: admin,
      target: { type: 'cve_pool', id: 'pool' },
      changes: [t_('cve_pool')],
    };
  },
  'cve_pool.removed': async (w) => {
    const admin = await w.admin();
    await w.call(admin, 'POST', '/api/admin/cve-pool', { ids: ['CVE-2026-90002'] });
    return {
      route: 'DELETE /api/admin/cve-pool/:cveId',
      perform: () => w.call(admin, 'DELETE', '/api/admin/cve-pool/CVE-2026-90002'),
      actor: admin,
      target: { type: 'cve_pool', id: 'CVE-2026-90002' },
      changes: [t_('cve_pool')],
    };
  },
  'canned_response.created': async (w) => {
    const admin = await w.admin();
    let id = 0;
    return {
      route: 'POST /api/admin/canned-responses',
      perform: async () => {
        const res = await w.call(admin, 'POST', '/api/admin/canned-responses', { title: w.unique('Canned'), body: 'Thanks.' }, 201);
        id = res.json().id;
        return res;
      },
      actor: admin,
      get target() {
        return { type: 'canned_response', id };
      },
      changes: [t_('canned_responses')],
    };
  },
  'canned_response.changed': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/admin/canned-responses', { title: w.unique('Canned'), body: 'Thanks.' }, 201)).json().id;
    return {
      route: 'PATCH /api/admin/canned-responses/:id',
      perform: () => w.call(admin, 'PATCH', `/api/admin/canned-responses/${id}`, { body: 'Thank you.' }),
      actor: admin,
      target: { type: 'canned_response', id },
      changes: [t_('canned_responses')],
    };
  },
  'canned_response.deleted': async (w) => {
    const admin = await w.admin();
    const id = (await w.call(admin, 'POST', '/api/admin/canned-responses', { title: w.unique('Canned'), body: 'Thanks.' }, 201)).json().id;
    return {
      route: 'DELETE /api/admin/canned-responses/:id',
      perform: () => w.call(admin, 'DELETE', `/api/admin/canned-responses/${id}`),
      actor: admin,
      target: { type: 'canned_response', id },
      changes: [t_('canned_responses')],
    };
  },

  // ---- installation settings and the team key ----------------------------------------------------------------
  'settings.security_changed': async (w) => {
    const admin = await w.admin();
    return {
      route: 'PATCH /api/admin/security-settings',
      perform: () => w.call(admin, 'PATCH', '/api/admin/security-settings', { ipBlockMinutes: 16 }),
      actor: admin,
      target: { type: 'settings', id: 'security' },
      changes: [t_('settings')],
    };
  },
  'settings.intake_changed': async (w) => {
    const admin = await w.admin();
    return {
      route: 'PATCH /api/admin/intake-settings',
      perform: () => w.call(admin, 'PATCH', '/api/admin/intake-settings', { perIpPerDay: 40 }),
      actor: admin,
      target: { type: 'settings', id: 'intake' },
      changes: [t_('settings')],
    };
  },
  'settings.disclosure_changed': async (w) => {
    const admin = await w.admin();
    return {
      route: 'PATCH /api/admin/disclosure-settings',
      perform: () => w.call(admin, 'PATCH', '/api/admin/disclosure-settings', { preferredLanguages: ['en', 'de'] }),
      actor: admin,
      target: { type: 'settings', id: 'disclosure' },
      changes: [t_('settings')],
    };
  },
  'settings.report_sla_changed': async (w) => {
    const admin = await w.admin();
    return {
      route: 'PATCH /api/admin/sla',
      perform: () => w.call(admin, 'PATCH', '/api/admin/sla', { acknowledgeBusinessDays: 3 }), // a real change: an unchanged value records nothing
      actor: admin,
      target: { type: 'settings', id: 'report_sla' },
      changes: [t_('settings')],
    };
  },
  'settings.report_templates_changed': async (w) => {
    const admin = await w.admin();
    return {
      route: 'PUT /api/admin/report-templates',
      perform: () =>
        w.call(admin, 'PUT', '/api/admin/report-templates', {
          acknowledgement: { subject: 'Thanks for {tracking_id}', body: 'Dear {reporter}, thank you.' },
        }),
      actor: admin,
      target: { type: 'settings', id: 'report_templates' },
      changes: [t_('settings')],
    };
  },
  'team_key.generated': async (w) => {
    const admin = await w.admin();
    return {
      route: 'POST /api/admin/team-key/generate',
      perform: () => w.call(admin, 'POST', '/api/admin/team-key/generate', { name: 'Audit Team', email: 'security@example.org' }, 201),
      actor: admin,
      target: { type: 'settings', id: 'team_pgp_key' },
      changes: [t_('settings')],
    };
  },
  'team_key.imported': async (w) => {
    const admin = await w.admin();
    const key = await openpgp.generateKey({
      type: 'ecc',
      userIDs: [{ name: 'Imported Team', email: 'psirt@example.org' }],
      date: w.t.clock.now(),
    });
    return {
      route: 'POST /api/admin/team-key/import',
      perform: () => w.call(admin, 'POST', '/api/admin/team-key/import', { privateKey: key.privateKey }, 201),
      actor: admin,
      target: { type: 'settings', id: 'team_pgp_key' },
      changes: [t_('settings')],
    };
  },
  'team_key.exported': async (w) => {
    const admin = await w.admin();
    await w.call(admin, 'POST', '/api/admin/team-key/generate', { name: 'Audit Team', email: 'security@example.org' }, 201);
    return {
      route: 'POST /api/admin/team-key/export',
      perform: () => w.call(admin, 'POST', '/api/admin/team-key/export'),
      actor: admin,
      target: { type: 'settings', id: 'team_pgp_key' },
      changes: [],
      eventOnly: 'an administrator read the private key: the act itself is what is recorded',
    };
  },
  'team_key.removed': async (w) => {
    const admin = await w.admin();
    await w.call(admin, 'POST', '/api/admin/team-key/generate', { name: 'Audit Team', email: 'security@example.org' }, 201);
    return {
      route: 'DELETE /api/admin/team-key',
      perform: () => w.call(admin, 'DELETE', '/api/admin/team-key'),
      actor: admin,
      target: { type: 'settings', id: 'team_pgp_key' },
      changes: [t_('settings')],
    };
  },
};

function submissionFor(w: World) {
  return {
    title: w.unique('Audited submission'),
    description: 'Something is wrong.',
    productId: w.productId,
    contactEmail: 'someone@example.net',
  };
}

const sweep = async (w: World) => {
  const result = await sweepReports(system, w.t.services.deps, w.t.clock.now());
  if (result.failures.length > 0) throw result.failures[0]!.error;
};
