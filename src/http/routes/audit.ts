// The audit trail (administrators).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AuditEventSchema, presentAuditEvent } from '../../presenters/audit.ts';
import type { Services } from '../../services.ts';
import { responses } from '../schemas.ts';

export function auditRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (administrators)',
        querystring: Type.Object(
          {
            targetType: Type.Optional(Type.String({ maxLength: 50 })),
            targetId: Type.Optional(Type.String({ maxLength: 50 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Object({ items: Type.Array(AuditEventSchema) }) }),
      },
    },
    async (request) => {
      const { targetType, targetId, limit = 100 } = request.query;
      const rows = await services.audit.list(request.session, { targetType, targetId, limit });
      return { items: rows.map(presentAuditEvent) };
    },
  );
}
