// Signing in (password, then the second factor when set), re-authenticating, signing out, and who the
// current session is — including the one step a restricted session must take next.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { userType } from '../../access/session.ts';
import { accountUserType, INSTALLATION_ACTIONS, isStaffAccount } from '../../domain/installation/policy.ts';
import { abilitiesSchema } from '../../presenters/abilities.ts';
import { DEVICE_COOKIE, DEVICE_LIFETIME_MS } from '../../auth/device-cookie.ts';
import { AppError } from '../../errors/catalog.ts';
import type { Services } from '../../services.ts';
import { clearSessionCookie, setSessionCookie } from '../plugins/request-session.ts';
import { Ok, responses } from '../schemas.ts';

const Preferences = Type.Object(
  {
    language: Type.Optional(
      Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47 language tag.' }),
    ),
    theme: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('system')])),
  },
  { additionalProperties: false },
);
type PreferencesT = { language?: string; theme?: 'light' | 'dark' | 'system' };

const Next = Type.Union(
  [Type.Literal('done'), Type.Literal('second_factor'), Type.Literal('change_password'), Type.Literal('enrol_second_factor')],
  {
    description:
      'What the session must do before anything else: nothing, enter the second factor, choose a new password, or set up a second factor.',
  },
);
type NextT = 'done' | 'second_factor' | 'change_password' | 'enrol_second_factor';

const Abilities = abilitiesSchema(
  INSTALLATION_ACTIONS,
  "What the user may do with the installation (src/domain/installation/policy.ts), as the server decides it: administer (the administration area), triage (the security team's pages: report inbox, dashboard, bulk triage) and each administration page. The UI shows only that; the server checks every request itself.",
);

export const Me = Type.Object({
  userType: Type.Union([Type.Literal('anonymous'), Type.Literal('user'), Type.Literal('administrator')]),
  user: Type.Union([
    Type.Object({ id: Type.Integer(), username: Type.String(), isAdmin: Type.Boolean(), staff: Type.Boolean(), abilities: Abilities }),
    Type.Null(),
  ]),
  next: Next,
  preferences: Preferences,
});

function preferencesOf(data: Record<string, unknown>): PreferencesT {
  const p = (data.preferences ?? {}) as Record<string, unknown>;
  return {
    ...(typeof p.language === 'string' ? { language: p.language } : {}),
    ...(p.theme === 'light' || p.theme === 'dark' || p.theme === 'system' ? { theme: p.theme } : {}),
  };
}

function nextStep(request: FastifyRequest): NextT {
  if (request.pendingMfaUserId !== undefined) return 'second_factor';
  if (request.restriction === 'password_change') return 'change_password';
  if (request.restriction === 'mfa_enrollment') return 'enrol_second_factor';
  return 'done';
}

async function me(services: Services, request: FastifyRequest, data: Record<string, unknown> = request.sessionData) {
  const s = request.session;
  return {
    userType: userType(s) as 'anonymous' | 'user' | 'administrator',
    user:
      s.kind === 'user' ? await signedInUser(services, request, { id: s.userId, username: s.username, isAdmin: s.isAdmin }, s.staff) : null,
    next: nextStep(request),
    preferences: preferencesOf(data),
  };
}

async function signedInUser(
  services: Services,
  request: FastifyRequest,
  user: { id: number; username: string; isAdmin: boolean },
  staff: boolean,
) {
  return {
    ...user,
    staff: isStaffAccount({ isAdmin: user.isAdmin, staffConsole: staff }),
    abilities: await services.auth.abilities(request.session, user),
  };
}

/** The device cookie (known-device-repository.ts): a completed sign-in's browser is a known device of its user. */
function setDeviceCookie(reply: FastifyReply, token: string | undefined): void {
  if (!token) return;
  reply.setCookie(DEVICE_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: DEVICE_LIFETIME_MS / 1000 });
}

async function cookieLifetime(services: Services): Promise<number> {
  const settings = await services.settings.read('security');
  return settings.sessionAbsoluteHours * 3600;
}

