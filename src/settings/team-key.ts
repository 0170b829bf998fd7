// The team's OpenPGP key (seed 003: "PGP key for this address"), stored through the settings registry (kind
// 'team_pgp_key'; the marker of the first-start generation is kind 'team_key_provisioned'). The private key is stored unencrypted: Parapet has no secret of its own to encrypt it with
// (see docs/adr/0005-team-pgp-key.md); only the public part and facts about the key ever leave the
// server, except through the audited, re-authenticated export.
import { Type } from 'typebox';
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

export const TeamKeyValueSchema = Type.Object({
  fingerprint: Type.String({ minLength: 1 }),
  userIds: Type.Array(Type.String()),
  algorithm: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Literal('generated'), Type.Literal('imported')]),
  addedAt: Type.String(),
  publicKey: Type.String({ minLength: 1 }),
  privateKey: Type.String({ minLength: 1 }),
});

/** Set once a team key was generated at first start (or an administrator managed the key before that existed). */
export interface TeamKeyProvisioned {
  fingerprint?: string;
  /** Written by migration 0065 for installations that managed their key before first-start generation. */
  fromAuditLog?: boolean;
}

export const TeamKeyProvisionedSchema = Type.Object({
  fingerprint: Type.Optional(Type.String()),
  fromAuditLog: Type.Optional(Type.Boolean()),
});

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
