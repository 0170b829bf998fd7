// Backups and `users unlock` while the server runs (on the embedded database through the server's control
// channel, on PostgreSQL directly) and without it; encrypted backups; restore's confirmation. Real processes.
import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { lockAccount } from '../../src/auth/throttle-repository.ts';
import { checkBackupFile } from '../../src/cli/backup.ts';
import { systemClock } from '../../src/clock.ts';
import { sql, type Database } from '../../src/db/database.ts';
import { createServices } from '../../src/services.ts';
import { backendName, onPostgres } from '../helpers/db.ts';
import { ROOT } from '../helpers/paths.ts';
import { BIN, childEnv, createTarget, killChildren, runCli, STACK_LINE, track, type CliResult, type Target } from './support.ts';
import { signInOverHttp, startServerProcess, type ServerProcess } from './server-process.ts';

const PASSWORD = 'tall ships carry 9 lanterns';
const PASSPHRASE = 'backup passphrase for the tests 7';
const sys = systemSession('test');

/** Runs the command at a pseudo-terminal (util-linux `script`), typing `answer` when `prompt` appears. */
function runAtTerminal(args: string[], env: Record<string, string>, prompt: string, answer: string): Promise<CliResult> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = track(
      spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }),
    );
    let output = '';
    let answered = false;
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (!answered && output.includes(prompt)) {
        answered = true;
        child.stdin!.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: output, stderr: '' }));
  });
}

/** Sends one raw line to the control socket and returns the first line of the answer. */
function askSocket(file: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(file, () => socket.write(line));
    let data = '';
    socket.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.includes('\n')) {
        socket.destroy();
        resolve(data.slice(0, data.indexOf('\n')));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
  });
}

