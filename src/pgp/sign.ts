// OpenPGP cleartext signatures (RFC 9580 §7), as security.txt uses them (RFC 9116 §2.3).
import * as openpgp from 'openpgp';

/**
 * The text cleartext-signed with the (unprotected) private key. Lines end with LF throughout: OpenPGP.js
 * writes the signed text with CRLF, and the signature covers the text with canonical line endings, so
 * either form verifies.
 */
export async function signCleartext(armoredPrivateKey: string, text: string, now: Date = new Date()): Promise<string> {
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: armoredPrivateKey });
  const message = await openpgp.createCleartextMessage({ text });
  const signed = await openpgp.sign({ message, signingKeys, date: now });
  return signed.replace(/\r\n/g, '\n');
}
