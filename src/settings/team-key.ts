// The team's OpenPGP key (seed 003: "PGP key for this address"), stored in the settings table under
// 'team_pgp_key'. The private key is stored unencrypted: Parapet has no secret of its own to encrypt it with
// (see docs/adr/0005-team-pgp-key.md); only the public part and facts about the key ever leave the
// server, except through the audited, re-authenticated export.
import { assertAdministrator, type Session } from '../access/session.ts';
import { sql, type Queryable, type Tx } from '../db/database.ts';

export interface TeamKey {
  fingerprint: string;
  userIds: string[];
  algorithm: string;
  createdAt: string;
  expiresAt: string | null;
  /** How the key came to Parapet. */
  source: 'generated' | 'imported';
  /** When it was generated or imported here. */
  addedAt: string;
  publicKey: string;
  privateKey: string;
}

const KEY = 'team_pgp_key';

/** The team key, or null when none is set up. Not a data access of any session: security.txt needs it. */
export async function readTeamKey(_s: Session, q: Queryable): Promise<TeamKey | null> {
  const rows = await q.query<{ value: TeamKey }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  return rows[0]?.value ?? null;
}

export async function writeTeamKey(s: Session, tx: Tx, at: Date, key: TeamKey): Promise<void> {
  assertAdministrator(s);
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(key)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
}

/** Removes the team key; returns whether there was one. */
export async function deleteTeamKey(s: Session, tx: Tx): Promise<boolean> {
  assertAdministrator(s);
  const rows = await tx.query<{ key: string }>(sql`DELETE FROM settings WHERE key = ${KEY} RETURNING key`);
  return rows.length > 0;
}
