// `parapet backup` and `parapet restore` as commands: where the backup comes from (on the embedded database the
// running server, through its control channel; otherwise the database itself), the passphrase of an encrypted
// backup, and restore's confirmation. The database work is in backup.ts, the file format in backup-file.ts.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import { backupDatabase, restoreDatabase, type BackupSummary } from './backup.ts';
import { backupEncoding, decryptBackup } from './backup-crypto.ts';
import { BackupFileError } from './backup-errors.ts';
import { checkBackupFile, checkWritable, writeBackupBytes, type BackupFileSummary, type BackupSource } from './backup-file.ts';
import { ask, connectToServer } from './control-client.ts';
import { codePointCount } from '../shared/text.ts';
import { OperatorError } from './errors.ts';
import { openConfigured } from './open.ts';
import { askAtTerminal, atTerminal, readPassword } from './password-input.ts';

export const MIN_PASSPHRASE_LENGTH = 12;

/** Scripts give the passphrase in PARAPET_BACKUP_PASSPHRASE (never on the command line, where other accounts see it). */
function passphraseFromEnvironment(): string | undefined {
  const value = process.env.PARAPET_BACKUP_PASSPHRASE;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The passphrase for a new backup, or undefined for an unencrypted one. Encrypted when asked (--encrypt) or
 * when PARAPET_BACKUP_PASSPHRASE is set; the passphrase comes from that variable, else from the terminal
 * (typed twice, not shown), else from the first line of standard input.
 */
async function newBackupPassphrase(encrypt: boolean): Promise<string | undefined> {
  let passphrase = passphraseFromEnvironment();
  if (!encrypt && passphrase === undefined) return undefined;
  if (passphrase === undefined) {
    if (atTerminal()) {
      passphrase = await readPassword('Passphrase for the backup: ');
      if ((await readPassword('The same passphrase again: ')) !== passphrase) {
        throw new OperatorError('the two passphrases differ; no backup was written.');
      }
    } else {
      passphrase = await readPassword('');
    }
  }
  if (codePointCount(passphrase) < MIN_PASSPHRASE_LENGTH) {
    throw new OperatorError(
      `the backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long (it protects password hashes and the team's private key); no backup was written.`,
    );
  }
  return passphrase;
}

/** Exactly `bytes` bytes of `body`, or an error. */
async function* exactly(body: Readable, bytes: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of body) {
    received += (chunk as Buffer).length;
    if (received > bytes) throw new OperatorError('the running server sent more than the backup it announced; no backup was written.');
    yield chunk as Buffer;
  }
  if (received !== bytes) {
    throw new OperatorError(`the running server stopped sending after ${received} of ${bytes} bytes; no backup was written.`);
  }
}

async function backupThroughServer(
  socket: import('node:net').Socket,
  file: string,
  passphrase: string | undefined,
): Promise<BackupSummary> {
  const { response, body } = await ask(socket, { command: 'backup' });
  if (!response.ok) {
    body.destroy();
    throw new OperatorError(`the running server could not take the backup: ${response.error}`);
  }
  if (!('bytes' in response)) throw new OperatorError('the running server answered the backup request with something else.');
  await writeBackupBytes(Readable.from(exactly(body, response.bytes)), file, { passphrase });
  return { tables: response.tables, rows: response.rows };
}

export async function backupCommand(config: Config, file: string, encrypt: boolean): Promise<number> {
  await checkWritable(file);
  const passphrase = await newBackupPassphrase(encrypt);
  // On the embedded database a running server has it open: it takes the backup and sends it here.
  const socket = config.databaseUrl ? undefined : await connectToServer(config.dataDir);
  const summary = socket
    ? await backupThroughServer(socket, file, passphrase)
    : await backupDatabase(config, file, openConfigured, { passphrase });
  const notes = [passphrase ? 'encrypted with the passphrase' : '', socket ? 'taken by the running server' : ''].filter(Boolean);
  process.stdout.write(
    `Backup written to ${file} (${summary.tables} tables, ${summary.rows} rows${notes.map((n) => `, ${n}`).join('')}).\n`,
  );
  return 0;
}

/** The backup to read: the file itself, or its decrypted content when it is encrypted with a passphrase. */
async function readableBackup(file: string): Promise<BackupSource> {
  const encoding = await backupEncoding(file).catch(() => 'unknown' as const); // unreadable: reported by the check
  if (encoding === 'public-key') {
    throw new BackupFileError(
      `${file} is encrypted for an OpenPGP key, not with a passphrase; decrypt it with that key first (gpg --decrypt).`,
    );
  }
  if (encoding !== 'passphrase') return file;
  const passphrase = passphraseFromEnvironment() ?? (await readPassword(atTerminal() ? `Passphrase of ${file}: ` : ''));
  return { name: file, bytes: await decryptBackup(file, await readFile(file), passphrase) };
}

function describeTarget(config: Config): { where: string; word: string } {
  if (!config.databaseUrl) return { where: `the embedded database in ${config.dataDir}`, word: 'yes' };
  const url = new URL(config.databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const where = `the PostgreSQL database "${name || '(default)'}" at ${url.hostname || 'localhost'}:${url.port || '5432'}`;
  return { where, word: name || 'yes' };
}

async function confirmRestore(config: Config, file: string, checked: BackupFileSummary): Promise<void> {
  const { where, word } = describeTarget(config);
  const { header } = checked;
  process.stderr.write(
    `\nThis replaces everything in ${where}\nwith the backup ${file} (taken ${header.createdAt || 'at an unknown time'} on ${header.backend || 'an unknown backend'}: ` +
      `${checked.tables} tables, ${checked.rows} rows).\nNothing the database holds now is kept.\n\n`,
  );
  const answer = await askAtTerminal(word === 'yes' ? 'Type "yes" to restore: ' : `Type the database name (${word}) to restore: `);
  if (answer.trim() !== word) throw new OperatorError('not confirmed; nothing was changed.');
}

export async function restoreCommand(config: Config, file: string, yes: boolean): Promise<number> {
  if (!yes && !atTerminal()) {
    throw new OperatorError(
      'restore replaces the whole database, so it asks for confirmation at a terminal; in scripts add --yes. Nothing was changed.',
    );
  }
  if (!config.databaseUrl) {
    const socket = await connectToServer(config.dataDir);
    if (socket) {
      socket.destroy();
      throw new OperatorError(
        `a Parapet server is running on ${config.dataDir}: stop it first (restore replaces the database it has open). Nothing was changed.`,
      );
    }
  }
  const source = await readableBackup(file);
  const checked = await checkBackupFile(source);
  if (!yes) await confirmRestore(config, file, checked);
  const summary = await restoreDatabase(config, source, openConfigured, { checked });
  process.stdout.write(`Restored ${summary.rows} rows in ${summary.tables} tables from ${file}.\n`);
  return 0;
}
