// Known devices (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): after a completed sign-in the
// browser gets a random device token (cookie __Host-parapet-device; only its SHA-256 is stored here), bound to
// the user. A later sign-in of the same user that presents it is a "known device": its failures count against
// that device only (at the lockout threshold the device is locked and counts as unknown), and the account lock,
// which applies to unknown clients, does not stop it. So ten wrong passwords from anywhere lock out attackers,
// not the owner's own browsers.
import { sql, type Queryable, type Tx } from '../db/database.ts';
import { newToken, tokenHash } from './tokens.ts';
import { DEVICE_COOKIE, DEVICE_LIFETIME_MS } from './device-cookie.ts';

export { DEVICE_COOKIE, DEVICE_LIFETIME_MS };
/** Devices kept per user (the most recently used): a script that never keeps its cookie cannot fill the table. */
export const MAX_DEVICES_PER_USER = 20;

export interface KnownDevice {
  id: string;
  user_id: number;
  failed_signins: number;
}

/** The live, unlocked device of `userId` that the token names, if any. */
export async function knownDevice(q: Queryable, token: string | undefined, userId: number, at: Date): Promise<KnownDevice | undefined> {
  if (!token || token.length > 100) return undefined;
  const rows = await q.query<KnownDevice>(sql`
    SELECT id::text AS id, user_id, failed_signins FROM known_devices
     WHERE token_hash = ${tokenHash(token)} AND user_id = ${userId} AND locked_at IS NULL AND expires_at > ${at}`);
  return rows[0];
}

/** Takes a numbered attempt on an unlocked device; undefined when it is locked (or gone). */
export async function reserveDeviceAttempt(tx: Tx, deviceId: string): Promise<number | undefined> {
  const rows = await tx.query<{ n: number }>(sql`
    UPDATE known_devices SET failed_signins = failed_signins + 1
     WHERE id = ${deviceId}::bigint AND locked_at IS NULL RETURNING failed_signins AS n`);
  return rows[0]?.n;
}

/** Gives back an attempt (the credential was right, but the sign-in is not complete yet). */
export async function releaseDeviceAttempt(q: Queryable, deviceId: string): Promise<void> {
  await q.query(
    sql`UPDATE known_devices SET failed_signins = GREATEST(failed_signins - 1, 0) WHERE id = ${deviceId}::bigint AND locked_at IS NULL`,
  );
}

/** Locks the device: from now on it counts as an unknown client. True when newly locked. */
export async function lockDevice(q: Queryable, deviceId: string, at: Date): Promise<boolean> {
  const rows = await q.query(
    sql`UPDATE known_devices SET locked_at = ${at} WHERE id = ${deviceId}::bigint AND locked_at IS NULL RETURNING id`,
  );
  return rows.length > 0;
}

/**
 * After a completed sign-in: the device presented (if it was this user's) is replaced by a new token, so a
 * device token is used for one sign-in only. Returns the new token for the cookie.
 */
export async function rememberDevice(q: Queryable, userId: number, at: Date, previousToken: string | undefined): Promise<string> {
  if (previousToken && previousToken.length <= 100) {
    await q.query(sql`DELETE FROM known_devices WHERE token_hash = ${tokenHash(previousToken)} AND user_id = ${userId}`);
  }
  await q.query(sql`DELETE FROM known_devices WHERE user_id = ${userId} AND expires_at <= ${at}`);
  const token = newToken();
  await q.query(sql`
    INSERT INTO known_devices (user_id, token_hash, created_at, last_used_at, expires_at)
    VALUES (${userId}, ${tokenHash(token)}, ${at}, ${at}, ${new Date(at.getTime() + DEVICE_LIFETIME_MS)})`);
  await q.query(sql`
    DELETE FROM known_devices WHERE user_id = ${userId} AND id NOT IN (
      SELECT id FROM known_devices WHERE user_id = ${userId} ORDER BY last_used_at DESC, id DESC LIMIT ${MAX_DEVICES_PER_USER})`);
  return token;
}

/** How many live devices a user has (tests and the account page). */
export async function countKnownDevices(q: Queryable, userId: number, at: Date): Promise<number> {
  const rows = await q.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM known_devices WHERE user_id = ${userId} AND locked_at IS NULL AND expires_at > ${at}`);
  return rows[0]?.n ?? 0;
}

/** Forgets every known device of the user (credential events: a device proven with the old credentials is trusted no more). */
export async function forgetDevices(q: Queryable, userId: number): Promise<number> {
  const rows = await q.query(sql`DELETE FROM known_devices WHERE user_id = ${userId} RETURNING 1`);
  return rows.length;
}
