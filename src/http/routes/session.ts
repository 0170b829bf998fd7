// Signing in and out, and who the current session is.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { userType } from '../../access/session.ts';
import { SESSION_ABSOLUTE_MS } from '../../auth/session-store.ts';
import type { Services } from '../../services.ts';
import { clearSessionCookie, setSessionCookie } from '../plugins/request-session.ts';
import { Ok, responses } from '../schemas.ts';

const Me = Type.Object({
  userType: Type.Union([Type.Literal('anonymous'), Type.Literal('user'), Type.Literal('administrator')]),
  user: Type.Union([Type.Object({ id: Type.Integer(), username: Type.String(), isAdmin: Type.Boolean() }), Type.Null()]),
});

export function sessionRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/session', {
    schema: { tags: ['session'], summary: 'The current session', response: responses({ 200: Me }) },
  }, async (request) => {
    const s = request.session;
    return {
      userType: userType(s) as 'anonymous' | 'user' | 'administrator',
      user: s.kind === 'user' ? { id: s.userId, username: s.username, isAdmin: s.isAdmin } : null,
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
    });
    setSessionCookie(reply, token, Math.floor(SESSION_ABSOLUTE_MS / 1000));
    return { userType: user.isAdmin ? ('administrator' as const) : ('user' as const), user };
  });

  app.delete('/api/session', {
    schema: { tags: ['session'], summary: 'Sign out (the session ends on the server)', response: responses({ 200: Ok }) },
  }, async (request, reply) => {
    await services.auth.signOut(request.session, request.sessionToken);
    clearSessionCookie(reply);
    return { ok: true as const };
  });
}
