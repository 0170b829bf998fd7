// SQL of proof-of-work challenges: issued with their difficulty and expiry, marked used exactly once.
import { sql, type Queryable, type Tx } from '../db/database.ts';

export interface ChallengeRow {
  id: string;
  difficulty: number;
  expires_at: Date;
  used_at: Date | null;
}

/** Holds the IP's challenge issuing until the transaction ends (so the cap on unsolved ones is exact). */
export async function lockChallengeIp(tx: Tx, ip: string): Promise<void> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`intake-challenge:${ip}`}))`);
}

/** Unsolved, unexpired challenges issued to the IP, oldest expiry first (at most `limit`). */
export async function liveChallengeExpiries(q: Queryable, ip: string, at: Date, limit: number): Promise<Date[]> {
  const rows = await q.query<{ expires_at: Date }>(sql`
    SELECT expires_at FROM intake_challenges
     WHERE ip = ${ip} AND expires_at > ${at} AND used_at IS NULL
     ORDER BY expires_at ASC LIMIT ${limit}`);
  return rows.map((r) => r.expires_at);
}

export async function insertChallenge(
  q: Queryable,
  c: { id: string; difficulty: number; ip: string; at: Date; expiresAt: Date },
): Promise<void> {
  await q.query(sql`
    INSERT INTO intake_challenges (id, difficulty, expires_at, used_at, ip, issued_at)
    VALUES (${c.id}, ${c.difficulty}, ${c.expiresAt}, NULL, ${c.ip}, ${c.at})`);
}

/**
 * Marks the challenge used if it is unused, unexpired and asks for at most `solvedBits` bits. True when this
 * call used it: of parallel attempts with the same solution, exactly one succeeds.
 */
export async function useChallenge(q: Queryable, id: string, solvedBits: number, at: Date): Promise<boolean> {
  const rows = await q.query(sql`
    UPDATE intake_challenges SET used_at = ${at}
     WHERE id = ${id} AND used_at IS NULL AND expires_at > ${at} AND difficulty <= ${solvedBits}
    RETURNING id`);
  return rows.length > 0;
}

export async function findChallenge(q: Queryable, id: string): Promise<ChallengeRow | undefined> {
  const rows = await q.query<ChallengeRow>(sql`SELECT id, difficulty, expires_at, used_at FROM intake_challenges WHERE id = ${id}`);
  return rows[0];
}
