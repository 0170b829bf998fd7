// Sign-in and sign-out. (Lockout, IP limits, MFA and the rest of the hardening build on this.)
import { userSession, type Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors/catalog.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { credentialsForSignIn } from '../domain/users/repository.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createStoredSession, deleteStoredSession } from './session-store.ts';
import { newToken } from './tokens.ts';

export function authService({ db, clock }: Deps) {
  return {
    /** Checks the credentials and opens a new server-side session; returns its token (for the cookie). */
    async signIn(s: Session, input: { username: string; password: string; userAgent: string }) {
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
        await createStoredSession(acting, tx, at, { token, userId: creds.id, ip: s.ip, userAgent: input.userAgent });
        await recordAudit(acting, tx, at, { action: 'session.signed_in', targetType: 'user', targetId: creds.id });
      });
      return { token, user };
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
