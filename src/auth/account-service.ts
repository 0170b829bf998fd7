// A signed-in user's own account security: password change (and the forced first change), second factor,
// re-authentication, sessions, personal API tokens, e-mail address. Password reset by a mailed link is in
// account-recovery.ts, administrators' actions on other accounts (unlock, sign-in policy) in
// account-administration.ts, what they share in account-proofs.ts; accountService joins them.
import { assertRecentlyAuthenticated, type Session } from '../access/session.ts';
import { installationFacts } from '../domain/installation/policy.ts';
import { authorize as authorizeUser } from '../domain/users/policy.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { findUser, setPasswordHash } from '../domain/users/repository.ts';
import { AppError, fieldError, notFound } from '../errors/catalog.ts';
import { enqueueMail } from '../mail/mailer.ts';
import * as apiTokens from './api-token-repository.ts';
import * as accountRepo from './account-repository.ts';
import { accountAdministration } from './account-administration.ts';
import { accountProofs, requireUser, type AccountDeps } from './account-proofs.ts';
import { accountRecovery } from './account-recovery.ts';
import { endCredentials } from './credentials.ts';
import { consumeEmailToken } from './email-token-repository.ts';
import * as mfa from './mfa-repository.ts';
import { mustEnrolSecondFactor, secondFactorRequiredFor, type SecondFactorSubject } from './second-factor-rule.ts';
import * as sessions from './session-store.ts';
import { newToken, tokenHash } from './tokens.ts';
import { proveSecondFactor } from './second-factor.ts';
import { matchTotp, newRecoveryCodes, newTotpSecret, totpUri } from './totp.ts';
import { readSetting } from '../settings/repository.ts';
import { codePointCount } from '../shared/text.ts';

export type { AccountDeps } from './account-proofs.ts';

export const API_TOKEN_MAX_DAYS = 366;

