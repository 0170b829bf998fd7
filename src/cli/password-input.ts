// Reads from standard input: a password or passphrase (the first line of piped input, or typed at a terminal
// without echo), and answers typed at a terminal.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

const MAX_INPUT = 64 * 1024;

async function fromPipe(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buf);
    size += buf.length;
    if (buf.includes(0x0a) || size > MAX_INPUT) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

async function fromTerminal(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk as Buffer);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = new Promise<string>((resolve) => rl.question(prompt, resolve));
    muted = true;
    return await answer;
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

export async function readPassword(prompt: string): Promise<string> {
  return process.stdin.isTTY ? fromTerminal(prompt) : fromPipe(process.stdin);
}

/** True when a person can answer at a terminal (standard input is one). */
export function atTerminal(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- @types/node types isTTY as boolean, but it is undefined when stdin is not a terminal
  return Boolean(process.stdin.isTTY);
}

/** Asks a question at the terminal (the answer is shown as typed). */
export async function askAtTerminal(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question(prompt, resolve));
  } finally {
    rl.close();
  }
}
