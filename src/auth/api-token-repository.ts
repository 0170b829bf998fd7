// Personal API tokens: scoped, expiring, shown once, stored as SHA-256.
import { oneRow, sql, type Queryable } from '../db/database.ts';
import { tokenHash } from './tokens.ts';
import { API_TOKEN_SCOPES, type ApiTokenScope } from './api-token-scopes.ts';

export { API_TOKEN_SCOPES, type ApiTokenScope };
/** Prefix of every API token, so leaked tokens are easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = 'ppt_';

export interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  scopes: ApiTokenScope[];
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const columns = sql`id, user_id, name, scopes, created_at, expires_at, last_used_at, revoked_at`;

export async function insertApiToken(
  q: Queryable,
  at: Date,
  t: { userId: number; name: string; token: string; scopes: ApiTokenScope[]; expiresAt: Date },
): Promise<ApiTokenRow> {
  const rows = await q.query<ApiTokenRow>(sql`
    INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at)
    VALUES (${t.userId}, ${t.name}, ${tokenHash(t.token)}, ${t.scopes}::text[], ${at}, ${t.expiresAt})
    RETURNING ${columns}`);
  return oneRow(rows);
}

export async function listApiTokens(q: Queryable, userId: number): Promise<ApiTokenRow[]> {
  return q.query<ApiTokenRow>(sql`SELECT ${columns} FROM api_tokens WHERE user_id = ${userId} ORDER BY created_at DESC`);
}

export async function revokeApiToken(q: Queryable, userId: number, id: number, at: Date): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE api_tokens SET revoked_at = ${at} WHERE id = ${id} AND user_id = ${userId} AND revoked_at IS NULL RETURNING id`);
  return rows.length > 0;
}

export async function revokeAllApiTokens(q: Queryable, userId: number, at: Date): Promise<number> {
  const rows = await q.query(sql`UPDATE api_tokens SET revoked_at = ${at} WHERE user_id = ${userId} AND revoked_at IS NULL RETURNING id`);
  return rows.length;
}

export interface ApiTokenOwner {
  token_id: number;
  user_id: number;
  username: string;
  is_admin: boolean;
  staff_console: boolean;
  mfa_enabled: boolean;
  /** The owner's sign-in network allowlist (empty = anywhere); checked on every request. */
  allowed_networks: string[];
  scopes: ApiTokenScope[];
}

/**
 * The live token's owner, when the token exists, is not revoked or expired, and its owner is not disabled.
 * An account locked after failed sign-ins keeps its tokens: the lock stops guessing, it signs nobody out.
 */
export async function resolveApiToken(
  q: Queryable,
  token: string,
  at: Date,
): Promise<(ApiTokenOwner & { last_used_at: Date | null }) | undefined> {
  const rows = await q.query<ApiTokenOwner & { last_used_at: Date | null }>(sql`
    SELECT t.id AS token_id, u.id AS user_id, u.username, u.is_admin, u.staff_console,
           u.mfa_enabled_at IS NOT NULL AS mfa_enabled, u.allowed_networks, t.scopes, t.last_used_at
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ${tokenHash(token)} AND t.revoked_at IS NULL AND t.expires_at > ${at}
       AND NOT u.disabled AND NOT u.must_change_password`);
  return rows[0];
}

/**
 * Records that the token was used, once it passed every check of the request (a refused use, e.g. from outside
 * the owner's networks, does not count). Written at most once a minute per token.
 */
export async function markApiTokenUsed(q: Queryable, token: { token_id: number; last_used_at: Date | null }, at: Date): Promise<void> {
  if (token.last_used_at && at.getTime() - token.last_used_at.getTime() <= 60_000) return;
  await q.query(sql`UPDATE api_tokens SET last_used_at = ${at} WHERE id = ${token.token_id}`);
}
