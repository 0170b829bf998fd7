// Liveness and readiness.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sql } from '../../db/database.ts';
import { isMigrated } from '../../db/migrate.ts';
import type { Services } from '../../services.ts';

export function healthRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/healthz', {
    schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  const Ready = Type.Object({ status: Type.String(), database: Type.String(), migrated: Type.Boolean() });
  app.get('/readyz', {
    schema: { tags: ['health'], summary: 'The database is reachable and migrated', response: { 200: Ready, 503: Ready } },
  }, async (_request, reply) => {
    const { db } = services.deps;
    try {
      await db.query(sql`SELECT 1`);
      const migrated = await isMigrated(db);
      return reply.code(migrated ? 200 : 503).send({ status: migrated ? 'ready' : 'not migrated', database: db.kind, migrated });
    } catch {
      return reply.code(503).send({ status: 'database unreachable', database: db.kind, migrated: false });
    }
  });
}
