// The caller's own account security: password, second factor, sessions, API tokens, e-mail address.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { API_TOKEN_MAX_DAYS } from '../../auth/account-service.ts';
import { API_TOKEN_SCOPES } from '../../auth/api-token-scopes.ts';
import { ApiTokenSchema, SessionInfoSchema, presentApiToken, presentSession } from '../../presenters/account.ts';
import type { Services } from '../../services.ts';
import { Ok, responses } from '../schemas.ts';

const Password = Type.String({ minLength: 1, maxLength: 4096 });
const Code = Type.String({ minLength: 1, maxLength: 40 });
const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once.' }) });

export function meRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['my account'];
  const ok = { ok: true as const };

  app.post(
    '/api/me/password',
    {
      schema: {
        tags,
        summary: 'Change my password (needs the current one); my other sessions end',
        body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.changePassword(request.session, request.body);
      return ok;
    },
  );

  app.get(
    '/api/me/mfa',
    {
      schema: {
        tags,
        summary: 'My second factor',
        response: responses({ 200: Type.Object({ enabled: Type.Boolean(), recoveryCodesLeft: Type.Integer() }) }),
      },
    },
    async (request) => services.account.mfaStatus(request.session),
  );

  app.post(
    '/api/me/mfa/totp',
    {
      schema: {
        tags,
        summary: 'Start setting up an authenticator app (needs a recent sign-in); returns the secret once',
        response: responses({
          200: Type.Object({ secret: Type.String(), uri: Type.String({ description: 'otpauth:// URI for a QR code.' }) }),
        }),
      },
    },
    async (request) => services.account.beginTotp(request.session),
  );

  app.post(
    '/api/me/mfa/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the authenticator with its current code; returns 10 recovery codes; my other sessions end',
        body: Type.Object({ code: Code }, { additionalProperties: false }),
        response: responses({ 200: RecoveryCodes }),
      },
    },
    async (request) => services.account.enableTotp(request.session, request.body.code),
  );

  app.delete(
    '/api/me/mfa',
    {
      schema: {
        tags,
        summary: 'Turn the second factor off (needs a recent sign-in); my other sessions end',
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.disableMfa(request.session);
      return ok;
    },
  );

  app.post(
    '/api/me/mfa/recovery-codes',
    {
      schema: { tags, summary: 'Replace my recovery codes (needs a recent sign-in)', response: responses({ 200: RecoveryCodes }) },
    },
    async (request) => services.account.regenerateRecoveryCodes(request.session),
  );

  app.get(
    '/api/me/sessions',
    {
      schema: { tags, summary: 'My sessions', response: responses({ 200: Type.Object({ items: Type.Array(SessionInfoSchema) }) }) },
    },
    async (request) => ({ items: (await services.account.listSessions(request.session)).map(presentSession) }),
  );

  app.delete(
    '/api/me/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: Type.Object({ sessionId: Type.String({ format: 'uuid' }) }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.revokeSession(request.session, request.params.sessionId);
      return ok;
    },
  );

  app.delete(
    '/api/me/sessions',
    {
      schema: { tags, summary: 'End all my other sessions', response: responses({ 200: Type.Object({ ended: Type.Integer() }) }) },
    },
    async (request) => ({ ended: await services.account.revokeAllSessions(request.session) }),
  );

  app.get(
    '/api/me/tokens',
    {
      schema: { tags, summary: 'My personal API tokens', response: responses({ 200: Type.Object({ items: Type.Array(ApiTokenSchema) }) }) },
    },
    async (request) => ({ items: (await services.account.listApiTokens(request.session)).map(presentApiToken) }),
  );

  app.post(
    '/api/me/tokens',
    {
      schema: {
        tags,
        summary: 'Create a personal API token (needs a recent sign-in); the token is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 400 }),
            scopes: Type.Array(Type.Union(API_TOKEN_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: 2 }),
            expiresInDays: Type.Integer({ minimum: 1, maximum: API_TOKEN_MAX_DAYS }),
          },
          { additionalProperties: false },
        ),
        response: responses({
          201: Type.Object({
            token: Type.String({ description: 'Send as "Authorization: Bearer <token>". Shown once.' }),
            info: ApiTokenSchema,
          }),
        }),
      },
    },
    async (request, reply) => {
      const created = await services.account.createApiToken(request.session, request.body);
      return reply.code(201).send({ token: created.token, info: presentApiToken(created.row) });
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke one of my API tokens',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.revokeApiToken(request.session, request.params.id);
      return ok;
    },
  );

  app.put(
    '/api/me/email',
    {
      schema: {
        tags,
        summary: 'Change my e-mail address (needs a recent sign-in); a verification link is mailed',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 400 }) }, { additionalProperties: false }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.changeEmail(request.session, request.body.email);
      return ok;
    },
  );

  app.post(
    '/api/me/email/verification',
    {
      schema: { tags, summary: 'Mail me a new verification link', response: responses({ 200: Ok }) },
    },
    async (request) => {
      await services.account.requestEmailVerification(request.session);
      return ok;
    },
  );
}
