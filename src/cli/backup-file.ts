// The backup file format, independent of any database: gzip-compressed JSON lines.
//
//   {"format":"parapet-backup","version":1,"createdAt":"…","backend":"pglite","migrations":["0001_…",…]}
//   {"table":"users","columns":[{"name":"id","type":"integer"},…]}
//   ["1","alice",null,…]                      one line per row: each value in PostgreSQL's text form, or null
//   …                                          (more tables, each a table line followed by its rows)
//   {"end":true,"rows":{"users":3,…}}          trailer: its presence and counts prove the file is complete
//
// PostgreSQL's text form is what COPY and pg_dump use: every type (arrays, jsonb, timestamptz, numeric,
// bytea, …) reads back exactly, and SQL NULL stays distinct from a JSON null inside a jsonb value.
// Reading validates the whole structure; a damaged file is reported with its line number.
// A backup may be encrypted with a passphrase (backup-crypto.ts): the file is then an OpenPGP message whose
// content is the gzip file above; it is decrypted before it is read.
import { createReadStream, createWriteStream } from 'node:fs';
import { access, constants, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { BackupFileError, RestoreError } from './backup-errors.ts';
import { encryptStream } from './backup-crypto.ts';

export const BACKUP_FORMAT = 'parapet-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  backend: string;
  /** Ids of the migrations the database had; the backup's schema level. */
  migrations: string[];
}

export interface BackupColumn {
  name: string;
  type: string;
}

export interface BackupTable {
  table: string;
  columns: BackupColumn[];
}

export interface BackupTrailer {
  end: true;
  rows: Record<string, number>;
}

export type BackupRecord =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: BackupTable }
  /** A batch of row lines of the current table, each already checked to be a JSON array of the right shape. */
  | { kind: 'rows'; table: BackupTable; lines: string[] }
  | { kind: 'end'; trailer: BackupTrailer };

export { BackupFileError, RestoreError };

const MAX_LINE = 256 * 1024 * 1024;
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

/** A backup to read: a file, or the decrypted bytes of an encrypted file (named for messages). */
export type BackupSource = string | { name: string; bytes: Buffer };

const sourceName = (source: BackupSource) => (typeof source === 'string' ? source : source.name);

/** The lines of a gzip-compressed UTF-8 file; stream errors and invalid UTF-8 reject. */
async function* readLines(from: BackupSource): AsyncGenerator<string> {
  const source: Readable = typeof from === 'string' ? createReadStream(from) : Readable.from([from.bytes]);
  const gunzip = createGunzip();
  source.on('error', (err: Error) => gunzip.destroy(err));
  source.pipe(gunzip);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  try {
    for await (const chunk of gunzip) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
        yield pending.slice(start, nl);
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE) throw new BackupFileError(`a line is longer than ${MAX_LINE} bytes; the file is damaged.`);
    }
    pending += decoder.decode();
    if (pending !== '') yield pending;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

