// Request-level guards that apply before any route logic:
// - a session that must first change its one-time password (or set up a second factor) may do only that;
// - a personal API token acts within its scopes ('read': safe methods only; 'write': everything);
// - staff-console routes (route config `staff: true`) need a staff account and, when configured, a client IP
//   inside the staff networks;
// - with "require HTTPS", plain-HTTP page requests are redirected and everything else refused.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/catalog.ts';
import type { Deps } from '../../deps.ts';
import { readSecuritySettings } from '../../settings/security-settings.ts';
import { ipInList, parseCidrList, type CidrList } from '../client-ip.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Part of the staff console: staff accounts only, from the staff networks. */
    staff?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a session restricted to one step may still call. */
const ALLOWED_WHEN_RESTRICTED: Record<'password_change' | 'mfa_enrollment', RegExp> = {
  password_change: /^\/api\/(session(\/preferences)?|me\/password)$/,
  mfa_enrollment: /^\/api\/(session(\/preferences|\/reauthenticate)?|me\/password|me\/mfa(\/.*)?)$/,
};

export function isHttps(request: FastifyRequest, trustProxy: CidrList | false): boolean {
  if ((request.socket as { encrypted?: boolean }).encrypted) return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  return Boolean(trustProxy && proto && ipInList(request.socket.remoteAddress ?? '', trustProxy) && proto.split(',')[0]!.trim() === 'https');
}

export function registerAccessGuards(app: FastifyInstance, deps: Deps, trustProxy: CidrList | false, publicUrl: URL): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api/');
    const settings = await readSecuritySettings(request.session, deps.db);

    if (settings.requireHttps && !isHttps(request, trustProxy) && path !== '/healthz' && path !== '/readyz') {
      if (SAFE.has(request.method) && !isApi) {
        // To the configured public host only: the Host header is the client's to choose (no open redirect).
        const target = new URL(publicUrl.toString());
        target.protocol = 'https:';
        const path = request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
        return reply.redirect(new URL(path, target).toString(), 301);
      }
      throw new AppError('https_required');
    }

    if (request.restriction && isApi && !ALLOWED_WHEN_RESTRICTED[request.restriction].test(path)) {
      throw new AppError(request.restriction === 'password_change' ? 'password_change_required' : 'mfa_enrollment_required');
    }

    const s = request.session;
    if (s.kind === 'user' && s.via === 'token') {
      const scopes = s.scopes ?? [];
      if (!SAFE.has(request.method) && !scopes.includes('write')) {
        throw new AppError('token_scope', 'This API token may only read (scope "read"); changes need the "write" scope.');
      }
    }

    if (request.routeOptions.config?.staff) {
      if (s.kind === 'anonymous') throw new AppError('unauthenticated');
      if (s.kind === 'user' && !s.staff) throw new AppError('staff_only', 'Your account may not use the staff console.');
      if (settings.staffNetworks.length > 0 && !ipInList(request.clientIp, parseCidrList(settings.staffNetworks.join(',')))) {
        throw new AppError('staff_only', 'The staff console cannot be reached from your network.');
      }
    }
  });
}
