// Security headers on every response: API answers, errors, 404s and static files alike. A route that sets its
// own Content-Security-Policy (served attachments: `default-src 'none'; sandbox`) keeps it.
import type { FastifyInstance } from 'fastify';
import type { CidrList } from '../client-ip.ts';
import { isApiPath, routedPath } from '../request-path.ts';
import { isHttps } from './access-guards.ts';

const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

// Swagger UI sets inline style attributes; its page alone allows them (no inline script anywhere).
const DOCS_CSP = APP_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean; trustProxy: CidrList | false }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // Decided on the routed path: the raw target may be absolute-form or percent-encoded (request-path.ts).
    // A route's own CSP (served attachments: sandbox) is kept.
    const path = routedPath(request);
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', path === '/api/docs' || path.startsWith('/api/docs/') ? DOCS_CSP : APP_CSP);
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
    // HSTS whenever the answer travels over HTTPS (directly, or from a trusted TLS-terminating proxy).
    if (opts.https || isHttps(request, opts.trustProxy)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (isApiPath(path) || path === '/healthz' || path === '/readyz') {
      reply.header('cache-control', 'no-store');
    }
    reply.removeHeader('x-powered-by');
    return payload;
  });
}
