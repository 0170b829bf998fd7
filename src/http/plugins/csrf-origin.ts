// Cross-site request forgery defence: a state-changing request that carries the session cookie must come
// with an Origin header naming this site (the public URL, or the Host the request was sent to).
import '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/catalog.ts';
import { SESSION_COOKIE } from './request-session.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerCsrfOrigin(app: FastifyInstance, publicUrl: URL): void {
  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    checkOrigin(request);
    done();
  });

  function checkOrigin(request: FastifyRequest): void {
    if (SAFE.has(request.method)) return;
    if (!request.cookies[SESSION_COOKIE]) return;
    const origin = request.headers.origin;
    if (!origin) throw new AppError('csrf_origin', 'The request has no Origin header; state-changing requests must come from this site.');
    const allowed = new Set([publicUrl.origin]);
    const host = request.headers.host;
    if (host) allowed.add(`${request.protocol}://${host}`);
    if (!allowed.has(origin))
      throw new AppError('csrf_origin', 'The request came from another site (foreign Origin header) and was refused.');
  }
}
