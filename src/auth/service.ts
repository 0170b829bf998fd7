// Session contents and sign-out. (Signing in is sign-in.ts; the second factor is account-service.ts.)
import type { Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { abilitiesOf } from './abilities.ts';
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
        await setStoredSessionData(s, db, token, data);
        return { token, created: false };
      }
      const fresh = newToken();
      await createStoredSession(s, db, clock.now(), { token: fresh, userId: null, ip: s.ip, userAgent, data });
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
        await deleteStoredSession(s, tx, token);
        if (s.kind === 'user') await recordAudit(s, tx, at, { action: 'session.signed_out', targetType: 'user', targetId: s.userId });
      });
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
