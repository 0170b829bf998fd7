// Signing in and out, and who the current session is.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { userType } from '../../access/session.ts';
import { SESSION_ABSOLUTE_MS } from '../../auth/session-store.ts';
import type { Services } from '../../services.ts';
import { clearSessionCookie, setSessionCookie } from '../plugins/request-session.ts';
import { Ok, responses } from '../schemas.ts';

const Preferences = Type.Object(
  {
    language: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47 language tag.' })),
    theme: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('system')])),
  },
  { additionalProperties: false },
);
type PreferencesT = { language?: string; theme?: 'light' | 'dark' | 'system' };

const Me = Type.Object({
  userType: Type.Union([Type.Literal('anonymous'), Type.Literal('user'), Type.Literal('administrator')]),
  user: Type.Union([Type.Object({ id: Type.Integer(), username: Type.String(), isAdmin: Type.Boolean() }), Type.Null()]),
  preferences: Preferences,
});

function preferencesOf(data: Record<string, unknown>): PreferencesT {
  const p = (data.preferences ?? {}) as Record<string, unknown>;
  return {
    ...(typeof p.language === 'string' ? { language: p.language } : {}),
    ...(p.theme === 'light' || p.theme === 'dark' || p.theme === 'system' ? { theme: p.theme } : {}),
  };
}

export function sessionRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/session', {
    schema: { tags: ['session'], summary: 'The current session', response: responses({ 200: Me }) },
  }, async (request) => {
    const s = request.session;
    return {
      userType: userType(s) as 'anonymous' | 'user' | 'administrator',
      user: s.kind === 'user' ? { id: s.userId, username: s.username, isAdmin: s.isAdmin } : null,
      preferences: preferencesOf(request.sessionData),
    };
  });

  app.put('/api/session/preferences', {
    schema: {
      tags: ['session'],
      summary: "Save display preferences in the session (an anonymous visitor's session is stored from then on)",
      body: Preferences,
      response: responses({ 200: Me }),
    },
  }, async (request, reply) => {
    const data = { ...request.sessionData, preferences: { ...preferencesOf(request.sessionData), ...request.body } };
    const saved = await services.auth.saveSessionData(request.session, request.sessionToken, data, String(request.headers['user-agent'] ?? ''));
    if (saved.created) setSessionCookie(reply, saved.token, Math.floor(SESSION_ABSOLUTE_MS / 1000));
    const s = request.session;
    return {
      userType: userType(s) as 'anonymous' | 'user' | 'administrator',
      user: s.kind === 'user' ? { id: s.userId, username: s.username, isAdmin: s.isAdmin } : null,
      preferences: preferencesOf(data),
    };
  });

  app.post('/api/session', {
    schema: {
      tags: ['session'],
      summary: 'Sign in',
      body: Type.Object(
        { username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 4096 }) },
        { additionalProperties: false },
      ),
      response: responses({ 200: Me }),
    },
  }, async (request, reply) => {
    const { token, user } = await services.auth.signIn(request.session, {
      ...request.body,
      userAgent: String(request.headers['user-agent'] ?? ''),
      previousToken: request.sessionToken,
      previousData: request.sessionData,
    });
    setSessionCookie(reply, token, Math.floor(SESSION_ABSOLUTE_MS / 1000));
    return { userType: user.isAdmin ? ('administrator' as const) : ('user' as const), user, preferences: preferencesOf(request.sessionData) };
  });

  app.delete('/api/session', {
    schema: { tags: ['session'], summary: 'Sign out (the session ends on the server)', response: responses({ 200: Ok }) },
  }, async (request, reply) => {
    await services.auth.signOut(request.session, request.sessionToken);
    clearSessionCookie(reply);
    return { ok: true as const };
  });
}
