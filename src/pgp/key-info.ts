// What Parapet shows and stores about an OpenPGP key: fingerprint, user ids, algorithm, creation and expiry.
import type { Key } from 'openpgp';

export interface PgpKeyInfo {
  /** Upper-case hex, no spaces (40 digits for v4 keys, 64 for v6). */
  fingerprint: string;
  userIds: string[];
  /** For a person, such as "EdDSA (Ed25519)" or "RSA 4096". */
  algorithm: string;
  createdAt: Date;
  /** null: the key never expires. */
  expiresAt: Date | null;
}

const NAMES: Record<string, string> = {
  rsaEncryptSign: 'RSA',
  rsaEncrypt: 'RSA (encrypt only)',
  rsaSign: 'RSA (sign only)',
  dsa: 'DSA',
  elgamal: 'ElGamal',
  ecdsa: 'ECDSA',
  ecdh: 'ECDH',
  eddsaLegacy: 'EdDSA',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
};

const CURVES: Record<string, string> = {
  ed25519Legacy: 'Ed25519',
  curve25519Legacy: 'Curve25519',
  nistP256: 'NIST P-256',
  nistP384: 'NIST P-384',
  nistP521: 'NIST P-521',
  brainpoolP256r1: 'Brainpool P-256',
  brainpoolP384r1: 'Brainpool P-384',
  brainpoolP512r1: 'Brainpool P-512',
  secp256k1: 'secp256k1',
};

export function algorithmName(info: { algorithm: string; bits?: number; curve?: string }): string {
  const name = NAMES[info.algorithm] ?? info.algorithm;
  if (info.bits) return `${name} ${info.bits}`;
  if (info.curve) return `${name} (${CURVES[info.curve] ?? info.curve})`;
  return name;
}

export async function keyInfo(key: Key): Promise<PgpKeyInfo> {
  const expiration = await key.getExpirationTime();
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    userIds: key.getUserIDs(),
    algorithm: algorithmName(key.getAlgorithmInfo()),
    createdAt: key.getCreationTime(),
    expiresAt: expiration instanceof Date ? expiration : null,
  };
}

/** The fingerprint in groups of four, as people compare them: "D2E2 8BA5 …". */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?!$)/g, '$1 ');
}