async function signInStatus(baseUrl: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

describe(`backup, restore and unlock with the server running and stopped (${backendName})`, { timeout: 400_000 }, () => {
  let target: Target;
  let dir: string;
  let server: ServerProcess | undefined;
  let bobId: number;
  const cli = (args: string[], input?: string, env: Record<string, string> = {}) => runCli(args, { env: { ...target.env, ...env }, input });
  const plainFile = () => path.join(dir, 'online.gz');
  const encryptedFile = () => path.join(dir, 'online.pgp');

  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await target.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const markerGroups = () =>
    withDb(async (db) =>
      (await db.query<{ name: string }>(sql`SELECT name FROM groups WHERE name LIKE 'Marker %' ORDER BY name`)).map((r) => r.name),
    );
  const addMarker = (name: string) =>
    withDb(async (db) => {
      const services = createServices({ db, clock: systemClock });
      await services.groups.create(sys, { name });
      await services.deps.jobs.stop();
    });
  const lockBob = () => withDb((db) => lockAccount(db, bobId, new Date(), null));

  beforeAll(async () => {
    target = await createTarget({ migrated: true });
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-online-'));
    bobId = await withDb(async (db) => {
      const services = createServices({ db, clock: systemClock });
      const bob = await services.users.create(sys, { username: 'bob', password: PASSWORD });
      await services.deps.jobs.stop();
      return bob.id;
    });
    await lockBob();
    server = await startServerProcess(target.env);
  }, 400_000);
  afterAll(async () => {
    killChildren();
    await target?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  describe('while the server runs', () => {
    it('backup FILE writes a complete, owner-only backup (through the server on the embedded database)', async () => {
      const r = await cli(['backup', plainFile()]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          `^Backup written to .*online\\.gz \\(\\d+ tables, \\d+ rows${onPostgres ? '' : ', taken by the running server'}\\)\\.\\n$`,
        ),
      );
      expect((await stat(plainFile())).mode & 0o777).toBe(0o600);
      const summary = await checkBackupFile(plainFile());
      expect(summary.header.backend).toBe(backendName);
      const text = gunzipSync(await readFile(plainFile())).toString('utf8');
      expect(text).toMatch(/\["\d+","bob",/);
    });

    it('backup --encrypt with PARAPET_BACKUP_PASSPHRASE writes an OpenPGP message, not a readable gzip file', async () => {
      const r = await cli(['backup', '--encrypt', encryptedFile()], '', { PARAPET_BACKUP_PASSPHRASE: PASSPHRASE });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/, encrypted with the passphrase[,)]/);
      const bytes = await readFile(encryptedFile());
      expect(bytes[0]).toBe(0xc3); // OpenPGP symmetric-key encrypted session key packet
      expect(bytes.includes(Buffer.from('bob'))).toBe(false);
      await expect(checkBackupFile(encryptedFile())).rejects.toThrow(/not a Parapet backup or is damaged/);
      expect((await stat(encryptedFile())).mode & 0o777).toBe(0o600);
    });

    it('a passphrase is never taken from the command line, and a short one is refused', async () => {
      const argv = await cli(['backup', '--passphrase', 'x', path.join(dir, 'never.gz')]);
      expect(argv.code).toBe(2);
      expect(argv.stderr).toMatch(/Unknown option '--passphrase'/);
      const short = await cli(['backup', '--encrypt', path.join(dir, 'short.pgp')], 'too short\n');
      expect(short.code).toBe(1);
      expect(short.stderr).toBe(
        "parapet: the backup passphrase must be at least 12 characters long (it protects password hashes and the team's private key); no backup was written.\n",
      );
      await expect(stat(path.join(dir, 'short.pgp'))).rejects.toThrow(/ENOENT/);
    });

    it('users unlock NAME lifts the lock: the user signs in again; unlocking again or an unknown user is a clear error', async () => {
      expect(await signInStatus(server!.baseUrl, 'bob', PASSWORD)).not.toBe(200);
      const r = await cli(['users', 'unlock', 'bob']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('Unlocked bob: the account can sign in again.\n');
      await signInOverHttp(server!.baseUrl, 'bob', PASSWORD);
      const again = await cli(['users', 'unlock', 'bob']);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe('parapet: The account is not locked.\n');
      const nobody = await cli(['users', 'unlock', 'nobody']);
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toBe('parapet: There is no such user.\n');
      for (const x of [r, again, nobody]) expect(x.stderr).not.toMatch(STACK_LINE);
    });

    it('the control channel is owner-only and answers only what the command line offers (embedded database)', async () => {
      const file = path.join(target.dataDir, 'parapet.sock');
      if (onPostgres) {
        // Commands reach PostgreSQL directly; the server opens no channel.
        await expect(stat(file)).rejects.toThrow(/ENOENT/);
        return;
      }
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      for (const line of [
        '{"command":"restore","file":"/tmp/x"}\n',
        '{"command":"users unlock"}\n',
        'not json\n',
        '{"command":"backup","path":"/tmp/x"}\n',
      ]) {
        expect(JSON.parse(await askSocket(file, line))).toEqual({
          ok: false,
          error: 'the server does not offer that request over its control channel.',
        });
      }
    });

    it('restore is refused while a server has the embedded database open (PostgreSQL: allowed, covered below)', async () => {
      if (onPostgres) {
        expect(server!.child.exitCode).toBe(null);
        return;
      }
      const r = await cli(['restore', '--yes', plainFile()]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `parapet: a Parapet server is running on ${target.dataDir}: stop it first (restore replaces the database it has open). Nothing was changed.\n`,
      );
    });

    it('the server stops cleanly and removes its socket, also with a connection to it that never asks anything', async () => {
      const silent = onPostgres ? undefined : net.connect(path.join(target.dataDir, 'parapet.sock'));
      if (silent) {
        silent.on('error', () => {});
        await new Promise<void>((resolve, reject) => silent.once('connect', resolve).once('error', reject));
      }
      server!.child.kill('SIGTERM');
      expect(await server!.exited).toBe(0);
      await expect(stat(path.join(target.dataDir, 'parapet.sock'))).rejects.toThrow(/ENOENT/);
      expect(server!.stdoutLines.some((l) => l.includes('stopped; the database was closed cleanly'))).toBe(true);
      silent?.destroy();
      server = undefined;
    });
  });

  describe('with the server stopped', () => {
    it('the unlock done while the server ran was audited as System', async () => {
      const events = await withDb((db) =>
        db.query<{ actor_kind: string; target_id: string }>(sql`
          SELECT actor_kind, target_id FROM audit_events WHERE action = 'account.unlocked' ORDER BY id`),
      );
      expect(events).toEqual([{ actor_kind: 'system', target_id: String(bobId) }]);
    });

    it('users unlock NAME works directly and is audited', async () => {
      await lockBob();
      const r = await cli(['users', 'unlock', 'bob']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('Unlocked bob: the account can sign in again.\n');
      const events = await withDb((db) =>
        db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.unlocked'`),
      );
      expect(events[0]!.n).toBe(2);
      const locked = await withDb((db) =>
        db.query<{ locked: boolean }>(sql`SELECT locked_at IS NOT NULL AS locked FROM users WHERE id = ${bobId}`),
      );
      expect(locked[0]!.locked).toBe(false);
    });

    it('restore without a terminal and without --yes is refused and changes nothing', async () => {
      await addMarker('Marker after backup');
      const r = await cli(['restore', plainFile()]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'parapet: restore replaces the whole database, so it asks for confirmation at a terminal; in scripts add --yes. Nothing was changed.\n',
      );
      expect(await markerGroups()).toEqual(['Marker after backup']);
    });

    it('restore at a terminal asks first: another answer changes nothing; the expected one restores', async () => {
      const word = onPostgres ? decodeURIComponent(new URL(target.url!).pathname.slice(1)) : 'yes';
      const prompt = onPostgres ? `Type the database name (${word}) to restore: ` : 'Type "yes" to restore: ';
      const no = await runAtTerminal(['restore', plainFile()], target.env, prompt, 'no');
      expect(no.stdout).toContain('This replaces everything in');
      expect(no.stdout).toMatch(/\d+ tables, \d+ rows\)/);
      expect(no.stdout).toContain('not confirmed; nothing was changed.');
      expect(no.code).toBe(1);
      expect(await markerGroups()).toEqual(['Marker after backup']);
      const yes = await runAtTerminal(['restore', plainFile()], target.env, prompt, word);
      expect(yes.stdout).toMatch(/Restored \d+ rows in \d+ tables from .*online\.gz\./);
      expect(yes.code).toBe(0);
      expect(await markerGroups()).toEqual([]);
    });

    it('an encrypted backup: a wrong passphrase is refused and changes nothing; the right one (stdin, --yes) restores', async () => {
      await addMarker('Marker before the encrypted restore');
      const wrong = await cli(['restore', '--yes', encryptedFile()], 'not the passphrase at all\n');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(`parapet: ${encryptedFile()}: the passphrase is not the one this backup was encrypted with.\n`);
      expect(await markerGroups()).toEqual(['Marker before the encrypted restore']);
      const right = await cli(['restore', '--yes', encryptedFile()], `${PASSPHRASE}\n`);
      expect(right.stderr).toBe('');
      expect(right.code).toBe(0);
      expect(right.stdout).toMatch(/^Restored \d+ rows in \d+ tables from .*online\.pgp\.\n$/);
      expect(await markerGroups()).toEqual([]);
      // The backup was taken while bob was locked; the restore brings that state back.
      const locked = await withDb((db) =>
        db.query<{ locked: boolean }>(sql`SELECT locked_at IS NOT NULL AS locked FROM users WHERE id = ${bobId}`),
      );
      expect(locked[0]!.locked).toBe(true);
    });

    it('an encrypted backup restores with the passphrase from PARAPET_BACKUP_PASSPHRASE; backup without a server works too', async () => {
      const file = path.join(dir, 'offline.pgp');
      const backup = await cli(['backup', file], '', { PARAPET_BACKUP_PASSPHRASE: PASSPHRASE });
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/^Backup written to .*offline\.pgp \(\d+ tables, \d+ rows, encrypted with the passphrase\)\.\n$/);
      await addMarker('Marker offline');
      const restore = await cli(['restore', '--yes', file], '', { PARAPET_BACKUP_PASSPHRASE: PASSPHRASE });
      expect(restore.code).toBe(0);
      expect(await markerGroups()).toEqual([]);
    });
  });
});
