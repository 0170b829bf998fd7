// Single-use e-mail tokens (address verification and password reset: one hour; invitations: seven days),
// stored as SHA-256.
import { sql, type Queryable } from '../db/database.ts';
import { tokenHash } from './tokens.ts';

export type EmailTokenPurpose = 'verify_email' | 'reset_password' | 'invitation';
export const EMAIL_TOKEN_TTL_MS = 60 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: EMAIL_TOKEN_TTL_MS,
  reset_password: EMAIL_TOKEN_TTL_MS,
  invitation: INVITATION_TTL_MS,
};

export async function insertEmailToken(
  q: Queryable,
  at: Date,
  t: { userId: number; purpose: EmailTokenPurpose; token: string; email: string },
): Promise<void> {
  // A new token of the same purpose replaces the older unused ones.
  await q.query(sql`
    UPDATE email_tokens SET used_at = ${at} WHERE user_id = ${t.userId} AND purpose = ${t.purpose} AND used_at IS NULL`);
  await q.query(sql`
    INSERT INTO email_tokens (user_id, purpose, token_hash, email, created_at, expires_at)
    VALUES (${t.userId}, ${t.purpose}, ${tokenHash(t.token)}, ${t.email}, ${at}, ${new Date(at.getTime() + TTL_MS[t.purpose])})`);
}

/** Looks a live token up without using it (e.g. to ask for the second factor before a reset). */
export async function peekEmailToken(
  q: Queryable,
  at: Date,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ user_id: number; email: string } | undefined> {
  const rows = await q.query<{ user_id: number; email: string }>(sql`
    SELECT user_id, email FROM email_tokens
     WHERE token_hash = ${tokenHash(token)} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > ${at}`);
  return rows[0];
}

/** Uses a token: succeeds once, within its hour, for its purpose. */
export async function consumeEmailToken(
  q: Queryable,
  at: Date,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ user_id: number; email: string } | undefined> {
  const rows = await q.query<{ user_id: number; email: string }>(sql`
    UPDATE email_tokens SET used_at = ${at}
     WHERE token_hash = ${tokenHash(token)} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > ${at}
    RETURNING user_id, email`);
  return rows[0];
}

/** Voids a user's unused tokens of one purpose (e.g. reset links, when the user's credentials are ended). */
export async function voidEmailTokens(q: Queryable, at: Date, userId: number, purpose: EmailTokenPurpose): Promise<number> {
  const rows = await q.query(sql`
    UPDATE email_tokens SET used_at = ${at} WHERE user_id = ${userId} AND purpose = ${purpose} AND used_at IS NULL RETURNING id`);
  return rows.length;
}