export function accountService(deps: AccountDeps) {
  const { db, clock, jobs } = deps;
  const proofs = accountProofs(deps);
  const { provePassword, registerFailure, newPasswordHash } = proofs;

  return {
    /**
     * Changes the caller's password (the current one is required); ends the user's other sessions, API tokens
     * and reset links. The current session proved the password, so it stays.
     */
    async changePassword(s: Session, input: { currentPassword: string; newPassword: string }) {
      const u = requireUser(s);
      await provePassword(u, input.currentPassword, 'currentPassword');
      if (input.currentPassword.normalize('NFKC') === input.newPassword.normalize('NFKC')) {
        throw fieldError('newPassword', 'must differ from the current password.');
      }
      const hash = await newPasswordHash(u, u.userId, input.newPassword, 'newPassword');
      const at = clock.now();
      await db.transaction(async (tx) => {
        await setPasswordHash(u, tx, at, u.userId, hash);
        await accountRepo.passwordChanged(tx, u.userId, at);
        const ended = await endCredentials(u, tx, at, u.userId, 'password_changed', { keepSessionId: u.sessionId });
        if (u.sessionId) await sessions.markAuthenticated(tx, u.sessionId, at);
        await recordAudit(u, tx, at, {
          category: 'security',
          action: 'password.changed',
          targetType: 'user',
          targetId: u.userId,
          after: { otherSessionsEnded: ended.sessionsEnded },
        });
      });
    },

    /** Proves the password (and second factor, when set) again, for the next 10 minutes of sensitive changes. */
    async reauthenticate(s: Session, input: { password: string; code?: string }) {
      const u = requireUser(s);
      const { sessionId } = u;
      if (!sessionId) throw new AppError('unauthenticated', 'API tokens cannot re-authenticate; sign in with a password.');
      await provePassword(u, input.password, 'password');
      const at = clock.now();
      const proved = await db.transaction(async (tx) => {
        const state = await mfa.mfaState(tx, u.userId);
        if (state?.enabled && (!input.code || !(await proveSecondFactor(tx, u.userId, input.code, at)))) return false;
        await sessions.markAuthenticated(tx, sessionId, at);
        await recordAudit(u, tx, at, { category: 'security', action: 'session.reauthenticated', targetType: 'user', targetId: u.userId });
        return true;
      });
      if (!proved) {
        // A wrong second factor counts as a failed attempt, like at sign-in.
        await registerFailure(u, u.userId, await readSetting(db, 'security'));
        throw new AppError('mfa_failed');
      }
    },

    /** Whether the user must set up a second factor before anything else ("staff must use a second factor"). */
    async mustEnrolSecondFactor(s: Session, user: SecondFactorSubject): Promise<boolean> {
      return mustEnrolSecondFactor(s, db, await readSetting(db, 'security'), user);
    },

    async mfaStatus(s: Session) {
      const u = requireUser(s);
      const state = await mfa.mfaState(db, u.userId);
      return {
        enabled: Boolean(state?.enabled),
        recoveryCodesLeft: state?.enabled ? await mfa.remainingRecoveryCodes(db, u.userId) : 0,
      };
    },

    /** Starts TOTP enrolment: a new secret, shown once, active after the first correct code. */
    async beginTotp(s: Session) {
      const u = requireUser(s);
      assertRecentlyAuthenticated(u, clock.now());
      const secret = newTotpSecret();
      await db.transaction(async (tx) => {
        await mfa.setPendingTotpSecret(tx, u.userId, secret);
        await recordAudit(u, tx, clock.now(), {
          category: 'security',
          action: 'mfa.enrolment_started',
          targetType: 'user',
          targetId: u.userId,
        });
      });
      return { secret, uri: totpUri(secret, u.username) };
    },

    /** Confirms enrolment with a code; returns 10 recovery codes (shown once); ends the other sessions and the API tokens. */
    async enableTotp(s: Session, code: string) {
      const u = requireUser(s);
      assertRecentlyAuthenticated(u, clock.now());
      const at = clock.now();
      const codes = newRecoveryCodes();
      await db.transaction(async (tx) => {
        const state = await mfa.mfaState(tx, u.userId, { forUpdate: true });
        if (!state?.pending) throw new AppError('conflict', 'Start the set-up first (there is no authenticator waiting for confirmation).');
        const step = matchTotp(state.pending, code, at);
        if (step === undefined) throw fieldError('code', 'is not the current code of your authenticator app.');
        await mfa.enableTotp(tx, u.userId, at, step);
        await mfa.replaceRecoveryCodes(tx, u.userId, codes);
        await endCredentials(u, tx, at, u.userId, 'mfa_enabled', { keepSessionId: u.sessionId });
        await recordAudit(u, tx, at, { category: 'security', action: 'mfa.enabled', targetType: 'user', targetId: u.userId });
      });
      return { recoveryCodes: codes };
    },

    async disableMfa(s: Session) {
      const u = requireUser(s);
      assertRecentlyAuthenticated(u, clock.now());
      const settings = await readSetting(db, 'security');
      if (await secondFactorRequiredFor(u, db, settings, u)) {
        throw new AppError(
          'conflict',
          'Administrators require a second factor for staff accounts and for everyone who reads non-public reports; it cannot be turned off.',
        );
      }
      const at = clock.now();
      await db.transaction(async (tx) => {
        await mfa.disableMfa(tx, u.userId);
        await endCredentials(u, tx, at, u.userId, 'mfa_disabled', { keepSessionId: u.sessionId });
        await recordAudit(u, tx, at, { category: 'security', action: 'mfa.disabled', targetType: 'user', targetId: u.userId });
      });
    },

    /** New recovery codes (the old ones stop working): a credential change, so other sessions and API tokens end. */
    async regenerateRecoveryCodes(s: Session) {
      const u = requireUser(s);
      assertRecentlyAuthenticated(u, clock.now());
      const codes = newRecoveryCodes();
      const at = clock.now();
      await db.transaction(async (tx) => {
        const state = await mfa.mfaState(tx, u.userId);
        if (!state?.enabled) throw new AppError('conflict', 'Turn on the authenticator app first.');
        await mfa.replaceRecoveryCodes(tx, u.userId, codes);
        await endCredentials(u, tx, at, u.userId, 'recovery_codes_replaced', { keepSessionId: u.sessionId });
        await recordAudit(u, tx, at, {
          category: 'security',
          action: 'mfa.recovery_codes_replaced',
          targetType: 'user',
          targetId: u.userId,
        });
      });
      return { recoveryCodes: codes };
    },

    async listSessions(s: Session, userId?: number) {
      const u = requireUser(s);
      const target = userId ?? u.userId;
      authorizeUser(installationFacts(u), 'manageSessions', { id: target });
      return sessions.listUserSessions(db, target, u.sessionId);
    },

    /** Ends one session (own, or anyone's for administrators), by its public id. */
    async revokeSession(s: Session, publicId: string, userId?: number) {
      const u = requireUser(s);
      const target = userId ?? u.userId;
      authorizeUser(installationFacts(u), 'manageSessions', { id: target });
      await db.transaction(async (tx) => {
        if (!(await sessions.deleteUserSession(tx, target, publicId))) throw notFound('There is no such session.');
        await recordAudit(u, tx, clock.now(), {
          category: 'security',
          action: 'session.revoked',
          targetType: 'user',
          targetId: target,
          before: { session: publicId },
        });
      });
    },

    /**
     * Ends every other session of the caller, or every session of a user (administrators), and with them the
     * user's API tokens and reset links ("sign out everywhere" leaves no credential behind).
     */
    async revokeAllSessions(s: Session, userId?: number) {
      const u = requireUser(s);
      const target = userId ?? u.userId;
      authorizeUser(installationFacts(u), 'manageSessions', { id: target });
      const at = clock.now();
      return db.transaction(async (tx) => {
        if (target !== u.userId && !(await findUser(u, tx, target))) throw notFound('There is no such user.');
        const ended = await endCredentials(u, tx, at, target, 'sessions_ended', {
          keepSessionId: target === u.userId ? u.sessionId : undefined,
        });
        await recordAudit(u, tx, at, {
          category: 'security',
          action: 'session.revoked_all',
          targetType: 'user',
          targetId: target,
          after: { ended: ended.sessionsEnded },
        });
        return ended.sessionsEnded;
      });
    },

    async createApiToken(s: Session, input: { name: string; scopes: apiTokens.ApiTokenScope[]; expiresInDays: number }) {
      const u = requireUser(s);
      assertRecentlyAuthenticated(u, clock.now());
      const name = input.name.trim();
      if (!name || codePointCount(name) > 100) throw fieldError('name', 'must be 1 to 100 characters long.');
      if (input.expiresInDays < 1 || input.expiresInDays > API_TOKEN_MAX_DAYS)
        throw fieldError('expiresInDays', `must be from 1 to ${API_TOKEN_MAX_DAYS}.`);
      const scopes = [...new Set(input.scopes)];
      if (scopes.length === 0) throw fieldError('scopes', 'must name at least one scope.');
      const at = clock.now();
      const token = `${apiTokens.API_TOKEN_PREFIX}${newToken()}`;
      const row = await db.transaction(async (tx) => {
        const row = await apiTokens.insertApiToken(tx, at, {
          userId: u.userId,
          name,
          token,
          scopes,
          expiresAt: new Date(at.getTime() + input.expiresInDays * 86_400_000),
        });
        await recordAudit(u, tx, at, {
          category: 'security',
          action: 'api_token.created',
          targetType: 'user',
          targetId: u.userId,
          after: { tokenId: row.id, name, scopes },
        });
        return row;
      });
      return { token, row };
    },

    async listApiTokens(s: Session) {
      const u = requireUser(s);
      return apiTokens.listApiTokens(db, u.userId);
    },

    async revokeApiToken(s: Session, id: number) {
      const u = requireUser(s);
      await db.transaction(async (tx) => {
        if (!(await apiTokens.revokeApiToken(tx, u.userId, id, clock.now()))) throw notFound('There is no such API token.');
        await recordAudit(u, tx, clock.now(), {
          category: 'security',
          action: 'api_token.revoked',
          targetType: 'user',
          targetId: u.userId,
          before: { tokenId: id },
        });
      });
    },

    /** Sets a new address (unverified until the link in the verification mail is opened). */
    async changeEmail(s: Session, email: string) {
      const u = requireUser(s);
      assertRecentlyAuthenticated(u, clock.now());
      const cleaned = email.trim();
      if (cleaned.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(cleaned)) throw fieldError('email', 'is not an e-mail address.');
      const at = clock.now();
      await db.transaction(async (tx) => {
        const before = await findUser(u, tx, u.userId);
        await accountRepo.setEmail(tx, u.userId, cleaned, at);
        await enqueueMail(jobs, tx, { kind: 'verify_email', userId: u.userId });
        await recordAudit(u, tx, at, {
          category: 'security',
          action: 'email.changed',
          targetType: 'user',
          targetId: u.userId,
          before: { email: before?.email ?? null },
          after: { email: cleaned },
        });
      });
    },

    async requestEmailVerification(s: Session) {
      const u = requireUser(s);
      await db.transaction(async (tx) => {
        await enqueueMail(jobs, tx, { kind: 'verify_email', userId: u.userId });
      });
    },

    async verifyEmail(s: Session, token: string) {
      const at = clock.now();
      await db.transaction(async (tx) => {
        const used = await consumeEmailToken(tx, at, 'verify_email', token);
        if (!used || !(await accountRepo.markEmailVerified(tx, used.user_id, used.email, at))) {
          throw new AppError(
            'validation',
            'This verification link is not valid: it may have expired (after one hour), been used already, or the address has changed since.',
            {
              fields: [{ field: 'token', message: 'is not valid or has expired.' }],
            },
          );
        }
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'email.verified',
          targetType: 'user',
          targetId: used.user_id,
          after: { email: used.email },
        });
      });
    },

    ...accountRecovery(deps, proofs),

    ...accountAdministration(deps),
  };
}

export type AccountService = ReturnType<typeof accountService>;
export { tokenHash };
