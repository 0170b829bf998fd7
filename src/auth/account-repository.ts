// SQL for account-security fields of users (password bookkeeping, e-mail verification, sign-in policy).
import { sql, type Queryable } from '../db/database.ts';

export async function passwordHashOf(q: Queryable, userId: number): Promise<string | null> {
  const rows = await q.query<{ password_hash: string | null }>(sql`SELECT password_hash FROM users WHERE id = ${userId}`);
  return rows[0]?.password_hash ?? null;
}

export async function passwordChanged(q: Queryable, userId: number, at: Date): Promise<void> {
  await q.query(sql`UPDATE users SET must_change_password = false, password_changed_at = ${at} WHERE id = ${userId}`);
}

export async function requirePasswordChange(q: Queryable, userId: number): Promise<void> {
  await q.query(sql`UPDATE users SET must_change_password = true WHERE id = ${userId}`);
}

export async function setEmail(q: Queryable, userId: number, email: string, at: Date): Promise<void> {
  await q.query(sql`UPDATE users SET email = ${email}, email_verified_at = NULL, updated_at = ${at} WHERE id = ${userId}`);
}

/** Marks the address verified, if it is still the account's address. */
export async function markEmailVerified(q: Queryable, userId: number, email: string, at: Date): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE users SET email_verified_at = ${at} WHERE id = ${userId} AND lower(email) = lower(${email}) RETURNING id`);
  return rows.length > 0;
}

/** The account a reset request names, by username or e-mail address. */
export async function accountForReset(q: Queryable, login: string): Promise<{ id: number; email: string | null } | undefined> {
  const key = login.trim().normalize('NFKC').toLowerCase();
  const rows = await q.query<{ id: number; email: string | null }>(sql`
    SELECT id, email FROM users
     WHERE NOT disabled AND (username_key = ${key} OR lower(email) = ${key})
     ORDER BY (username_key = ${key}) DESC LIMIT 1`);
  return rows[0];
}

export async function signInPolicy(
  q: Queryable,
  userId: number,
): Promise<{ allowedNetworks: string[]; staffConsole: boolean } | undefined> {
  const rows = await q.query<{ allowed_networks: string[]; staff_console: boolean }>(sql`
    SELECT allowed_networks, staff_console FROM users WHERE id = ${userId}`);
  const r = rows[0];
  return r ? { allowedNetworks: r.allowed_networks, staffConsole: r.staff_console } : undefined;
}

export async function setSignInPolicy(
  q: Queryable,
  userId: number,
  p: { allowedNetworks?: string[]; staffConsole?: boolean },
): Promise<void> {
  await q.query(sql`
    UPDATE users SET
      allowed_networks = COALESCE(${p.allowedNetworks ?? null}::text[], allowed_networks),
      staff_console = COALESCE(${p.staffConsole ?? null}::boolean, staff_console)
    WHERE id = ${userId}`);
}

export interface SecondFactorAccount {
  id: number;
  username: string;
  is_admin: boolean;
  disabled: boolean;
  locked: boolean;
  staff_console: boolean;
  must_change_password: boolean;
  lock_count: number;
}

export async function accountForSecondFactor(q: Queryable, userId: number): Promise<SecondFactorAccount | undefined> {
  const rows = await q.query<SecondFactorAccount>(sql`
    SELECT id, username, is_admin, disabled, locked_at IS NOT NULL AS locked, staff_console, must_change_password, lock_count
      FROM users WHERE id = ${userId}`);
  return rows[0];
}