function describeReadError(file: string, err: unknown): BackupFileError {
  if (err instanceof BackupFileError) return new BackupFileError(`${file}: ${err.message}`);
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return new BackupFileError(`${file}: no such file.`);
  if (code === 'EACCES' || code === 'EPERM') return new BackupFileError(`${file}: permission denied.`);
  if (code === 'EISDIR') return new BackupFileError(`${file}: is a directory, not a backup file.`);
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
    const detail = code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'it is not valid UTF-8 text' : (err as Error).message;
    return new BackupFileError(`${file} is not a Parapet backup or is damaged (${detail}).`);
  }
  return new BackupFileError(`${file}: cannot be read: ${(err as Error).message}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupFileError(`${what} is not valid JSON.`);
  }
}

/** A header field shown to the operator: its text when it is a plain value, else nothing. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function checkHeader(value: unknown): BackupHeader {
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw new BackupFileError('it does not start with a Parapet backup header.');
  }
  if (value.version !== BACKUP_VERSION) {
    throw new BackupFileError(`it is backup format version ${String(value.version)}; this Parapet reads version ${BACKUP_VERSION}.`);
  }
  if (!Array.isArray(value.migrations) || !value.migrations.every((m) => typeof m === 'string')) {
    throw new BackupFileError('its header has no list of migrations.');
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: scalarText(value.createdAt),
    backend: scalarText(value.backend),
    migrations: value.migrations,
  };
}

function checkTable(value: Record<string, unknown>, seen: Set<string>): BackupTable {
  const { table, columns } = value;
  if (typeof table !== 'string' || table === '' || !Array.isArray(columns) || columns.length === 0) {
    throw new BackupFileError('a table line has no table name or no columns.');
  }
  if (seen.has(table)) throw new BackupFileError(`the table "${table}" appears twice.`);
  const names = new Set<string>();
  for (const c of columns) {
    if (!isObject(c) || typeof c.name !== 'string' || typeof c.type !== 'string' || c.name === '' || names.has(c.name)) {
      throw new BackupFileError(`the table "${table}" has a malformed column list.`);
    }
    names.add(c.name);
  }
  seen.add(table);
  return { table, columns: (columns as BackupColumn[]).map((c) => ({ name: c.name, type: c.type })) };
}

function checkRow(line: string, table: BackupTable): void {
  const row = parseJson(line, 'a row');
  if (!Array.isArray(row) || row.length !== table.columns.length || !row.every((v) => v === null || typeof v === 'string')) {
    throw new BackupFileError(`a row of "${table.table}" does not have its ${table.columns.length} columns.`);
  }
}

function checkTrailer(value: Record<string, unknown>, counts: Map<string, number>): BackupTrailer {
  const rows = value.rows;
  if (value.end !== true || !isObject(rows)) throw new BackupFileError('the closing line is malformed.');
  const expected = Object.entries(rows);
  if (expected.length !== counts.size) {
    throw new BackupFileError(`the closing line lists ${expected.length} tables but the file has ${counts.size}.`);
  }
  for (const [table, n] of expected) {
    if (counts.get(table) !== n) {
      throw new BackupFileError(`the table "${table}" should have ${String(n)} rows but the file has ${counts.get(table) ?? 0}.`);
    }
  }
  return { end: true, rows: rows as Record<string, number> };
}

/**
 * Reads a backup file record by record, checking its structure as it goes. Throws BackupFileError (with the
 * file name and line number) for anything that is not a complete, well-formed backup.
 */
export async function* readBackupFile(source: BackupSource): AsyncGenerator<BackupRecord> {
  const file = sourceName(source);
  let lineNo = 0;
  let header: BackupHeader | undefined;
  let table: BackupTable | undefined;
  let trailer: BackupTrailer | undefined;
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  let batch: string[] = [];
  let batchBytes = 0;
  try {
    for await (const line of readLines(source)) {
      lineNo++;
      try {
        if (trailer) throw new BackupFileError('there is data after the closing line.');
        if (!header) {
          header = checkHeader(parseJson(line, 'the first line'));
          yield { kind: 'header', header };
          continue;
        }
        if (line.startsWith('[')) {
          if (!table) throw new BackupFileError('a row comes before any table line.');
          checkRow(line, table);
          counts.set(table.table, (counts.get(table.table) ?? 0) + 1);
          batch.push(line);
          batchBytes += line.length;
          if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
            yield { kind: 'rows', table, lines: batch };
            batch = [];
            batchBytes = 0;
          }
          continue;
        }
        const value = parseJson(line, 'the line');
        if (!isObject(value)) throw new BackupFileError('the line is neither a row nor a table or closing line.');
        if (table && batch.length > 0) {
          yield { kind: 'rows', table, lines: batch };
          batch = [];
          batchBytes = 0;
        }
        if ('table' in value) {
          table = checkTable(value, seen);
          counts.set(table.table, 0);
          yield { kind: 'table', table };
        } else if ('end' in value) {
          trailer = checkTrailer(value, counts);
          yield { kind: 'end', trailer };
        } else {
          throw new BackupFileError('the line is neither a row nor a table or closing line.');
        }
      } catch (err) {
        if (err instanceof BackupFileError && !err.message.startsWith('line ')) throw new BackupFileError(`line ${lineNo}: ${err.message}`);
        throw err;
      }
    }
  } catch (err) {
    throw describeReadError(file, err);
  }
  if (!header) throw new BackupFileError(`${file} is empty; it is not a Parapet backup.`);
  if (!trailer) throw new BackupFileError(`${file} is incomplete: it ends after line ${lineNo} without its closing line (truncated?).`);
}

export interface BackupFileSummary {
  header: BackupHeader;
  tables: number;
  rows: number;
}

/** Reads the whole file and checks it; returns what it holds. */
export async function checkBackupFile(source: BackupSource): Promise<BackupFileSummary> {
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  for await (const record of readBackupFile(source)) {
    if (record.kind === 'header') header = record.header;
    if (record.kind === 'end') trailer = record.trailer;
  }
  // readBackupFile throws when either is missing.
  if (!header || !trailer) throw new Error('Internal error: the backup file was read without its header or closing line.');
  const counts = Object.values(trailer.rows);
  return { header, tables: counts.length, rows: counts.reduce((a, b) => a + b, 0) };
}

function writeError(file: string, err: unknown): Error {
  const code = (err as { code?: string }).code;
  const reasons: Record<string, string> = {
    ENOENT: 'its directory does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory',
    ENOSPC: 'the disk is full',
    EROFS: 'the file system is read-only',
  };
  const reason = code ? reasons[code] : undefined;
  return reason ? new BackupFileError(`cannot write ${file}: ${reason}.`) : (err as Error);
}

/** Fails early (before any database work) when `file` cannot be created. */
export async function checkWritable(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOENT' });
    await access(dir, constants.W_OK);
    if ((await stat(file).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (err) {
    throw writeError(file, err);
  }
}

/**
 * Writes the bytes of a backup file (gzip) from `source` to `${file}.partial` — encrypted when a passphrase is
 * given — then flushes it to disk and renames it to `file`, so an interrupted backup never leaves a
 * plausible-looking file. The file is created 0600 (a leftover .partial is removed first, so its mode cannot
 * carry over). On any failure the partial file is removed and the error rethrown.
 */
export async function writeBackupBytes(source: Readable, file: string, options: { passphrase?: string } = {}): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await rm(partial, { force: true });
    const bytes = options.passphrase ? await encryptStream(source, options.passphrase) : source;
    await pipeline(bytes, createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, file);
  } catch (err) {
    source.destroy();
    await rm(partial, { force: true });
    throw writeError(file, err);
  }
}

/** Writes a backup file line by line: the lines go through gzip to writeBackupBytes. */
export class BackupWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  /** How writeBackupBytes failed, once it has. */
  private failed: { reason: unknown } | undefined;

  constructor(
    readonly file: string,
    options: { passphrase?: string } = {},
  ) {
    this.gzip = createGzip();
    this.done = writeBackupBytes(this.gzip, file, options);
    this.done.catch((reason: unknown) => {
      this.failed ??= { reason };
    });
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failed.reason;
  }

  /** Writes text (whole lines), waiting while gzip's buffer is full. */
  async write(text: string): Promise<void> {
    this.throwIfFailed();
    if (!this.gzip.write(text)) {
      await Promise.race([once(this.gzip, 'drain'), once(this.gzip, 'close')]).catch(() => {});
      this.throwIfFailed();
    }
  }

  /** Ends the file; resolves once it is complete, on disk and renamed. */
  async finish(): Promise<void> {
    this.gzip.end();
    await this.done.catch(() => {});
    this.throwIfFailed();
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => {});
  }
}
