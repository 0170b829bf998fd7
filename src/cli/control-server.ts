// The server's end of the control channel (protocol in control-protocol.ts), started by `parapet start` on the
// embedded database. Requests run as the System user, like the same commands run directly.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { SystemSession } from '../access/session.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors/catalog.ts';
import type { Services } from '../services.ts';
import { writeBackup } from './backup.ts';
import { commandErrorText } from './errors.ts';
import { parseRequest, readLine, socketPath, socketPathFits, type ControlRequest, type ControlResponse } from './control-protocol.ts';
import { unlockUser } from './operations.ts';

/** Backups taken for a client are written here first (owner-only, like the database), then sent and removed. */
const TEMP_PREFIX = '.control-backup-';
const IDLE_MS = 60_000;

export interface ControlChannel {
  readonly path: string;
  /** Stops accepting requests and waits for those under way. */
  stop(): Promise<void>;
}

interface Context {
  s: SystemSession;
  dataDir: string;
  db: Database;
  services: Services;
  log: FastifyBaseLogger;
}

function send(socket: net.Socket, response: ControlResponse): Promise<void> {
  return new Promise((resolve) => socket.write(`${JSON.stringify(response)}\n`, () => resolve()));
}

async function backup(ctx: Context, socket: net.Socket): Promise<void> {
  const file = path.join(ctx.dataDir, `${TEMP_PREFIX}${randomUUID()}.gz`);
  try {
    const summary = await writeBackup(ctx.db, file);
    const { size } = await stat(file);
    await send(socket, { ok: true, bytes: size, ...summary });
    await pipeline(createReadStream(file), socket);
    ctx.log.info({ tables: summary.tables, rows: summary.rows, bytes: size }, 'control channel: backup sent to a local parapet command');
  } finally {
    await rm(file, { force: true });
    await rm(`${file}.partial`, { force: true });
  }
}

/** Whether the client is still connected: it may go away during any await (a check made before says nothing). */
function connected(socket: net.Socket): boolean {
  return !socket.destroyed;
}

async function handle(ctx: Context, socket: net.Socket, waiting: Set<net.Socket>): Promise<void> {
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  let request: ControlRequest | undefined;
  try {
    const { line } = await readLine(socket);
    request = parseRequest(JSON.parse(line));
  } catch {
    request = undefined;
  } finally {
    waiting.delete(socket);
  }
  if (socket.destroyed) return;
  if (!request) {
    await send(socket, { ok: false, error: 'the server does not offer that request over its control channel.' });
    socket.end();
    return;
  }
  try {
    if (request.command === 'backup') {
      await backup(ctx, socket);
      return;
    }
    const message = await unlockUser(ctx.s, ctx.services, request.username);
    ctx.log.info({ username: request.username }, 'control channel: account unlocked by a local parapet command');
    await send(socket, { ok: true, message });
    socket.end();
  } catch (err) {
    // An answer such as "not locked" is for the operator, not a server problem.
    if (err instanceof AppError) ctx.log.info({ command: request.command, error: err.message }, 'control channel: request refused');
    else ctx.log.warn({ err, command: request.command }, 'control channel: request failed');
    if (connected(socket)) {
      await send(socket, { ok: false, error: commandErrorText(err) });
      socket.end();
    }
  }
}

/** Removes what an earlier process left: a socket file, and backups it was sending when it stopped. */
async function removeLeftovers(dataDir: string, file: string): Promise<void> {
  await rm(file, { force: true });
  for (const name of await readdir(dataDir)) {
    if (name.startsWith(TEMP_PREFIX)) await rm(path.join(dataDir, name), { force: true });
  }
}

/**
 * Listens on <dataDir>/parapet.sock (mode 0600). stop() ends connections that have not sent a request and waits
 * for the requests under way. Resolves to undefined, with a warning in the log, when the
 * path is too long for a Unix socket: commands then say that the server must be stopped first.
 */
export async function startControlChannel(
  s: SystemSession,
  options: { dataDir: string; db: Database; services: Services; log: FastifyBaseLogger },
): Promise<ControlChannel | undefined> {
  const file = socketPath(options.dataDir);
  if (!socketPathFits(file)) {
    options.log.warn(
      { path: file },
      'control channel not started: the data directory path is too long for a Unix socket (commands such as backup need the server stopped)',
    );
    return undefined;
  }
  await removeLeftovers(options.dataDir, file);
  const ctx: Context = { s, ...options };
  const running = new Set<Promise<void>>();
  const sockets = new Set<net.Socket>();
  const waiting = new Set<net.Socket>(); // connected, no request yet
  const server = net.createServer((socket) => {
    sockets.add(socket);
    waiting.add(socket);
    socket.on('error', () => {}); // a client that goes away mid-answer is not the server's problem
    const work = handle(ctx, socket, waiting).catch((err: unknown) => {
      ctx.log.warn({ err }, 'control channel: connection failed');
      socket.destroy();
    });
    running.add(work);
    void work.finally(() => {
      running.delete(work);
      sockets.delete(socket);
    });
  });
  server.maxConnections = 8;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(file, 0o600);
  return {
    path: file,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connections that have not asked anything yet are closed; requests under way (a backup) finish first.
      for (const socket of waiting) socket.destroy();
      await Promise.allSettled([...running]);
      for (const socket of sockets) socket.destroy();
      await closed;
      await rm(file, { force: true });
    },
  };
}
