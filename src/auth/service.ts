// Sign-in and sign-out. (Lockout, IP limits, MFA and the rest of the hardening build on this.)
import { userSession, type Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors/catalog.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { credentialsForSignIn } from '../domain/users/repository.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createStoredSession, deleteStoredSession, setStoredSessionData } from './session-store.ts';
import { newToken } from './tokens.ts';

export function authService({ db, clock }: Deps) {
  return {
    /**
     * Checks the credentials and opens a NEW server-side session (never reusing the caller's, so a planted
     * token is worthless); what an anonymous stored session held is carried over and that session deleted.
     */
    async signIn(
      s: Session,
      input: { username: string; password: string; userAgent: string; previousToken?: string; previousData?: Record<string, unknown> },
    ) {
      const creds = await credentialsForSignIn(s, db, input.username);
      const ok = await verifyPassword(creds?.password_hash ?? (await dummyPasswordHash()), input.password);
      if (!creds || !creds.password_hash || creds.disabled || !ok) {
        throw new AppError('sign_in_failed');
      }
      const token = newToken();
      const at = clock.now();
      const user = { id: creds.id, username: creds.username, isAdmin: creds.is_admin };
      const acting = userSession(user, s.ip, s.requestId);
      await db.transaction(async (tx) => {
        if (input.previousToken) await deleteStoredSession(acting, tx, input.previousToken);
        await createStoredSession(acting, tx, at, {
          token,
          userId: creds.id,
          ip: s.ip,
          userAgent: input.userAgent,
          data: input.previousData,
        });
        await recordAudit(acting, tx, at, { action: 'session.signed_in', targetType: 'user', targetId: creds.id });
      });
      return { token, user };
    },

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
