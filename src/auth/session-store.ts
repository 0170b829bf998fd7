// Server-side sessions in the database (so any instance can serve any request). The cookie carries an
// opaque token of 256 random bits; the table holds only its SHA-256. Resolving a token is how a request
// gets its session.
import { sql, type Queryable } from '../db/database.ts';
import { tokenHash } from './tokens.ts';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads do not turn every request into a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface StoredSession {
  id: string;
  user_id: number | null;
  username: string | null;
  is_admin: boolean;
  must_change_password: boolean;
  staff_console: boolean;
  mfa_enabled: boolean;
  /** The user's sign-in network allowlist (empty = anywhere); checked on every request. */
  allowed_networks: string[];
  ip: string;
  bound_ip: boolean;
  mfa_pending: boolean;
  data: Record<string, unknown>;
  created_at: Date;
  last_seen_at: Date;
  authenticated_at: Date | null;
  expires_at: Date;
}

export interface NewStoredSession {
  token: string;
  userId: number | null;
  ip: string;
  userAgent: string;
  data?: Record<string, unknown>;
  bindIp?: boolean;
  mfaPending?: boolean;
  absoluteMs?: number;
}

export async function createStoredSession(q: Queryable, at: Date, row: NewStoredSession): Promise<void> {
  const absolute = row.absoluteMs ?? SESSION_ABSOLUTE_MS;
  await q.query(sql`
    INSERT INTO sessions (id, user_id, ip, user_agent, data, created_at, last_seen_at, expires_at, bound_ip, authenticated_at, mfa_pending)
    VALUES (${tokenHash(row.token)}, ${row.userId}, ${row.ip}, ${row.userAgent.slice(0, 300)},
            ${JSON.stringify(row.data ?? {})}::jsonb, ${at}, ${at}, ${new Date(at.getTime() + absolute)},
            ${row.bindIp ?? false}, ${row.userId === null ? null : at}, ${row.mfaPending ?? false})`);
}

export type ResolveOutcome =
  | { kind: 'live'; session: StoredSession }
  | { kind: 'none' }
  | { kind: 'ended'; reason: 'expired' | 'idle' | 'ip_changed'; userId: number | null };

/**
 * The live session for a token. A session past its lifetime or idle too long is deleted, and the outcome says
 * why; one bound to its IP and used from another is left for the caller to end (deleteStoredSession) together
 * with its security event.
 */
export async function resolveStoredSession(
  q: Queryable,
  at: Date,
  token: string,
  options: { ip: string; idleMs?: number },
): Promise<ResolveOutcome> {
  const id = tokenHash(token);
  const rows = await q.query<StoredSession>(sql`
    SELECT s.id, s.user_id, u.username, COALESCE(u.is_admin, false) AS is_admin,
           COALESCE(u.must_change_password, false) AS must_change_password,
           COALESCE(u.staff_console, false) AS staff_console, u.mfa_enabled_at IS NOT NULL AS mfa_enabled,
           COALESCE(u.allowed_networks, '{}') AS allowed_networks, s.ip, s.bound_ip, s.mfa_pending, s.data,
           s.created_at, s.last_seen_at, s.authenticated_at, s.expires_at
      FROM sessions s LEFT JOIN users u ON u.id = s.user_id
     WHERE s.id = ${id} AND (s.user_id IS NULL OR NOT u.disabled)`);
  const row = rows[0];
  if (!row) return { kind: 'none' };
  const idleMs = options.idleMs ?? SESSION_IDLE_MS;
  let reason: 'expired' | 'idle' | 'ip_changed' | undefined;
  if (row.expires_at.getTime() <= at.getTime()) reason = 'expired';
  else if (at.getTime() - row.last_seen_at.getTime() > idleMs) reason = 'idle';
  else if (row.bound_ip && row.ip !== options.ip) reason = 'ip_changed';
  if (reason) {
    // A session used from another IP is ended by the caller, in the transaction of its security event.
    if (reason !== 'ip_changed') await q.query(sql`DELETE FROM sessions WHERE id = ${id}`);
    return { kind: 'ended', reason, userId: row.user_id };
  }
  if (at.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await q.query(sql`UPDATE sessions SET last_seen_at = ${at} WHERE id = ${id}`);
  }
  return { kind: 'live', session: row };
}

/** Deletes the session of a token; true when there was one. */
export async function deleteStoredSession(q: Queryable, token: string): Promise<boolean> {
  const rows = await q.query(sql`DELETE FROM sessions WHERE id = ${tokenHash(token)} RETURNING id`);
  return rows.length > 0;
}

export async function setStoredSessionData(q: Queryable, token: string, data: Record<string, unknown>): Promise<void> {
  await q.query(sql`UPDATE sessions SET data = ${JSON.stringify(data)}::jsonb WHERE id = ${tokenHash(token)}`);
}

export async function deleteExpiredSessions(q: Queryable, at: Date, idleMs = SESSION_IDLE_MS): Promise<number> {
  const rows = await q.query(sql`
    DELETE FROM sessions WHERE expires_at <= ${at} OR last_seen_at < ${new Date(at.getTime() - idleMs)} RETURNING id`);
  return rows.length;
}

export interface SessionListRow {
  public_id: string;
  user_id: number;
  ip: string;
  user_agent: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  current: boolean;
}

/** A user's live sessions; `currentId` (the caller's own session id) is flagged. */
export async function listUserSessions(q: Queryable, userId: number, currentId: string | undefined): Promise<SessionListRow[]> {
  return q.query<SessionListRow>(sql`
    SELECT public_id::text AS public_id, user_id, ip, user_agent, created_at, last_seen_at, expires_at,
           (id = ${currentId ?? ''}) AS current
      FROM sessions WHERE user_id = ${userId} ORDER BY last_seen_at DESC`);
}

/** Ends one of a user's sessions by its public id; false when there is no such session of that user. */
export async function deleteUserSession(q: Queryable, userId: number, publicId: string): Promise<boolean> {
  const rows = await q.query(sql`
    DELETE FROM sessions WHERE user_id = ${userId} AND public_id::text = ${publicId} RETURNING id`);
  return rows.length > 0;
}

/** Ends every session of a user except, optionally, one (the caller's own). Returns how many ended. */
export async function deleteOtherUserSessions(q: Queryable, userId: number, exceptId?: string): Promise<number> {
  const rows = await q.query(sql`
    DELETE FROM sessions WHERE user_id = ${userId} AND id <> ${exceptId ?? ''} RETURNING id`);
  return rows.length;
}

/** Marks the session as having just proved the password (re-authentication). */
export async function markAuthenticated(q: Queryable, sessionId: string, at: Date): Promise<void> {
  await q.query(sql`UPDATE sessions SET authenticated_at = ${at} WHERE id = ${sessionId}`);
}

/**
 * Counts one second-factor code tried on a pending sign-in (password accepted, code awaited) and returns how
 * many were tried on it so far; undefined when the token names no pending sign-in.
 */
export async function countMfaAttempt(q: Queryable, token: string): Promise<number | undefined> {
  const rows = await q.query<{ n: number }>(sql`
    UPDATE sessions SET mfa_attempts = mfa_attempts + 1 WHERE id = ${tokenHash(token)} AND mfa_pending RETURNING mfa_attempts AS n`);
  return rows[0]?.n;
}
