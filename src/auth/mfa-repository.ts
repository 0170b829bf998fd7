// SQL for second factors: the TOTP secret and its last accepted step, and hashed recovery codes.
import { sql, type Queryable } from '../db/database.ts';
import { recoveryCodeHash } from './totp.ts';

export interface MfaState {
  /** The active authenticator's secret (when enabled). */
  secret: string | null;
  /** An authenticator being set up, not yet confirmed. */
  pending: string | null;
  enabled: boolean;
  last_step: number | null;
}

export async function mfaState(q: Queryable, userId: number, opts: { forUpdate?: boolean } = {}): Promise<MfaState | undefined> {
  const rows = await q.query<{ secret: string | null; pending: string | null; enabled: boolean; last_step: string | null }>(sql`
    SELECT mfa_totp_secret AS secret, mfa_pending_secret AS pending, mfa_enabled_at IS NOT NULL AS enabled,
           mfa_last_step::text AS last_step
      FROM users WHERE id = ${userId} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`);
  const r = rows[0];
  return r
    ? { secret: r.secret, pending: r.pending, enabled: r.enabled, last_step: r.last_step === null ? null : Number(r.last_step) }
    : undefined;
}

export async function setPendingTotpSecret(q: Queryable, userId: number, secret: string): Promise<void> {
  await q.query(sql`UPDATE users SET mfa_pending_secret = ${secret} WHERE id = ${userId}`);
}

/** The pending authenticator becomes the active one (replacing any earlier one). */
export async function enableTotp(q: Queryable, userId: number, at: Date, step: number): Promise<void> {
  await q.query(sql`
    UPDATE users SET mfa_totp_secret = mfa_pending_secret, mfa_pending_secret = NULL, mfa_enabled_at = ${at}, mfa_last_step = ${step}
     WHERE id = ${userId}`);
}

export async function disableMfa(q: Queryable, userId: number): Promise<void> {
  await q.query(sql`
    UPDATE users SET mfa_totp_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = ${userId}`);
  await q.query(sql`DELETE FROM mfa_recovery_codes WHERE user_id = ${userId}`);
}

/** Records an accepted step; false when a step at or after it was already used (a replay). */
export async function acceptTotpStep(q: Queryable, userId: number, step: number): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE users SET mfa_last_step = ${step}
     WHERE id = ${userId} AND (mfa_last_step IS NULL OR mfa_last_step < ${step}) RETURNING id`);
  return rows.length > 0;
}

export async function replaceRecoveryCodes(q: Queryable, userId: number, codes: string[]): Promise<void> {
  await q.query(sql`DELETE FROM mfa_recovery_codes WHERE user_id = ${userId}`);
  for (const code of codes) {
    await q.query(sql`INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (${userId}, ${recoveryCodeHash(code)})`);
  }
}

/** Uses a recovery code once. */
export async function consumeRecoveryCode(q: Queryable, userId: number, code: string, at: Date): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE mfa_recovery_codes SET used_at = ${at}
     WHERE user_id = ${userId} AND code_hash = ${recoveryCodeHash(code)} AND used_at IS NULL RETURNING id`);
  return rows.length > 0;
}

export async function remainingRecoveryCodes(q: Queryable, userId: number): Promise<number> {
  const rows = await q.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE user_id = ${userId} AND used_at IS NULL`);
  return rows[0]?.n ?? 0;
}
