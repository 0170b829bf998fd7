// The team's OpenPGP key (seed 003: "PGP key for this address"), stored in the settings table under
// 'team_pgp_key'. The private key is stored unencrypted: Parapet has no secret of its own to encrypt it with
// (see docs/adr/0005-team-pgp-key.md); only the public part and facts about the key ever leave the
// server, except through the audited, re-authenticated export.
import type { Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import { sql, type Queryable, type Tx } from '../db/database.ts';
import type { PrivateKeyResult } from '../pgp/index.ts';

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
/** Set once a team key was generated at first start (or an administrator managed the key before that existed). */
const PROVISIONED = 'team_key_provisioned';

/** The stored form of a generated or imported key. */
export function teamKeyRecord(result: PrivateKeyResult, source: TeamKey['source'], at: Date): TeamKey {
  return {
    fingerprint: result.fingerprint,
    userIds: result.userIds,
    algorithm: result.algorithm,
    createdAt: result.createdAt.toISOString(),
    expiresAt: result.expiresAt?.toISOString() ?? null,
    source,
    addedAt: at.toISOString(),
    publicKey: result.publicArmored,
    privateKey: result.privateArmored,
  };
}

/** The team key, or null when none is set up. Not a data access of any session: security.txt needs it. */
export async function readTeamKey(_s: Session, q: Queryable): Promise<TeamKey | null> {
  const rows = await q.query<{ value: TeamKey }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  return rows[0]?.value ?? null;
}

export async function writeTeamKey(s: Session, tx: Tx, at: Date, key: TeamKey): Promise<void> {
  authorizeSession(s, 'manageSettings');
  await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(key)}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
}

/** Removes the team key; returns whether there was one. */
export async function deleteTeamKey(s: Session, tx: Tx): Promise<boolean> {
  authorizeSession(s, 'manageSettings');
  const rows = await tx.query<{ key: string }>(sql`DELETE FROM settings WHERE key = ${KEY} RETURNING key`);
  return rows.length > 0;
}

/** Whether the first-start key generation has happened on this installation (it happens once, ever). */
export async function teamKeyProvisioned(_s: Session, q: Queryable): Promise<boolean> {
  const rows = await q.query(sql`SELECT 1 FROM settings WHERE key = ${PROVISIONED}`);
  return rows.length > 0;
}

/** Records the first-start generation; false when another instance recorded it first. */
export async function markTeamKeyProvisioned(s: Session, tx: Tx, at: Date, fingerprint: string): Promise<boolean> {
  authorizeSession(s, 'manageSettings');
  const rows = await tx.query(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${PROVISIONED}, ${JSON.stringify({ fingerprint })}::jsonb, ${at})
    ON CONFLICT (key) DO NOTHING RETURNING key`);
  return rows.length > 0;
}
