// Making a new team key: Ed25519 for signatures with a Curve25519 encryption subkey (OpenPGP v4, which
// every current OpenPGP program reads), without a passphrase and without expiry.
import * as openpgp from 'openpgp';
import { fieldError } from '../errors/catalog.ts';
import { keyInfo } from './key-info.ts';
import type { PrivateKeyResult } from './read-key.ts';

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

export async function generateTeamKey(name: string, email: string, now: Date = new Date()): Promise<PrivateKeyResult> {
  const cleanName = name.trim();
  if (cleanName === '' || cleanName.length > 200 || /[<>\r\n]/.test(cleanName)) {
    throw fieldError('name', 'must be 1 to 200 characters without < > or line breaks.');
  }
  if (!EMAIL.test(email.trim()) || email.length > 254) throw fieldError('email', `"${email}" is not an e-mail address.`);
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: cleanName, email: email.trim() }],
    date: now,
    keyExpirationTime: 0,
    format: 'object',
  });
  return { ...(await keyInfo(privateKey)), privateArmored: privateKey.armor(), publicArmored: privateKey.toPublic().armor() };
}
