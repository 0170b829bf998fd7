// Server-side sessions in the database (so any instance can serve any request). The cookie carries an
// opaque token; the table holds only its SHA-256. Resolving a token is how a request gets its session.
import type { Session } from '../access/session.ts';
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
  ip: string;
  data: Record<string, unknown>;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export async function createStoredSession(
  _s: Session,
  q: Queryable,
  at: Date,
  row: { token: string; userId: number | null; ip: string; userAgent: string; data?: Record<string, unknown> },
): Promise<void> {
  await q.query(sql`
    INSERT INTO sessions (id, user_id, ip, user_agent, data, created_at, last_seen_at, expires_at)
    VALUES (${tokenHash(row.token)}, ${row.userId}, ${row.ip}, ${row.userAgent.slice(0, 300)},
            ${JSON.stringify(row.data ?? {})}::jsonb, ${at}, ${at}, ${new Date(at.getTime() + SESSION_ABSOLUTE_MS)})`);
}

/** The live session for a token, or undefined when unknown, idle too long or past its lifetime. */
export async function resolveStoredSession(_s: Session, q: Queryable, at: Date, token: string): Promise<StoredSession | undefined> {
  const id = tokenHash(token);
  const rows = await q.query<StoredSession>(sql`
    SELECT s.id, s.user_id, u.username, COALESCE(u.is_admin, false) AS is_admin, s.ip, s.data,
           s.created_at, s.last_seen_at, s.expires_at
      FROM sessions s LEFT JOIN users u ON u.id = s.user_id
     WHERE s.id = ${id} AND (s.user_id IS NULL OR NOT u.disabled)`);
  const row = rows[0];
  if (!row) return undefined;
  if (row.expires_at.getTime() <= at.getTime() || at.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS) {
    await q.query(sql`DELETE FROM sessions WHERE id = ${id}`);
    return undefined;
  }
  if (at.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await q.query(sql`UPDATE sessions SET last_seen_at = ${at} WHERE id = ${id}`);
  }
  return row;
}

export async function deleteStoredSession(_s: Session, q: Queryable, token: string): Promise<void> {
  await q.query(sql`DELETE FROM sessions WHERE id = ${tokenHash(token)}`);
}

export async function setStoredSessionData(_s: Session, q: Queryable, token: string, data: Record<string, unknown>): Promise<void> {
  await q.query(sql`UPDATE sessions SET data = ${JSON.stringify(data)}::jsonb WHERE id = ${tokenHash(token)}`);
}

export async function deleteExpiredSessions(_s: Session, q: Queryable, at: Date): Promise<number> {
  const rows = await q.query(sql`
    DELETE FROM sessions WHERE expires_at <= ${at} OR last_seen_at < ${new Date(at.getTime() - SESSION_IDLE_MS)} RETURNING id`);
  return rows.length;
}
