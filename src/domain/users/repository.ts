// SQL for users. Administrators see every user; a signed-in user sees themself; nobody else sees users.
import { readsUnfiltered } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import { oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';
import { escapeLike } from '../groups/repository.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  is_admin: boolean;
  disabled: boolean;
  email_verified: boolean;
  locked: boolean;
  locked_until: Date | null;
  failed_signins: number;
  mfa_enabled: boolean;
  staff_console: boolean;
  allowed_networks: string[];
  must_change_password: boolean;
  /** False for an invited account whose user has not chosen a password yet. */
  has_password: boolean;
  created_at: Date;
  updated_at: Date;
}

const userColumns = sql`u.id, u.username, u.display_name, u.email, u.is_admin, u.disabled,
  u.email_verified_at IS NOT NULL AS email_verified, u.locked_at IS NOT NULL AS locked, u.locked_until, u.failed_signins,
  u.mfa_enabled_at IS NOT NULL AS mfa_enabled, u.staff_console, u.allowed_networks, u.must_change_password,
  u.password_hash IS NOT NULL AS has_password, u.created_at, u.updated_at`;

function visibleUsers(s: Session) {
  if (readsUnfiltered(s)) return sql`TRUE`;
  if (s.kind === 'user') return sql`u.id = ${s.userId}`;
  return sql`FALSE`;
}

export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export async function findUser(s: Session, q: Queryable, id: number): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(sql`SELECT ${userColumns} FROM users u WHERE u.id = ${id} AND ${visibleUsers(s)}`);
  return rows[0];
}

export async function findUserByName(s: Session, q: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(sql`
    SELECT ${userColumns} FROM users u WHERE u.username_key = ${usernameKey(username)} AND ${visibleUsers(s)}`);
  return rows[0];
}

export async function listUsers(
  s: Session,
  q: Queryable,
  filter: { search?: string; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const where = sql`${visibleUsers(s)}
    AND (${filter.search ?? null}::text IS NULL
         OR u.username_key LIKE '%' || ${escapeLike(filter.search ?? '')} || '%' ESCAPE '\\'
         OR lower(u.display_name) LIKE '%' || ${escapeLike(filter.search ?? '')} || '%' ESCAPE '\\')`;
  const rows = await q.query<UserRow>(sql`
    SELECT ${userColumns} FROM users u WHERE ${where} ORDER BY u.username_key LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  const total = await q.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users u WHERE ${where}`);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function insertUser(
  _s: Session,
  tx: Tx,
  at: Date,
  u: {
    username: string;
    displayName: string;
    email: string | null;
    isAdmin: boolean;
    passwordHash: string | null;
    staffConsole?: boolean;
    mustChangePassword?: boolean;
    /** Set when the address was proved while creating the account (a registration link). */
    emailVerifiedAt?: Date;
  },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO users (username, username_key, display_name, email, is_admin, password_hash, staff_console, must_change_password,
                       email_verified_at, created_at, updated_at)
    VALUES (${u.username}, ${usernameKey(u.username)}, ${u.displayName}, ${u.email}, ${u.isAdmin}, ${u.passwordHash},
            ${u.staffConsole ?? u.isAdmin}, ${u.mustChangePassword ?? false}, ${u.emailVerifiedAt ?? null}, ${at}, ${at})
    RETURNING id`);
  return oneRow(rows).id;
}

export async function updateUser(
  _s: Session,
  tx: Tx,
  at: Date,
  id: number,
  patch: { displayName?: string; email?: string | null; isAdmin?: boolean; disabled?: boolean },
): Promise<void> {
  await tx.query(sql`
    UPDATE users SET
      display_name = COALESCE(${patch.displayName ?? null}, display_name),
      email = CASE WHEN ${patch.email !== undefined} THEN ${patch.email ?? null} ELSE email END,
      is_admin = COALESCE(${patch.isAdmin ?? null}::boolean, is_admin),
      disabled = COALESCE(${patch.disabled ?? null}::boolean, disabled),
      updated_at = ${at}
    WHERE id = ${id}`);
}

export async function setPasswordHash(_s: Session, tx: Tx, at: Date, id: number, hash: string): Promise<void> {
  await tx.query(sql`UPDATE users SET password_hash = ${hash}, updated_at = ${at} WHERE id = ${id}`);
}

export async function countAdministrators(_s: Session, q: Queryable): Promise<number> {
  const rows = await q.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE is_admin AND NOT disabled`);
  return rows[0]?.n ?? 0;
}

/**
 * The id and name of an active user, by id or username, for naming someone in a role on an object the session
 * works on (assignee, invited collaborator). Reveals nothing else about the account.
 */
export async function activeUserIdentity(
  _s: Session,
  q: Queryable,
  by: { id: number } | { username: string },
): Promise<{ id: number; username: string } | undefined> {
  const rows = await q.query<{ id: number; username: string }>(sql`
    SELECT u.id, u.username FROM users u
     WHERE ${'id' in by ? sql`u.id = ${by.id}` : sql`u.username_key = ${usernameKey(by.username)}`} AND NOT u.disabled`);
  return rows[0];
}
