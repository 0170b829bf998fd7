// Administrators: account locks, other users' sessions, per-user sign-in policy, installation security
// settings, the security event log and the mail outbox.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { searchSecurityLog } from '../../domain/audit/security-log.ts';
import { SessionInfoSchema, presentSession } from '../../presenters/account.ts';
import { AuditEventSchema, presentAuditEvent } from '../../presenters/audit.ts';
import type { Services } from '../../services.ts';
import { SecuritySettingsSchema as SettingsSchema } from '../../settings/security-settings.ts';
import { DateTime, IdParam, Ok, responses } from '../schemas.ts';

/** The security settings' schema (defined with the setting, src/settings/security-settings.ts); the web's types use it. */
export { SettingsSchema };

export const IpBlockSchema = Type.Object({
  ip: Type.String(),
  blockedAt: DateTime,
  blockedUntil: { ...DateTime, description: 'When the block ends by itself.' },
});

export const OutboxMessageSchema = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  date: Type.Union([Type.String(), Type.Null()]),
  text: Type.String({ description: 'The message text with every secret link redacted.' }),
});

export function adminSecurityRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['security administration'];

  app.post(
    '/api/users/:id/unlock',
    {
      schema: { tags, summary: 'Unlock an account locked after failed sign-ins', params: IdParam, response: responses({ 200: Ok }) },
    },
    async (request) => {
      await services.account.unlock(request.session, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/users/:id/sessions',
    {
      schema: {
        tags,
        summary: "A user's sessions",
        params: IdParam,
        response: responses({ 200: Type.Object({ items: Type.Array(SessionInfoSchema) }) }),
      },
    },
    async (request) => ({ items: (await services.account.listSessions(request.session, request.params.id)).map(presentSession) }),
  );

  app.delete(
    '/api/users/:id/sessions',
    {
      schema: {
        tags,
        summary: "End all of a user's sessions",
        params: IdParam,
        response: responses({ 200: Type.Object({ ended: Type.Integer() }) }),
      },
    },
    async (request) => ({ ended: await services.account.revokeAllSessions(request.session, request.params.id) }),
  );

  app.delete(
    '/api/users/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: "End one of a user's sessions",
        params: Type.Object({ id: IdParam.properties.id, sessionId: Type.String({ format: 'uuid' }) }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.revokeSession(request.session, request.params.sessionId, request.params.id);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/users/:id/sign-in-policy',
    {
      schema: {
        tags,
        summary: 'Networks a user may sign in from, and whether the user may use the staff console',
        params: IdParam,
        body: Type.Object(
          {
            allowedNetworks: Type.Optional(
              Type.Array(Type.String({ maxLength: 50 }), { maxItems: 100, description: 'CIDR ranges; empty = anywhere.' }),
            ),
            staffConsole: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.account.setSignInPolicy(request.session, request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/security-settings',
    {
      schema: { tags, summary: 'Security settings', response: responses({ 200: SettingsSchema }) },
    },
    async (request) => services.settings.view(request.session, 'security'),
  );

  app.patch(
    '/api/admin/security-settings',
    {
      schema: {
        tags,
        summary: 'Change security settings (needs a recent sign-in)',
        body: Type.Partial(SettingsSchema, { additionalProperties: false }),
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => services.settings.update(request.session, 'security', request.body),
  );

  app.get(
    '/api/admin/security-events',
    {
      schema: {
        tags,
        summary: 'Search the security event log',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            action: Type.Optional(Type.String({ maxLength: 100 })),
            userId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
            ip: Type.Optional(Type.String({ maxLength: 50 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Object({ items: Type.Array(AuditEventSchema), total: Type.Integer() }) }),
      },
    },
    async (request) => {
      const { q, action, userId, ip, from, to, limit = 100, offset = 0 } = request.query;
      const { rows, total } = await searchSecurityLog(request.session, services.deps.db, {
        text: q,
        action,
        userId,
        ip,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        limit,
        offset,
      });
      return { items: rows.map(presentAuditEvent), total };
    },
  );

  app.get(
    '/api/admin/ip-blocks',
    {
      schema: {
        tags,
        summary: 'Client IPs blocked now after too many failed sign-ins',
        response: responses({ 200: Type.Object({ items: Type.Array(IpBlockSchema) }) }),
      },
    },
    async (request) => ({
      items: (await services.signIn.ipBlocks.list(request.session)).map((b) => ({
        ip: b.ip,
        blockedAt: b.blocked_at.toISOString(),
        blockedUntil: b.blocked_until.toISOString(),
      })),
    }),
  );

  app.delete(
    '/api/admin/ip-blocks/:ip',
    {
      schema: {
        tags,
        summary: "Lift an IP's block (its failures are forgotten too)",
        params: Type.Object({ ip: Type.String({ minLength: 2, maxLength: 64 }) }),
        response: responses({ 200: Ok }),
      },
    },
    async (request) => {
      await services.signIn.ipBlocks.lift(request.session, request.params.ip);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/outbox',
    {
      schema: {
        tags,
        summary: 'Mail written to the outbox folder (no SMTP configured), newest first, secret links redacted',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Object({ items: Type.Array(OutboxMessageSchema) }) }),
      },
    },
    async (request) => ({ items: await services.outbox.list(request.session, request.query.limit ?? 100) }),
  );
}
