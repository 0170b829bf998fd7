// Optional encryption of backup files with a passphrase: the whole backup file (gzip) becomes the literal data
// of an OpenPGP message encrypted with the passphrase (RFC 4880 symmetric encryption: iterated and salted
// S2K, AES-256, integrity-protected). OpenPGP.js writes the format GnuPG and other OpenPGP tools read, so an
// encrypted backup can also be opened without Parapet: `gpg --decrypt FILE > backup.gz`.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import * as openpgp from 'openpgp';
import { BackupFileError } from './backup-errors.ts';

/** How a backup file is stored, from its first bytes. */
export type BackupEncoding = 'gzip' | 'passphrase' | 'public-key' | 'unknown';

/** New-format (0xC0 | tag) or old-format (0x80 | tag << 2 | length type) OpenPGP packet header of `tag`. */
function isPacket(first: number, tag: number): boolean {
  return first === (0xc0 | tag) || (first & 0xfc) === (0x80 | (tag << 2));
}

export async function backupEncoding(file: string): Promise<BackupEncoding> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.toString('latin1').startsWith('-----BEGIN PGP MESSAGE-----')) return 'passphrase';
  const first = head[0];
  if (first === undefined) return 'unknown';
  if (isPacket(first, 3)) return 'passphrase'; // symmetric-key encrypted session key
  if (isPacket(first, 1)) return 'public-key'; // public-key encrypted session key
  return 'unknown';
}

/** The bytes of `source`, encrypted with the passphrase, as a stream (nothing is held in memory). */
export async function encryptStream(source: Readable, passphrase: string): Promise<Readable> {
  const message = await openpgp.createMessage({ binary: Readable.toWeb(source) });
  const encrypted = await openpgp.encrypt({ message, passwords: [passphrase], format: 'binary' });
  return Readable.fromWeb(encrypted);
}

/**
 * Decrypts an encrypted backup file into memory (the gzip bytes; OpenPGP checks the integrity of the whole
 * message before it releases any of it). A wrong passphrase and a damaged file get their own messages.
 */
export async function decryptBackup(file: string, bytes: Buffer, passphrase: string): Promise<Buffer> {
  let message: openpgp.Message<string | Uint8Array>;
  try {
    message =
      bytes.subarray(0, 5).toString('latin1') === '-----'
        ? await openpgp.readMessage({ armoredMessage: bytes.toString('utf8') })
        : await openpgp.readMessage({ binaryMessage: bytes });
  } catch (err) {
    throw new BackupFileError(
      `${file} looks like an encrypted backup but cannot be read (${(err as Error).message}); it is damaged or truncated.`,
    );
  }
  try {
    const { data } = await openpgp.decrypt({ message, passwords: [passphrase], format: 'binary' });
    return Buffer.from(data);
  } catch (err) {
    const text = (err as Error).message;
    if (/session key decryption failed|decryption failed/i.test(text) && !/modification/i.test(text)) {
      throw new BackupFileError(`${file}: the passphrase is not the one this backup was encrypted with.`);
    }
    throw new BackupFileError(`${file} is an encrypted backup that is damaged or truncated (${text}).`);
  }
}
