// Liveness and readiness.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { checkReadiness } from '../../db/readiness.ts';
import type { Services } from '../../services.ts';

export function healthRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    () => ({ status: 'ok' as const }),
  );

  const Ready = Type.Object({ status: Type.String(), database: Type.String(), migrated: Type.Boolean() });
  app.get(
    '/readyz',
    {
      schema: { tags: ['health'], summary: 'The database is reachable and migrated', response: { 200: Ready, 503: Ready } },
    },
    async (_request, reply) => {
      const r = await checkReadiness(services.deps.db);
      return reply.code(r.ready ? 200 : 503).send({ status: r.status, database: r.database, migrated: r.migrated });
    },
  );
}
