// Checks that an OpenPGP key can be used now, turning OpenPGP.js's refusals into field errors a person can act on.
import type { Key } from 'openpgp';
import { fieldError } from '../errors/catalog.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The reason a key cannot be used, in words for the person who pasted it. */
export function reasonFor(err: unknown, key: Key, expiresAt: Date | null): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/revoked/i.test(message)) return 'has been revoked by its owner; give a current key.';
  if (/expired/i.test(message)) {
    return `expired${expiresAt ? ` on ${day(expiresAt)}` : ''}; give a current key (or extend its expiry and export it again).`;
  }
  if (/too weak|insecure|not supported|unknown|rejected/i.test(message)) {
    return `uses an algorithm or key size that is no longer considered safe (${message.replace(/^.*?: /, '')}); give a modern key such as Ed25519/Curve25519 or RSA of at least 3072 bits.`;
  }
  if (/in the future/i.test(message))
    return `was made with a creation date in the future (${day(key.getCreationTime())}); check the clock of the computer that made it.`;
  if (/encryption key/i.test(message)) return 'cannot encrypt: it has no valid encryption subkey. Give a key that has one (most keys do).';
  if (/signing key/i.test(message)) return 'cannot sign: it has no valid signing key.';
  return `cannot be used: ${message}`;
}

/** Refuses revoked, expired and weak keys, and keys that cannot encrypt (and, when asked, sign) at `now`. */
export async function assertUsable(key: Key, now: Date, field: string, options: { sign?: boolean } = {}): Promise<void> {
  const expiration = await key.getExpirationTime();
  const expiresAt = expiration instanceof Date ? expiration : null;
  try {
    if (await key.isRevoked(undefined, undefined, now)) throw new Error('revoked');
    await key.verifyPrimaryKey(now);
    await key.getEncryptionKey(undefined, now);
  } catch (err) {
    throw fieldError(field, reasonFor(err, key, expiresAt));
  }
  if (options.sign) {
    try {
      await key.getSigningKey(undefined, now);
    } catch (err) {
      throw fieldError(field, reasonFor(err, key, expiresAt));
    }
  }
}
