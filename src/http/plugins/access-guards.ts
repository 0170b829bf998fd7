// Request-level guards that apply before any route logic (onRequest: before the body is read or validated):
// - with "require HTTPS", plain-HTTP page requests are redirected and everything else refused;
// - a session that must first change its one-time password (or set up a second factor) may do only that;
// - a personal API token acts within its scopes ('read': safe methods only; 'write': everything);
// - staff operations (src/http/staff-operations.ts) need a staff account and a client IP inside the staff
//   networks; those that change something are never open to API tokens, and (preHandler, after the input's
//   field errors, so a form shows those first) need a recent password proof.
// Every decision is on the routed path (request-path.ts), never on the raw request target.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REAUTHENTICATION_WINDOW_MS, type Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';
import type { Services } from '../../services.ts';
import type { SecuritySettings } from '../../settings/security-settings.ts';
import { ipInList, parseCidrList, type CidrList } from '../client-ip.ts';
import { isApiPath, originForm, routedPath } from '../request-path.ts';
import type { StaffOperation } from '../staff-operations.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The routes a session restricted to one step may still call. */
const ALLOWED_WHEN_RESTRICTED: Record<'password_change' | 'mfa_enrollment', ReadonlySet<string>> = {
  password_change: new Set(['/api/session', '/api/session/preferences', '/api/me/password']),
  mfa_enrollment: new Set([
    '/api/session',
    '/api/session/preferences',
    '/api/session/reauthenticate',
    '/api/me/password',
    '/api/me/mfa',
    '/api/me/mfa/totp',
    '/api/me/mfa/totp/confirm',
    '/api/me/mfa/recovery-codes',
  ]),
};

export function isHttps(request: FastifyRequest, trustProxy: CidrList | false): boolean {
  if ((request.socket as { encrypted?: boolean }).encrypted) return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  if (!trustProxy || !proto || !ipInList(request.socket.remoteAddress ?? '', trustProxy)) return false;
  const [nearest = ''] = proto.split(',');
  return nearest.trim() === 'https';
}

/** Whether the request is about the caller's own account (GET /api/users/:id of oneself). */
function isOwn(request: FastifyRequest, op: StaffOperation, s: Session): boolean {
  if (!op.exceptOwn || s.kind !== 'user') return false;
  const param = (request.params as Record<string, string | undefined> | undefined)?.[op.exceptOwn];
  return param !== undefined && /^\d+$/.test(param) && Number(param) === s.userId;
}

export function registerAccessGuards(app: FastifyInstance, services: Services, trustProxy: CidrList | false, publicUrl: URL): void {
  const { clock } = services.deps;
  async function staffGuard(request: FastifyRequest, op: StaffOperation, settings: SecuritySettings): Promise<void> {
    const s = request.session;
    if (isOwn(request, op, s)) return;
    if (s.kind === 'anonymous') throw new AppError('unauthenticated');
    if (s.kind === 'user' && !s.staff) throw new AppError('staff_only', 'Your account may not use the staff console.');
    if (settings.staffNetworks.length > 0 && !ipInList(request.clientIp, parseCidrList(settings.staffNetworks.join(',')))) {
      await services.auth.staffNetworkRefused(s, `${op.method} ${op.url}`, clock.now());
      throw new AppError('staff_only', 'The staff console cannot be reached from your network.');
    }
    if (op.changes && s.kind === 'user' && s.via === 'token') {
      throw new AppError(
        'token_scope',
        'API tokens cannot make changes in the staff console (they cannot confirm a password); sign in to do this.',
      );
    }
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = routedPath(request);
    const isApi = isApiPath(path);
    const settings = await services.settings.read('security');

    if (settings.requireHttps && !isHttps(request, trustProxy) && path !== '/healthz' && path !== '/readyz') {
      if (SAFE.has(request.method) && !isApi) {
        // To the configured public host only: the Host header is the client's to choose (no open redirect).
        const target = new URL(publicUrl.toString());
        target.protocol = 'https:';
        return reply.redirect(new URL(originForm(request.url), target).toString(), 301);
      }
      throw new AppError('https_required');
    }

    // Decided on the matched route: a request that matched no route gets its 404 (or the web UI's page).
    const route = request.routeOptions.url;
    if (request.restriction && route !== undefined && isApiPath(route) && !ALLOWED_WHEN_RESTRICTED[request.restriction].has(route)) {
      throw new AppError(request.restriction === 'password_change' ? 'password_change_required' : 'mfa_enrollment_required');
    }

    const s = request.session;
    if (s.kind === 'user' && s.via === 'token') {
      const scopes = s.scopes ?? [];
      if (!SAFE.has(request.method) && !scopes.includes('write')) {
        throw new AppError('token_scope', 'This API token may only read (scope "read"); changes need the "write" scope.');
      }
    }

    const op = request.routeOptions.config.staff;
    if (op) await staffGuard(request, op, settings);
  });

  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    const op = request.routeOptions.config.staff;
    const s = request.session;
    if (op?.changes && s.kind === 'user' && !isOwn(request, op, s)) {
      const at = s.authenticatedAt?.getTime();
      if (at === undefined || clock.now().getTime() - at > REAUTHENTICATION_WINDOW_MS) {
        throw new AppError(
          'reauthentication_required',
          'Confirm your password first: changes in the staff console need a sign-in within the last 10 minutes.',
        );
      }
    }
    done();
  });
}
