// Builds the HTTP application: plugins in order (errors, security headers, cookies, session, CSRF, OpenAPI),
// then the routes, then the web UI.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import { warmUpMarkdownRenderer } from '../markdown/render.ts';
import type { Services } from '../services.ts';
import { notFoundBody, registerErrorHandling } from './plugins/errors.ts';
import { registerAccessGuards } from './plugins/access-guards.ts';
import { registerCsrfOrigin } from './plugins/csrf-origin.ts';
import { registerNulGuard } from './plugins/nul-guard.ts';
import { registerReportLink } from './plugins/report-link.ts';
import { registerRequestSession } from './plugins/request-session.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { isApiPath, routedPath } from './request-path.ts';
import { registerStaffOperations } from './staff-operations.ts';
import { adminIntakeRoutes } from './routes/admin-intake.ts';
import { adminSecurityRoutes } from './routes/admin-security.ts';
import { auditRoutes } from './routes/audit.ts';
import { cvssRoutes } from './routes/cvss.ts';
import { disclosureRoutes } from './routes/disclosure.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { intakeChallengeRoutes } from './routes/intake-challenge.ts';
import { meRoutes } from './routes/me.ts';
import { pageRoutes } from './routes/pages.ts';
import { productRoutes } from './routes/products.ts';
import { publicPageRoutes } from './routes/public-pages.ts';
import { recoveryRoutes } from './routes/recovery.ts';
import { reportAdminRoutes } from './routes/report-admin.ts';
import { reportAttachmentRoutes } from './routes/report-attachments.ts';
import { reportIntakeRoutes } from './routes/report-intake.ts';
import { reportInvitationRoutes } from './routes/report-invitations.ts';
import { reportTriageRoutes } from './routes/report-triage.ts';
import { reportRoutes } from './routes/reports.ts';
import { sessionRoutes } from './routes/session.ts';
import { userRoutes } from './routes/users.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { wellKnownRoutes } from './routes/well-known.ts';
import { ErrorBody } from './schemas.ts';
import { lazySerializerFactory, lazyValidatorCompiler } from './lazy-compilers.ts';
import { validatorCompiler } from './validators.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export type AppConfig = Pick<Config, 'publicUrl' | 'trustProxy' | 'developerIps' | 'logLevel'>;

export interface BuildOptions {
  /** A pino logger configuration or instance; false for none (tests). */
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyServerOptions['loggerInstance'];
  bodyLimit?: number;
  /** Start the Markdown renderer's worker now (default); false leaves it to the caller. */
  warmUpRenderer?: boolean;
}

export async function buildApp(config: AppConfig, services: Services, options: BuildOptions = {}): Promise<FastifyInstance> {
  await services.deps.jobs.ready();
  // The renderer's worker thread loads jsdom (seconds on a busy machine) before the first report view, not on it;
  // it does not keep the process alive. `parapet start` does this once it listens (options.warmUpRenderer).
  if (options.warmUpRenderer ?? true) warmUpMarkdownRenderer();
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false, // client IPs are resolved by request-session.ts from TRUST_PROXY
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  });

  app.addSchema(ErrorBody);
  app.setValidatorCompiler(lazyValidatorCompiler(validatorCompiler([ErrorBody as unknown as Record<string, unknown>])));
  // JSON only: a plain-text body is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app, config.developerIps);
  registerSecurityHeaders(app, { https: config.publicUrl.protocol === 'https:', trustProxy: config.trustProxy });
  await app.register(fastifyCookie);
  registerRequestSession(app, services, config.trustProxy);
  registerReportLink(app, services);
  registerCsrfOrigin(app, config.publicUrl);
  registerAccessGuards(app, services, config.trustProxy, config.publicUrl);
  registerStaffOperations(app);
  registerNulGuard(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parapet API',
        version: '0.1.0',
        description: 'Every error answer has the shape of the Error schema. Objects the session may not read answer 404, never 403.',
      },
      servers: [{ url: config.publicUrl.origin }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: '__Host-parapet' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  healthRoutes(app, services);
  sessionRoutes(app, services);
  meRoutes(app, services);
  recoveryRoutes(app, services);
  adminSecurityRoutes(app, services);
  adminIntakeRoutes(app, services);
  intakeChallengeRoutes(app, services);
  cvssRoutes(app);
  userRoutes(app, services);
  invitationRoutes(app, services);
  groupRoutes(app, services);
  pageRoutes(app, services);
  productRoutes(app, services);
  reportIntakeRoutes(app, services, config.publicUrl);
  reportAttachmentRoutes(app, services);
  reportRoutes(app, services);
  reportTriageRoutes(app, services, config.publicUrl);
  reportInvitationRoutes(app, services);
  reportAdminRoutes(app, services, config.publicUrl);
  auditRoutes(app, services);
  wellKnownRoutes(app, services, config.publicUrl);
  disclosureRoutes(app, services, config.publicUrl);

  const hasWeb = existsSync(path.join(WEB_DIST, 'index.html'));
  publicPageRoutes(app, services, config.publicUrl, { webUi: hasWeb });
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, serveDotFiles: false });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = request.method === 'GET' && !isApiPath(routedPath(request)) && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage && hasWeb) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply.code(404).send(notFoundBody(request));
  });
  return app;
}
