// Limits on account recovery, counted in the database so they hold across instances:
// - reset requests: at most RESET_MAILS_PER_ACCOUNT_HOUR reset mails to one account and at most
//   RESET_REQUESTS_PER_NETWORK_HOUR requests from one client network per hour (the network is the IPv4 address,
//   or the /64 of an IPv6 address, which one client usually holds whole). Over a limit the request is recorded
//   and answered as usual, but no mail goes out: the answer never tells;
// - second-factor codes given with a reset link: counted like sign-in codes (attempts.ts: the account and the
//   client IP), and at most MAX_CODES_PER_RESET_LINK per link, after which the link is spent.
import ipaddr from 'ipaddr.js';
import { oneRow, sql, type Queryable, type Tx } from '../db/database.ts';
import { tokenHash } from './tokens.ts';

export const RESET_MAILS_PER_ACCOUNT_HOUR = 3;
export const RESET_REQUESTS_PER_NETWORK_HOUR = 10;
export const MAX_CODES_PER_RESET_LINK = 5;
const HOUR_MS = 3_600_000;

/** The client network a request is counted against. */
export function networkOf(ip: string): string {
  if (ip.includes(':') && ipaddr.IPv6.isValid(ip)) {
    const v6 = ipaddr.IPv6.parse(ip);
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    const parts = v6.parts.slice(0, 4).map((p) => p.toString(16));
    return `${parts.join(':')}::/64`;
  }
  return ip;
}

/**
 * Records one reset request (under per-network and per-account locks, so concurrent requests count exactly)
 * and says whether a mail may go out: `userId` is the account to mail, undefined when there is none.
 */
export async function countResetRequest(tx: Tx, at: Date, r: { network: string; userId: number | undefined }): Promise<boolean> {
  const since = new Date(at.getTime() - HOUR_MS);
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`reset-net:${r.network}`}))`);
  if (r.userId !== undefined) await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`reset-user:${r.userId}`}))`);
  const fromNetwork = await tx.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM password_reset_requests WHERE network = ${r.network} AND at > ${since}`);
  const toAccount =
    r.userId === undefined
      ? [{ n: 0 }]
      : await tx.query<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM password_reset_requests WHERE user_id = ${r.userId} AND mailed AND at > ${since}`);
  const mail =
    r.userId !== undefined && oneRow(fromNetwork).n < RESET_REQUESTS_PER_NETWORK_HOUR && oneRow(toAccount).n < RESET_MAILS_PER_ACCOUNT_HOUR;
  await tx.query(sql`
    INSERT INTO password_reset_requests (network, user_id, at, mailed) VALUES (${r.network}, ${r.userId ?? null}, ${at}, ${mail})`);
  // Rows older than a day count for nothing any more.
  await tx.query(sql`DELETE FROM password_reset_requests WHERE network = ${r.network} AND at < ${new Date(at.getTime() - 24 * HOUR_MS)}`);
  return mail;
}

/** Counts one code given with a live reset link; returns how many were given with it, undefined when it is not live. */
export async function countResetLinkCode(q: Queryable, at: Date, token: string): Promise<number | undefined> {
  const rows = await q.query<{ n: number }>(sql`
    UPDATE email_tokens SET failed_attempts = failed_attempts + 1
     WHERE token_hash = ${tokenHash(token)} AND purpose = 'reset_password' AND used_at IS NULL AND expires_at > ${at}
    RETURNING failed_attempts AS n`);
  return rows[0]?.n;
}

/** Spends a reset link (too many wrong codes were given with it). */
export async function spendResetLink(q: Queryable, at: Date, token: string): Promise<void> {
  await q.query(sql`UPDATE email_tokens SET used_at = ${at} WHERE token_hash = ${tokenHash(token)} AND used_at IS NULL`);
}
