// SQL for brute-force defences: per-IP failure windows and blocks, per-account consecutive failures and locks.
// Attempts are counted (and committed) BEFORE any hashing, under a per-key advisory lock, so the limits hold
// exactly under concurrent attempts and across instances sharing the database.
import { oneRow, sql, type Queryable, type Tx } from '../db/database.ts';

export async function ipBlockedUntil(q: Queryable, ip: string, at: Date): Promise<Date | undefined> {
  const rows = await q.query<{ blocked_until: Date }>(sql`
    SELECT blocked_until FROM ip_blocks WHERE ip = ${ip} AND blocked_until > ${at}`);
  return rows[0]?.blocked_until;
}

/** Records a (provisional) failure for the IP and returns its position in the sliding window. */
export async function reserveIpAttempt(tx: Tx, ip: string, at: Date, windowStart: Date): Promise<{ failureId: string; position: number }> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`signin-ip:${ip}`}))`);
  const inserted = await tx.query<{ id: string }>(sql`
    INSERT INTO signin_failures (ip, at) VALUES (${ip}, ${at}) RETURNING id::text AS id`);
  const count = await tx.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM signin_failures WHERE ip = ${ip} AND at > ${windowStart} AND at <= ${at}`);
  return { failureId: oneRow(inserted).id, position: count[0]?.n ?? 1 };
}

export async function forgetIpFailure(q: Queryable, failureId: string): Promise<void> {
  await q.query(sql`DELETE FROM signin_failures WHERE id = ${failureId}::bigint`);
}

export async function blockIp(q: Queryable, ip: string, at: Date, until: Date): Promise<void> {
  await q.query(sql`
    INSERT INTO ip_blocks (ip, blocked_at, blocked_until) VALUES (${ip}, ${at}, ${until})
    ON CONFLICT (ip) DO UPDATE SET blocked_at = EXCLUDED.blocked_at, blocked_until = EXCLUDED.blocked_until`);
}

export interface IpBlockRow {
  ip: string;
  blocked_at: Date;
  blocked_until: Date;
}

/** The blocks in force at `at`, ending soonest last. */
export async function liveIpBlocks(q: Queryable, at: Date): Promise<IpBlockRow[]> {
  return q.query<IpBlockRow>(sql`
    SELECT ip, blocked_at, blocked_until FROM ip_blocks WHERE blocked_until > ${at} ORDER BY blocked_until DESC, ip LIMIT 1000`);
}

/** Ends the IP's block in force and forgets its failures; undefined when it was not blocked. */
export async function liftIpBlock(tx: Tx, ip: string, at: Date): Promise<{ blocked_until: Date; failures: number } | undefined> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`signin-ip:${ip}`}))`);
  const rows = await tx.query<{ blocked_until: Date }>(sql`
    DELETE FROM ip_blocks WHERE ip = ${ip} AND blocked_until > ${at} RETURNING blocked_until`);
  if (!rows[0]) return undefined;
  const forgotten = await tx.query(sql`DELETE FROM signin_failures WHERE ip = ${ip} RETURNING id`);
  return { blocked_until: rows[0].blocked_until, failures: forgotten.length };
}

export async function pruneSigninFailures(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query(sql`DELETE FROM signin_failures WHERE at < ${before} RETURNING id`);
  await q.query(sql`DELETE FROM ip_blocks WHERE blocked_until < ${before}`);
  return rows.length;
}

export interface AccountForSignIn {
  id: number;
  username: string;
  email: string | null;
  is_admin: boolean;
  disabled: boolean;
  password_hash: string | null;
  must_change_password: boolean;
  failed_signins: number;
  locked_at: Date | null;
  locked_until: Date | null;
  lock_count: number;
  allowed_networks: string[];
  staff_console: boolean;
  mfa_enabled: boolean;
}

export async function accountForSignIn(q: Queryable, usernameKey: string): Promise<AccountForSignIn | undefined> {
  const rows = await q.query<AccountForSignIn>(sql`
    SELECT id, username, email, is_admin, disabled, password_hash, must_change_password, failed_signins,
           locked_at, locked_until, lock_count, allowed_networks, staff_console, mfa_enabled_at IS NOT NULL AS mfa_enabled
      FROM users WHERE username_key = ${usernameKey}`);
  return rows[0];
}

/**
 * Takes a numbered attempt on an unlocked account (a timed lock that has run out is lifted first).
 * Returns undefined when the account is locked.
 */
export async function reserveAccountAttempt(tx: Tx, userId: number, at: Date): Promise<number | undefined> {
  await tx.query(sql`
    UPDATE users SET locked_at = NULL, locked_until = NULL, failed_signins = 0
     WHERE id = ${userId} AND locked_until IS NOT NULL AND locked_until <= ${at}`);
  const rows = await tx.query<{ n: number }>(sql`
    UPDATE users SET failed_signins = failed_signins + 1
     WHERE id = ${userId} AND locked_at IS NULL
    RETURNING failed_signins AS n`);
  return rows[0]?.n;
}

/** Gives back an attempt that was reserved but never tried (refused by admission control). */
export async function releaseAccountAttempt(q: Queryable, userId: number): Promise<void> {
  await q.query(sql`UPDATE users SET failed_signins = GREATEST(failed_signins - 1, 0) WHERE id = ${userId} AND locked_at IS NULL`);
}

export async function resetAccountFailures(q: Queryable, userId: number): Promise<void> {
  await q.query(sql`UPDATE users SET failed_signins = 0 WHERE id = ${userId}`);
}

/** Locks the account (until an administrator unlocks it, or until `until` in timed mode). True when newly locked. */
export async function lockAccount(q: Queryable, userId: number, at: Date, until: Date | null): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE users SET locked_at = ${at}, locked_until = ${until}, lock_count = lock_count + 1
     WHERE id = ${userId} AND locked_at IS NULL RETURNING id`);
  return rows.length > 0;
}

export async function unlockAccount(q: Queryable, userId: number): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE users SET locked_at = NULL, locked_until = NULL, failed_signins = 0
     WHERE id = ${userId} AND locked_at IS NOT NULL RETURNING id`);
  return rows.length > 0;
}
