// Public account-recovery endpoints: password reset by e-mail link, and e-mail verification. The same
// answer comes back whether or not an account exists.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { Ok, responses } from '../schemas.ts';

const Token = Type.String({ minLength: 10, maxLength: 200 });

export function recoveryRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account recovery'];

  app.post(
    '/api/password-reset',
    {
      schema: {
        tags,
        summary: 'Ask for a password reset link (always the same answer)',
        body: Type.Object(
          { login: Type.String({ minLength: 1, maxLength: 400, description: 'Username or e-mail address.' }) },
          { additionalProperties: false },
        ),
        response: responses({ 202: Type.Object({ message: Type.String() }) }),
      },
    },
    async (request, reply) => {
      await services.account.requestPasswordReset(request.session, request.body.login);
      return reply.code(202).send({
        message:
          'If an account with that username or e-mail address exists and has an address, a reset link is on its way. It works once, within one hour.',
      });
    },
  );

  app.post(
    '/api/password-reset/check',
    {
      schema: {
        tags,
        summary: 'Whether a reset link is valid and needs the second factor',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ secondFactorRequired: Type.Boolean() }) }),
      },
    },
    async (request) => ({ secondFactorRequired: await services.account.resetNeedsSecondFactor(request.session, request.body.token) }),
  );

  app.post(
    '/api/password-reset/complete',
    {
      schema: {
        tags,
        summary: 'Set a new password with a reset link (and the second factor when set); every session ends',
        body: Type.Object(
          {
            token: Token,
            newPassword: Type.String({ minLength: 1, maxLength: 4096 }),
            code: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.resetPassword(request.session, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/email/verify',
    {
      schema: {
        tags,
        summary: 'Confirm an e-mail address with the link mailed to it',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.verifyEmail(request.session, request.body.token);
      return { ok: true as const };
    },
  );
}
