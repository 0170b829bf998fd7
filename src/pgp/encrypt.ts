// Encrypting text to one OpenPGP public key, and the mail builders' helper: the text to send to a person who
// may have given a public key.
import * as openpgp from 'openpgp';
import { readPublicKey } from './read-key.ts';

/** The text encrypted to the key, as an ASCII-armoured PGP message. Refuses unusable keys with a field error. */
export async function encryptText(armoredPublicKey: string, text: string, now: Date = new Date()): Promise<string> {
  const { armored } = await readPublicKey(armoredPublicKey, { now });
  const key = (await openpgp.readKey({ armoredKey: armored })).toPublic();
  return openpgp.encrypt({ message: await openpgp.createMessage({ text, date: now }), encryptionKeys: key, date: now });
}

/**
 * What to put in a mail body for a recipient: the text as it is when they gave no key, else the text encrypted
 * to their key. Never falls back to clear text: a key that has become unusable (expired, revoked) throws a
 * validation AppError (field 'publicKey'), so the caller can send a notice without the content instead.
 */
export async function textForRecipient(armoredPublicKey: string | null | undefined, text: string, now: Date = new Date()): Promise<string> {
  if (armoredPublicKey === null || armoredPublicKey === undefined || armoredPublicKey.trim() === '') return text;
  return encryptText(armoredPublicKey, text, now);
}
