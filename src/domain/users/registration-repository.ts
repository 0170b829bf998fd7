// SQL for self-registration requests (registration-service.ts). The link's token is stored only as its SHA-256.
import { oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';
import { tokenHash } from '../../auth/tokens.ts';

export type RegistrationOutcome = 'new' | 'name_taken' | 'email_taken' | 'limited';

export interface RegistrationRow {
  id: string;
  username: string;
  display_name: string;
  email: string;
  password_hash: string | null;
  outcome: RegistrationOutcome;
  existing_user_id: number | null;
}

/** Holds the per-IP and per-address locks and counts the requests of the last hour from the IP and to the address. */
export async function countRecentRegistrations(
  tx: Tx,
  ip: string,
  email: string,
  since: Date,
): Promise<{ fromIp: number; toAddress: number }> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`registration-ip:${ip}`}))`);
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`registration-email:${email.toLowerCase()}`}))`);
  const rows = await tx.query<{ from_ip: number; to_address: number }>(sql`
    SELECT (SELECT count(*)::int FROM registration_requests WHERE ip = ${ip} AND created_at > ${since}) AS from_ip,
           (SELECT count(*)::int FROM registration_requests WHERE lower(email) = lower(${email}) AND outcome <> 'limited' AND created_at > ${since}) AS to_address`);
  const counts = oneRow(rows);
  return { fromIp: counts.from_ip, toAddress: counts.to_address };
}

/** The account an address already belongs to, and whether a username is taken (any account, also disabled). */
export async function registrationConflicts(
  q: Queryable,
  email: string,
  usernameKey: string,
): Promise<{ emailOwner: number | undefined; nameTaken: boolean }> {
  const rows = await q.query<{ owner: number | null; taken: boolean }>(sql`
    SELECT (SELECT id FROM users WHERE lower(email) = lower(${email}) ORDER BY id LIMIT 1) AS owner,
           EXISTS (SELECT 1 FROM users WHERE username_key = ${usernameKey}) AS taken`);
  return { emailOwner: rows[0]?.owner ?? undefined, nameTaken: rows[0]?.taken === true };
}

export async function insertRegistration(
  tx: Tx,
  at: Date,
  r: {
    username: string;
    displayName: string;
    email: string;
    passwordHash: string | null;
    outcome: RegistrationOutcome;
    existingUserId: number | undefined;
    ip: string;
    expiresAt: Date;
  },
): Promise<string> {
  const rows = await tx.query<{ id: string }>(sql`
    INSERT INTO registration_requests (username, display_name, email, password_hash, outcome, existing_user_id, ip, created_at, expires_at)
    VALUES (${r.username}, ${r.displayName}, ${r.email}, ${r.passwordHash}, ${r.outcome}, ${r.existingUserId ?? null}, ${r.ip}, ${at}, ${r.expiresAt})
    RETURNING id::text AS id`);
  // Requests older than a day count for nothing any more; unused links are dead after their day.
  await tx.query(
    sql`DELETE FROM registration_requests WHERE created_at < ${new Date(at.getTime() - 86_400_000)} AND (used_at IS NOT NULL OR expires_at < ${at})`,
  );
  return oneRow(rows).id;
}

export async function findRegistration(q: Queryable, id: string): Promise<RegistrationRow | undefined> {
  const rows = await q.query<RegistrationRow>(sql`
    SELECT id::text AS id, username, display_name, email, password_hash, outcome, existing_user_id
      FROM registration_requests WHERE id = ${id}::bigint`);
  return rows[0];
}

/** Sets the link's token (when the mail is built); a later build replaces it. */
export async function setRegistrationToken(q: Queryable, id: string, token: string): Promise<void> {
  await q.query(sql`UPDATE registration_requests SET token_hash = ${tokenHash(token)} WHERE id = ${id}::bigint AND used_at IS NULL`);
}

/** Uses a live link of a registration that creates an account: succeeds once, within its time. */
export async function useRegistrationLink(tx: Tx, at: Date, token: string): Promise<RegistrationRow | undefined> {
  const rows = await tx.query<RegistrationRow>(sql`
    UPDATE registration_requests SET used_at = ${at}
     WHERE token_hash = ${tokenHash(token)} AND outcome = 'new' AND used_at IS NULL AND expires_at > ${at}
    RETURNING id::text AS id, username, display_name, email, password_hash, outcome, existing_user_id`);
  return rows[0];
}
