// The acting session. Every service and repository function takes one as its first argument; what it
import { AppError } from '../errors/catalog.ts';
// may read and change is decided from it alone.
//
// - anonymous: a visitor who has not signed in (member of Everyone only)
// - user: a signed-in user (Everyone, Registered users, and the groups they are a member of)
// - system: the built-in System user of background jobs. It is never stored and cannot come from a request:
//   only src/access/system.ts creates it, and only jobs and the command line import that module.

export const EVERYONE_GROUP_ID = 1;
export const REGISTERED_GROUP_ID = 2;
export const ADMINISTRATORS_GROUP_ID = 3;
export const BUILTIN_GROUP_IDS: readonly number[] = [EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, ADMINISTRATORS_GROUP_ID];

export type UserType = 'anonymous' | 'user' | 'administrator' | 'system';

interface SessionBase {
  /** The client IP the request came from ('system' sessions use 'local'). */
  readonly ip: string;
  /** Correlates audit events and logs with the request. */
  readonly requestId: string | undefined;
  /**
   * Guest memberships from a secret reporter link presented with the request: the session may read that one
   * report as a member of its participants group. Checked against the database on every request, so
   * revoking the link ends it at once.
   */
  readonly grants?: readonly LinkGrant[];
}

export interface LinkGrant {
  readonly reportId: number;
  readonly groupId: number;
}

export interface AnonymousSession extends SessionBase {
  readonly kind: 'anonymous';
}

export interface UserSession extends SessionBase {
  readonly kind: 'user';
  readonly userId: number;
  readonly username: string;
  readonly isAdmin: boolean;
  /** Hash of the session token, when the session came from a cookie. */
  readonly sessionId: string | undefined;
  /** When this session last proved the password; undefined for API tokens (they cannot re-authenticate). */
  readonly authenticatedAt: Date | undefined;
  /** May use the staff console (administrators always may). */
  readonly staff: boolean;
  /** How the request authenticated, and for API tokens, with which scopes. */
  readonly via: 'cookie' | 'token';
  readonly scopes: readonly string[] | undefined;
}

export interface SystemSession extends SessionBase {
  readonly kind: 'system';
  readonly [SYSTEM_BRAND]: true;
}

declare const SYSTEM_BRAND: unique symbol;

export type Session = AnonymousSession | UserSession | SystemSession;

export function anonymousSession(ip: string, requestId?: string): AnonymousSession {
  return { kind: 'anonymous', ip, requestId };
}

export function userSession(
  user: { id: number; username: string; isAdmin: boolean },
  ip: string,
  requestId?: string,
  sessionId?: string,
  extra: { authenticatedAt?: Date; staff?: boolean; via?: 'cookie' | 'token'; scopes?: readonly string[] } = {},
): UserSession {
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    isAdmin: user.isAdmin,
    ip,
    requestId,
    sessionId,
    authenticatedAt: extra.authenticatedAt,
    staff: user.isAdmin || (extra.staff ?? false),
    via: extra.via ?? 'cookie',
    scopes: extra.scopes,
  };
}

export const REAUTHENTICATION_WINDOW_MS = 10 * 60 * 1000;

/**
 * Sensitive changes (e-mail, password, second factor, group memberships) need a password proof within the
 * last 10 minutes. System (jobs, command line) is exempt.
 */
export function assertRecentlyAuthenticated(s: Session, now: Date): void {
  if (s.kind === 'system') return;
  if (s.kind !== 'user') throw new AppError('unauthenticated');
  if (!s.authenticatedAt || now.getTime() - s.authenticatedAt.getTime() > REAUTHENTICATION_WINDOW_MS) {
    throw new AppError('reauthentication_required');
  }
}

export function userType(s: Session): UserType {
  if (s.kind === 'user') return s.isAdmin ? 'administrator' : 'user';
  return s.kind;
}

/** Administrators and the System user pass every access check. */
export function isUnrestricted(s: Session): boolean {
  return s.kind === 'system' || (s.kind === 'user' && s.isAdmin);
}

export function actorName(s: Session): string {
  if (s.kind === 'user') return s.username;
  return s.kind === 'system' ? 'System' : 'anonymous';
}

/** Refuses anyone but administrators (and System): 401 when not signed in, 403 otherwise. */
export function assertAdministrator(s: Session, message?: string): void {
  if (isUnrestricted(s)) return;
  if (s.kind === 'anonymous') throw new AppError('unauthenticated');
  throw new AppError('forbidden_admin', message);
}
