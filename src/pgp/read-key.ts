// Reading armoured OpenPGP keys that people paste: one public key (a reporter's, for encrypted mail) or one
// private key (the team key, imported). Anything else is refused with a field error saying what to give instead.
import * as openpgp from 'openpgp';
import type { Key } from 'openpgp';
import { fieldError } from '../errors/catalog.ts';
import { keyInfo, type PgpKeyInfo } from './key-info.ts';
import { assertUsable } from './usable.ts';

/** Longest armoured key accepted (keys with many third-party signatures are large). */
export const ARMORED_KEY_MAX = 100_000;

export interface PublicKeyInfo extends PgpKeyInfo {
  /** The public part, armoured by Parapet (normalised: no private parts, no comments). */
  armored: string;
}

export interface ReadOptions {
  /** The input field errors name; default 'publicKey' (or 'privateKey'). */
  field?: string;
  /** The moment expiry and revocation are judged at (the application clock). */
  now?: Date;
}

async function readOneKey(armored: string, field: string, kind: 'public' | 'private'): Promise<Key> {
  const text = armored.trim();
  if (text === '') throw fieldError(field, `is empty; paste the ${kind} key block.`);
  if (text.length > ARMORED_KEY_MAX) throw fieldError(field, `is too long (at most ${ARMORED_KEY_MAX} characters).`);
  const block = kind === 'public' ? 'PUBLIC KEY' : 'PRIVATE KEY';
  const form = `paste the whole ASCII-armoured block, from -----BEGIN PGP ${block} BLOCK----- to -----END PGP ${block} BLOCK-----.`;
  if (!text.includes('-----BEGIN PGP')) throw fieldError(field, `is not an OpenPGP key; ${form}`);
  let keys: Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: text });
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/not of type key/i.test(message)) throw fieldError(field, `is an OpenPGP message or signature, not a key; ${form}`);
    throw fieldError(field, `is not a readable OpenPGP key; ${form}`);
  }
  const [key] = keys;
  if (!key || keys.length !== 1) throw fieldError(field, `holds ${keys.length} keys; give exactly one.`);
  return key;
}

/**
 * One usable public key: not a private key, not revoked or expired at `now`, able to encrypt.
 * Throws a validation AppError naming `field` otherwise.
 */
export async function readPublicKey(armored: string, options: ReadOptions = {}): Promise<PublicKeyInfo> {
  const field = options.field ?? 'publicKey';
  const now = options.now ?? new Date();
  const key = await readOneKey(armored, field, 'public');
  if (key.isPrivate()) {
    throw fieldError(
      field,
      'is a private key. Give the public key only (export it with "gpg --armor --export"), and keep the private key secret.',
    );
  }
  await assertUsable(key, now, field);
  return { ...(await keyInfo(key)), armored: key.armor() };
}

export interface PrivateKeyResult extends PgpKeyInfo {
  /** The private key, armoured, decrypted (no passphrase). */
  privateArmored: string;
  /** The public part, armoured. */
  publicArmored: string;
}

/**
 * One usable private key that can sign and encrypt, decrypted with `passphrase` when it is protected.
 * Field errors name `field` (the key) or 'passphrase'.
 */
export async function readPrivateKey(
  armored: string,
  passphrase: string | undefined,
  options: ReadOptions & { passphraseField?: string } = {},
): Promise<PrivateKeyResult> {
  const field = options.field ?? 'privateKey';
  const passphraseField = options.passphraseField ?? 'passphrase';
  const now = options.now ?? new Date();
  const key = await readOneKey(armored, field, 'private');
  if (!key.isPrivate()) {
    throw fieldError(
      field,
      'is a public key; importing needs the private key (export it with "gpg --armor --export-secret-keys"), or generate a new key instead.',
    );
  }
  let privateKey = key;
  if (!privateKey.isDecrypted()) {
    if (!passphrase) throw fieldError(passphraseField, 'is needed: this private key is protected by a passphrase.');
    try {
      privateKey = await openpgp.decryptKey({ privateKey, passphrase });
    } catch (err) {
      const message = err instanceof Error ? err.message : '';
      throw fieldError(
        passphraseField,
        /passphrase/i.test(message) ? 'is not the passphrase of this key.' : `could not unlock the key: ${message}`,
      );
    }
  }
  await assertUsable(privateKey, now, field, { sign: true });
  // A key whose secret parts live elsewhere (a smartcard stub) reads fine but cannot sign: try it.
  try {
    await openpgp.sign({ message: await openpgp.createMessage({ text: 'test' }), signingKeys: privateKey, date: now });
  } catch (err) {
    throw fieldError(
      field,
      `cannot sign with this key (${err instanceof Error ? err.message : 'unknown reason'}); are its secret parts on a smartcard?`,
    );
  }
  return { ...(await keyInfo(privateKey)), privateArmored: privateKey.armor(), publicArmored: privateKey.toPublic().armor() };
}
