// Session contents and sign-out, and what the request-session and access guards (src/http/plugins) record about
// the credentials a request presents. (Signing in is sign-in.ts; the second factor is account-service.ts.)
import type { Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { abilitiesOf } from './abilities.ts';
import { markApiTokenUsed, resolveApiToken, type ApiTokenOwner } from './api-token-repository.ts';
import { createStoredSession, deleteStoredSession, setStoredSessionData } from './session-store.ts';
import { newToken } from './tokens.ts';

export function authService({ db, clock }: Deps) {
  return {
    /**
     * Stores data in the caller's session. An anonymous visitor's session is stored from this moment on:
     * the returned token is new and must be set as the cookie.
     */
    async saveSessionData(s: Session, token: string | undefined, data: Record<string, unknown>, userAgent: string) {
      if (token) {
        await setStoredSessionData(db, token, data);
        return { token, created: false };
      }
      const fresh = newToken();
      await createStoredSession(db, clock.now(), { token: fresh, userId: null, ip: s.ip, userAgent, data });
      return { token: fresh, created: true };
    },

    /** What the user may use (for the UI; the server checks every request itself). */
    async abilities(s: Session, user: { id: number; username: string; isAdmin: boolean }) {
      return abilitiesOf(s, db, user);
    },

    async signOut(s: Session, token: string | undefined) {
      if (!token) return;
      const at = clock.now();
      await db.transaction(async (tx) => {
        await deleteStoredSession(tx, token);
        if (s.kind === 'user') await recordAudit(s, tx, at, { action: 'session.signed_out', targetType: 'user', targetId: s.userId });
      });
    },

    /** The owner of a personal API token presented with a request: undefined when it is not live (api-token-repository.ts). */
    apiTokenOwner(token: string, at: Date) {
      return resolveApiToken(db, token, at);
    },

    /** Records that a token passed every check of a request (written at most once a minute per token). */
    apiTokenUsed(owner: { token_id: number; last_used_at: Date | null }, at: Date): Promise<void> {
      return markApiTokenUsed(db, owner, at);
    },

    /** A token used from outside its owner's sign-in networks: a security event (the request is refused). */
    async apiTokenNetworkRefused(s: Session, owner: Pick<ApiTokenOwner, 'token_id' | 'user_id'>, at: Date): Promise<void> {
      await recordAudit(s, db, at, {
        category: 'security',
        action: 'api_token.network_refused',
        targetType: 'user',
        targetId: owner.user_id,
        after: { tokenId: owner.token_id },
      });
    },

    /**
     * Ends the stored session a request presented, because its IP changed or its user may not act from the
     * request's network, with the security event saying so; nothing when another request ended it meanwhile.
     */
    async endPresentedSession(
      s: Session,
      token: string,
      at: Date,
      why: 'session.ended_ip_changed' | 'session.ended_network_refused',
      userId: number | null,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        if (!(await deleteStoredSession(tx, token))) return; // ended meanwhile by another request
        await recordAudit(s, tx, at, { category: 'security', action: why, targetType: 'user', targetId: userId ?? '-' });
      });
    },

    /** A staff operation asked for from outside the staff networks: a security event (the request is refused). */
    async staffNetworkRefused(s: Session, route: string, at: Date): Promise<void> {
      await recordAudit(s, db, at, { category: 'security', action: 'staff.network_refused', targetType: 'route', targetId: route });
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