export function sessionRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['session'];

  app.get(
    '/api/session',
    {
      schema: { tags, summary: 'The current session and the step it must take next', response: responses({ 200: Me }) },
    },
    async (request) => me(services, request),
  );

  app.put(
    '/api/session/preferences',
    {
      schema: {
        tags,
        summary: "Save display preferences in the session (an anonymous visitor's session is stored from then on)",
        body: Preferences,
        response: responses({ 200: Me }),
      },
    },
    async (request, reply) => {
      const data = { ...request.sessionData, preferences: { ...preferencesOf(request.sessionData), ...request.body } };
      const saved = await services.auth.saveSessionData(request.session, request.sessionToken, data, request.headers['user-agent'] ?? '');
      if (saved.created) setSessionCookie(reply, saved.token, await cookieLifetime(services));
      return me(services, request, data);
    },
  );

  app.post(
    '/api/session',
    {
      schema: {
        tags,
        summary: 'Sign in with username and password (a new session every time)',
        description:
          'Unknown user, wrong password and locked account all answer 401 sign_in_failed with the same body. A client IP with too many recent failures gets 429 with Retry-After. A completed sign-in sets the device cookie (__Host-parapet-device): failures from that browser count against it alone, and the account lock does not stop it.',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 4096 }) },
          { additionalProperties: false },
        ),
        response: responses({ 200: Me }),
      },
    },
    async (request, reply) => {
      const result = await services.signIn.signIn(request.session, {
        ...request.body,
        userAgent: request.headers['user-agent'] ?? '',
        previousToken: request.sessionToken,
        previousData: request.sessionData,
        deviceToken: request.cookies[DEVICE_COOKIE],
      });
      setSessionCookie(reply, result.token, await cookieLifetime(services));
      // The same rule the next request is held to (request-session.ts): staff, and readers of non-public reports.
      const mustEnrol =
        !result.mfaRequired &&
        (result.mfaEnrolmentRequired ||
          (await services.account.mustEnrolSecondFactor(request.session, {
            userId: result.user.id,
            staff: isStaffAccount({ isAdmin: result.user.isAdmin, staffConsole: result.staff }),
            mfaEnabled: false,
          })));
      setDeviceCookie(reply, result.deviceToken);
      const next: NextT = result.mfaRequired
        ? 'second_factor'
        : result.mustChangePassword
          ? 'change_password'
          : mustEnrol
            ? 'enrol_second_factor'
            : 'done';
      const signedIn = next !== 'second_factor';
      return {
        userType: signedIn ? accountUserType(result.user) : ('anonymous' as const),
        user: signedIn ? await signedInUser(services, request, result.user, result.staff) : null,
        next,
        preferences: preferencesOf(request.sessionData),
      };
    },
  );

  app.post(
    '/api/session/second-factor',
    {
      schema: {
        tags,
        summary: 'Complete a sign-in with the current authenticator code or a recovery code',
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
        response: responses({ 200: Me }),
      },
    },
    async (request: FastifyRequest<{ Body: { code: string } }>, reply: FastifyReply) => {
      if (request.pendingMfaUserId === undefined || !request.sessionToken) {
        throw new AppError('unauthenticated', 'Sign in with your password first.');
      }
      const done = await services.signIn.completeSecondFactor(request.session, {
        userId: request.pendingMfaUserId,
        token: request.sessionToken,
        code: request.body.code,
        userAgent: request.headers['user-agent'] ?? '',
        deviceToken: request.cookies[DEVICE_COOKIE],
      });
      setSessionCookie(reply, done.token, await cookieLifetime(services));
      setDeviceCookie(reply, done.deviceToken);
      return {
        userType: accountUserType(done.user),
        user: await signedInUser(services, request, done.user, done.staff),
        next: done.mustChangePassword ? ('change_password' as const) : ('done' as const),
        preferences: preferencesOf(request.sessionData),
      };
    },
  );

  app.post(
    '/api/session/reauthenticate',
    {
      schema: {
        tags,
        summary: 'Confirm the password (and second factor) again; sensitive changes need this within 10 minutes',
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 4096 }), code: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.reauthenticate(request.session, request.body);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/session',
    {
      schema: { tags, summary: 'Sign out (the session ends on the server)', response: responses({ 200: Ok }) },
    },
    async (request, reply) => {
      await services.auth.signOut(request.session, request.sessionToken);
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );
}
