// `parapet start` on a fresh installation generates the team OpenPGP key after it starts listening (readiness
// does not wait for it), logs it, and security.txt names it once it is stored; a restart keeps the same key.
// curl-like clients get the policy security.txt names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/db.ts';
import { startServerProcess, type LogLine, type ServerProcess } from './server-process.ts';
import { createTarget, killChildren, type Target } from './support.ts';

const GENERATED = 'generated the team OpenPGP key (security.txt now names it; administrators can replace it)';
const DEADLINE_MS = 60_000;

const logLines = (server: ServerProcess): LogLine[] =>
  server.stdoutLines.flatMap((l) => {
    try {
      return [JSON.parse(l) as LogLine];
    } catch {
      return [];
    }
  });

/** Waits for security.txt to name an Encryption key; fails with the last file seen after the deadline. */
async function encryptionLine(server: ServerProcess): Promise<string> {
  const until = Date.now() + DEADLINE_MS;
  let last = '';
  while (Date.now() < until) {
    last = await (await fetch(`${server.baseUrl}/.well-known/security.txt`)).text();
    const m = /^Encryption: (\S+)$/m.exec(last);
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`security.txt named no Encryption key within ${DEADLINE_MS / 1000} s:\n${last}\nlog:\n${server.stdoutLines.join('\n')}`);
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

describe(`the team key at first start of a real server (${backendName})`, () => {
  let target: Target;
  beforeAll(async () => {
    target = await createTarget({ migrated: false });
  });
  afterAll(async () => {
    killChildren();
    await target?.remove();
  });

  let fingerprint = '';

  it('listens first, then generates the key; security.txt and pgp-key.txt serve it', async () => {
    const server = await startServerProcess(target.env);
    try {
      const encryption = await encryptionLine(server);
      // PORT=0: the public address (from PORT) names port 0; the path is what matters here.
      expect(new URL(encryption).pathname).toBe('/.well-known/pgp-key.txt');
      const key = await fetch(`${server.baseUrl}/.well-known/pgp-key.txt`);
      expect(key.status).toBe(200);
      expect(await key.text()).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
      const lines = logLines(server);
      const listening = lines.findIndex((l) => l.msg === 'Parapet is listening');
      const generated = lines.findIndex((l) => l.msg === GENERATED);
      expect(listening).toBeGreaterThanOrEqual(0);
      expect(generated).toBeGreaterThan(listening);
      fingerprint = String(lines[generated]!.fingerprint);
      expect(fingerprint).toMatch(/^[0-9A-F]{40}$/i);
      // The policy security.txt names, as curl asks for it.
      const policy = await fetch(`${server.baseUrl}/disclosure-policy`, { headers: { accept: '*/*' } });
      expect(policy.status).toBe(200);
      expect(await policy.text()).toContain(`Fingerprint: `);
    } finally {
      await stop(server);
    }
  }, 120_000);

  it('keeps the key on the next start', async () => {
    const server = await startServerProcess(target.env);
    try {
      await encryptionLine(server);
      const policy = await fetch(`${server.baseUrl}/api/disclosure-policy`);
      expect(((await policy.json()) as { publicKey: { fingerprint: string } }).publicKey.fingerprint).toBe(fingerprint);
    } finally {
      await stop(server);
    }
    expect(logLines(server).some((l) => l.msg === GENERATED)).toBe(false);
  }, 120_000);
});
