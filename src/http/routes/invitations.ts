// Links to choose a password: accepting an invitation (public, with the link's token), and the links
// administrators send (the invitation again, or a password-reset link).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { IdParam, Ok, responses } from '../schemas.ts';

const Token = Type.String({ minLength: 10, maxLength: 200 });

export function invitationRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/invitations/check',
    {
      schema: {
        tags: ['account recovery'],
        summary: 'Whether an invitation link is valid, and the account it is for',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ username: Type.String() }) }),
      },
    },
    async (request) => services.invitations.checkInvitation(request.session, request.body.token),
  );

  app.post(
    '/api/invitations/accept',
    {
      schema: {
        tags: ['account recovery'],
        summary: 'Choose the password of an invited account with its link (once); the address is confirmed too',
        body: Type.Object({ token: Token, newPassword: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.invitations.acceptInvitation(request.session, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:id/invitation',
    {
      schema: {
        tags: ['security administration'],
        summary: 'Send the invitation of an account without a password again (a new link replaces the old one)',
        params: IdParam,
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.invitations.resendInvitation(request.session, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags: ['security administration'],
        summary: 'Mail the user a password-reset link (single use, one hour); the current password stays until it is used',
        params: IdParam,
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.invitations.sendPasswordResetLink(request.session, request.params.id);
      return { ok: true as const };
    },
  );
}
