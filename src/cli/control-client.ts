// The command's end of the control channel (protocol in control-protocol.ts): used only on the embedded
// database, when a server has it open.
import net from 'node:net';
import { Readable } from 'node:stream';
import { OperatorError } from './errors.ts';
import { readLine, socketPath, socketPathFits, type ControlRequest, type ControlResponse } from './control-protocol.ts';

export interface ServerAnswer {
  response: ControlResponse;
  /** What follows the response line (a backup's bytes). */
  body: Readable;
}

/** Connects to the server's control channel; undefined when no server listens on this data directory. */
export async function connectToServer(dataDir: string): Promise<net.Socket | undefined> {
  const file = socketPath(dataDir);
  if (!socketPathFits(file)) return undefined;
  return new Promise((resolve, reject) => {
    const socket = net.connect(file);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else if (err.code === 'EACCES' || err.code === 'EPERM') {
        reject(
          new OperatorError(
            `cannot reach the running server through ${file}: permission denied. Run the command as the account that runs Parapet.`,
          ),
        );
      } else reject(err);
    });
  });
}

/** Sends one request and reads the response line; the rest of the connection is `body`. */
export async function ask(socket: net.Socket, request: ControlRequest): Promise<ServerAnswer> {
  socket.on('error', () => {}); // reported through readLine or the body stream
  socket.write(`${JSON.stringify(request)}\n`);
  let line: string;
  let rest: Buffer;
  try {
    ({ line, rest } = await readLine(socket));
  } catch (err) {
    socket.destroy();
    throw new OperatorError(`the running server did not answer on its control channel (${(err as Error).message}).`);
  }
  let response: ControlResponse;
  try {
    response = JSON.parse(line) as ControlResponse;
  } catch {
    socket.destroy();
    throw new OperatorError('the running server sent an answer this command does not understand (is it another Parapet version?).');
  }
  async function* body() {
    if (rest.length > 0) yield rest;
    for await (const chunk of socket) yield chunk as Buffer;
  }
  return { response, body: Readable.from(body(), { objectMode: false }) };
}
