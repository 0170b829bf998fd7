// A `parapet start` child process for tests: its JSON log lines, its port (from the "Parapet is listening"
// line, so PORT=0 can be used), its stderr, and its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN, childEnv, track } from './support.ts';
import { ROOT } from '../helpers/paths.ts';

export interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  [key: string]: unknown;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Raw stdout lines, in order. */
  stdoutLines: string[];
  stderr(): string;
  baseUrl: string;
  exited: Promise<number | null>;
}

export async function startServerProcess(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const child = track(
    spawn(process.execPath, [BIN, 'start', ...args], {
      cwd: ROOT,
      env: childEnv({ PORT: '0', LOG_LEVEL: 'info', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const stdoutLines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdoutLines.push(line);
      try {
        const parsed = JSON.parse(line) as LogLine;
        if (parsed.msg === 'Parapet is listening') resolve(parsed.port as number);
      } catch {
        // Not JSON: the test that reads the lines reports it.
      }
    });
    void exited.then((code) => reject(new Error(`parapet start exited with ${String(code)} before listening:\n${stderr}`)));
  });
  return { child, stdoutLines, stderr: () => stderr, baseUrl: `http://127.0.0.1:${port}`, exited };
}

/** The one-time password printed on stderr when the first administrator is created. */
export function firstRunPassword(stderr: string): string {
  const match = /one-time password:\s+(\S+)/.exec(stderr);
  if (!match) throw new Error(`no first-run password on stderr:\n${stderr}`);
  return match[1]!;
}

/** Signs in over HTTP and returns the Cookie header value. */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-parapet='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}
