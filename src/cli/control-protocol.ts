// The control channel between `parapet` commands and a running server on the embedded database.
//
// Only the server process may open a PGlite data directory, so while it runs, commands that need the database
// (backup, users unlock) ask it instead, over a Unix domain socket in the data directory:
//
//   <PARAPET_DATA_DIR>/parapet.sock   mode 0600, in the 0700 data directory: only the account that runs
//                                     Parapet (and root) can connect; that is the whole authorisation.
//
// One request per connection, one JSON line each way:
//   → {"command":"backup"}                      ← {"ok":true,"bytes":N,"tables":T,"rows":R} then N bytes: the
//                                                  backup file (gzip), exactly as `parapet backup` writes it
//   → {"command":"users unlock","username":"x"} ← {"ok":true,"message":"…"}
//   any failure                                 ← {"ok":false,"error":"…"} (worded for the operator)
// The channel offers only what the command line offers; nothing else is accepted.
import path from 'node:path';

export const SOCKET_FILE = 'parapet.sock';

/** Longest Unix socket path Linux accepts (sun_path is 108 bytes with its NUL). */
export const MAX_SOCKET_PATH = 107;

/** Longest request or response line (JSON). */
export const MAX_LINE = 64 * 1024;

export type ControlRequest = { command: 'backup' } | { command: 'users unlock'; username: string };

export type ControlResponse =
  { ok: true; bytes: number; tables: number; rows: number } | { ok: true; message: string } | { ok: false; error: string };

export function socketPath(dataDir: string): string {
  return path.join(dataDir, SOCKET_FILE);
}

/** True when the socket path fits in a Unix socket address. */
export function socketPathFits(file: string): boolean {
  return Buffer.byteLength(file) <= MAX_SOCKET_PATH;
}

/** Checks a request line's JSON; undefined when it is not a request the channel offers. */
export function parseRequest(value: unknown): ControlRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.command === 'backup' && Object.keys(v).length === 1) return { command: 'backup' };
  if (v.command === 'users unlock' && typeof v.username === 'string' && v.username !== '' && Object.keys(v).length === 2) {
    return { command: 'users unlock', username: v.username };
  }
  return undefined;
}

/**
 * Reads from `stream` up to the first newline and returns that line and whatever came after it. Rejects when
 * the line is longer than MAX_LINE or the stream ends or is destroyed first.
 */
export function readLine(stream: NodeJS.ReadableStream): Promise<{ line: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      buffered = Buffer.concat([buffered, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
      const nl = buffered.indexOf(0x0a);
      if (nl === -1) {
        if (buffered.length > MAX_LINE) {
          cleanup();
          reject(new Error('the line is too long'));
        }
        return;
      }
      cleanup();
      stream.pause();
      resolve({ line: buffered.subarray(0, nl).toString('utf8'), rest: buffered.subarray(nl + 1) });
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('the connection ended before a complete line'));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onEnd); // destroyed (timeout, shutdown) without an end
    stream.on('error', onError);
  });
}
