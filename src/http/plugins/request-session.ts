// Gives every request its client IP and its acting session. The session comes from the
// __Host-parapet cookie (a random token whose SHA-256 names a row of the sessions table) or from a personal
// API token (Authorization: Bearer); without a valid one the request acts as an anonymous session, which is
// stored (and gets a cookie) only once it holds something (see auth/service.ts savePreferences).
// On every request, for cookies and tokens alike: the user's sign-in network allowlist (a cookie session used
// from elsewhere is ended, a token refused; both audited), and the one step a restricted session must take
// first (a one-time password to change, or a second factor to set up: auth/second-factor-rule.ts).
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymousSession, userSession, type Session } from '../../access/session.ts';
import { mustEnrolSecondFactor } from '../../auth/second-factor-rule.ts';
import { resolveStoredSession } from '../../auth/session-store.ts';
import { AppError } from '../../errors/catalog.ts';
import type { Services } from '../../services.ts';
import { ipInList, parseCidrList, resolveClientIp, type CidrList } from '../client-ip.ts';

export const SESSION_COOKIE = '__Host-parapet';

declare module 'fastify' {
  interface FastifyRequest {
    clientIp: string;
    session: Session;
    /** The raw token from the cookie, when it named a live session. */
    sessionToken: string | undefined;
    /** What the stored session holds (empty for a session that is not stored). */
    sessionData: Record<string, unknown>;
    /** The user whose password was accepted but whose second factor is still awaited. */
    pendingMfaUserId: number | undefined;
    /** When the session last proved the password (for re-authentication before sensitive changes). */
    authenticatedAt: Date | null;
    /** A signed-in session that may do nothing but the named step (e.g. change the one-time password). */
    restriction: 'password_change' | 'mfa_enrollment' | undefined;
  }
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/** Whether a user limited to some networks (allowlist; empty = anywhere) may act from `ip`. */
function networkAllowed(allowed: readonly string[], ip: string): boolean {
  return allowed.length === 0 || ipInList(ip, parseCidrList(allowed.join(',')));
}

export function registerRequestSession(app: FastifyInstance, services: Services, trustProxy: CidrList | false): void {
  const { deps, auth } = services;
  app.decorateRequest('clientIp', '');
  app.decorateRequest('session', null as never);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('sessionData', null as never);
  app.decorateRequest('pendingMfaUserId', undefined);
  app.decorateRequest('authenticatedAt', null);
  app.decorateRequest('restriction', undefined);

  /** `Authorization: Bearer <personal API token>`: acts as the token's owner, within the token's scopes. */
  async function bearer(request: FastifyRequest, authorization: string, at: Date): Promise<void> {
    const token = /^Bearer\s+(\S{10,200})$/i.exec(authorization)?.[1];
    if (token === undefined) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <API token>".');
    const owner = await auth.apiTokenOwner(token, at);
    const invalid = () => new AppError('unauthenticated', 'The API token is not valid (unknown, expired or revoked).');
    if (!owner) throw invalid();
    if (!networkAllowed(owner.allowed_networks, request.clientIp)) {
      // Answered like an invalid token (as sign-in answers a refused network like a wrong password).
      await auth.apiTokenNetworkRefused(request.session, owner, at);
      throw invalid();
    }
    await auth.apiTokenUsed(owner, at);
    request.session = userSession(
      { id: owner.user_id, username: owner.username, isAdmin: owner.is_admin },
      request.clientIp,
      request.id,
      undefined,
      { staff: owner.staff_console, via: 'token', scopes: owner.scopes },
    );
    const settings = await services.settings.read('security');
    if (
      await mustEnrolSecondFactor(request.session, deps.db, settings, {
        userId: owner.user_id,
        staff: request.session.staff,
        mfaEnabled: owner.mfa_enabled,
      })
    ) {
      request.restriction = 'mfa_enrollment';
    }
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const forwarded = request.headers['x-forwarded-for'];
    request.clientIp = resolveClientIp(
      request.socket.remoteAddress ?? '',
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      trustProxy,
    );
    const requestId = request.id;
    request.session = anonymousSession(request.clientIp, requestId);
    request.sessionData = {};
    request.pendingMfaUserId = undefined;
    request.authenticatedAt = null;
    request.restriction = undefined;
    reply.header('x-request-id', requestId);
    const at = deps.clock.now();
    const authorization = request.headers.authorization;
    if (authorization) {
      await bearer(request, authorization, at);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const settings = await services.settings.read('security');
    const outcome = await resolveStoredSession(deps.db, at, token, {
      ip: request.clientIp,
      idleMs: settings.sessionIdleMinutes * 60_000,
    });
    if (outcome.kind !== 'live') {
      clearSessionCookie(reply);
      if (outcome.kind === 'ended' && outcome.reason === 'ip_changed') {
        await auth.endPresentedSession(request.session, token, at, 'session.ended_ip_changed', outcome.userId);
      }
      return;
    }
    const stored = outcome.session;
    if (stored.user_id !== null && !networkAllowed(stored.allowed_networks, request.clientIp)) {
      // The user may not act from this network: the session ends, and the request goes on as anonymous.
      await auth.endPresentedSession(request.session, token, at, 'session.ended_network_refused', stored.user_id);
      clearSessionCookie(reply);
      return;
    }
    request.sessionToken = token;
    request.sessionData = stored.data;
    if (stored.user_id === null || stored.username === null) return;
    if (stored.mfa_pending) {
      request.pendingMfaUserId = stored.user_id;
      return;
    }
    request.session = userSession(
      { id: stored.user_id, username: stored.username, isAdmin: stored.is_admin },
      request.clientIp,
      requestId,
      stored.id,
      { authenticatedAt: stored.authenticated_at ?? undefined, staff: stored.staff_console, via: 'cookie' },
    );
    request.authenticatedAt = stored.authenticated_at;
    if (stored.must_change_password) request.restriction = 'password_change';
    else if (
      await mustEnrolSecondFactor(request.session, deps.db, settings, {
        userId: stored.user_id,
        staff: request.session.staff,
        mfaEnabled: stored.mfa_enabled,
      })
    ) {
      request.restriction = 'mfa_enrollment';
    }
  });
}
