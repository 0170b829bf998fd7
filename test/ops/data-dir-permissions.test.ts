// The data directory and everything in it are for the account that runs Parapet (directories 0700, files
// 0600): the embedded database, the mail outbox, the lock and the control socket — while the server runs, after
// it stops, whatever the umask, and also for files an earlier version left open (repaired at start, logged).
// Backups written by the command are 0600. Real processes and real files.
import { spawn } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { backendName, onPostgres } from '../helpers/db.ts';
import { BIN, childEnv, createTarget, killChildren, runCli, track, type CliResult, type Target } from './support.ts';
import { startServerProcess, type LogLine, type ServerProcess } from './server-process.ts';

interface Entry {
  path: string;
  mode: number;
  dir: boolean;
}

/** Every file and directory under root (root included), without following symbolic links. */
async function walk(root: string): Promise<Entry[]> {
  const st = await lstat(root);
  if (st.isSymbolicLink()) return [];
  const entry = { path: root, mode: st.mode & 0o777, dir: st.isDirectory() };
  if (!entry.dir) return [entry];
  const children = await Promise.all((await readdir(root)).map((n) => walk(path.join(root, n))));
  return [entry, ...children.flat()];
}

/** Entries any other account could read, write or enter, as "mode path". */
const openToOthers = (entries: Entry[]) => entries.filter((e) => e.mode & 0o077).map((e) => `${e.mode.toString(8)} ${e.path}`);

async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** Waits (up to two minutes, under load) for a file to appear in dir; fails clearly otherwise. */
async function fileIn(dir: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.length > 0) return path.join(dir, names[0]!);
    if (Date.now() > deadline) throw new Error(`no file appeared in ${dir} within two minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs the command with the shell's umask set to 000 (everything world-writable unless Parapet prevents it). */
function runWithUmask000(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn('sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, BIN, ...args], {
        cwd: ROOT,
        env: childEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each test starts real processes (a fresh embedded database takes tens of seconds on a loaded machine).
describe(`owner-only files (${backendName})`, { timeout: 400_000 }, () => {
  const targets: Target[] = [];
  let dir: string | undefined;
  afterEach(() => killChildren());
  afterAll(async () => {
    killChildren();
    for (const t of targets) await t.remove().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function newTarget(migrated: boolean): Promise<Target> {
    const t = await createTarget({ migrated });
    targets.push(t);
    return t;
  }

  it('a new data directory is owner-only while the server runs (database, outbox, lock, socket) and after it stops', async () => {
    const target = await newTarget(false);
    const dataDir = path.join(target.dataDir, 'data'); // created by the server
    const server = await startServerProcess({ ...target.env, PARAPET_DATA_DIR: dataDir });
    // A receipt mail to an anonymous reporter lands in the outbox.
    const res = await fetch(`${server.baseUrl}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Files open to all',
        description: 'Any account reads them.',
        productId: 1,
        contactEmail: 'rita@example.net',
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const mail = await fileIn(path.join(dataDir, 'outbox'));
    expect(mail).toMatch(/\.eml$/);

    const running = await walk(dataDir);
    expect(running.filter((e) => !e.dir).length).toBeGreaterThan(onPostgres ? 0 : 100); // the database's files are there
    expect(openToOthers(running)).toEqual([]);
    if (!onPostgres) {
      expect(((await stat(path.join(dataDir, 'parapet.sock'))).mode & 0o777).toString(8)).toBe('600');
      expect(((await stat(path.join(dataDir, 'parapet.lock'))).mode & 0o777).toString(8)).toBe('600');
    }
    expect((await stat(mail)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

    expect(await stop(server)).toBe(0);
    const stopped = await walk(dataDir);
    expect(openToOthers(stopped)).toEqual([]);
    for (const e of stopped) expect(`${e.mode.toString(8)} ${e.path}`).toBe(`${e.dir ? '700' : '600'} ${e.path}`);
  });

  it('files an earlier version left open are made owner-only at start, and the log says how many', async () => {
    // A database written the old way (PGlite's own modes: 0666 files, 0755 directories), an outbox with a mail
    // readable by all, and a world-writable stray file.
    const target = await newTarget(true);
    await chmod(target.dataDir, 0o755);
    await mkdir(path.join(target.dataDir, 'outbox'), { mode: 0o755 });
    await chmod(path.join(target.dataDir, 'outbox'), 0o755);
    await writeFile(path.join(target.dataDir, 'outbox', 'old.eml'), 'Subject: old\n\nsecret\n', { mode: 0o644 });
    await chmod(path.join(target.dataDir, 'outbox', 'old.eml'), 0o644);
    await writeFile(path.join(target.dataDir, 'notes.txt'), 'x', { mode: 0o666 });
    await chmod(path.join(target.dataDir, 'notes.txt'), 0o666);
    const before = openToOthers(await walk(target.dataDir));
    expect(before.length).toBeGreaterThan(onPostgres ? 3 : 100);

    const server = await startServerProcess(target.env);
    const lines = server.stdoutLines.map((l) => JSON.parse(l) as LogLine);
    const repaired = lines.find((l) => /^data directory: made \d+ entries in .* owner-only/.test(l.msg));
    expect(repaired, server.stdoutLines.join('\n')).toBeDefined();
    expect(repaired!.fixed).toBe(before.length);
    expect(repaired!.msg).toContain(`made ${before.length} entries in ${target.dataDir} owner-only`);
    expect(repaired!.level).toBe(40); // warn
    expect(openToOthers(await walk(target.dataDir))).toEqual([]);
    expect(await stop(server)).toBe(0);

    // The next start finds nothing to repair and says nothing about it.
    const again = await startServerProcess(target.env);
    expect(again.stdoutLines.filter((l) => l.includes('owner-only'))).toEqual([]);
    expect(await stop(again)).toBe(0);
  });

  it('commands keep files owner-only under umask 000: a new database, a backup (also over a stale .partial), the data directory', async () => {
    const target = await newTarget(false);
    const dataDir = path.join(target.dataDir, 'fresh');
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-perm-'));
    const env = { ...target.env, PARAPET_DATA_DIR: dataDir };
    const migrate = await runWithUmask000(['migrate'], env);
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    if (!onPostgres) expect(openToOthers(await walk(dataDir))).toEqual([]);

    const file = path.join(dir, 'backup.gz');
    await writeFile(`${file}.partial`, 'left by an interrupted backup', { mode: 0o666 });
    await chmod(`${file}.partial`, 0o666);
    const backup = await runWithUmask000(['backup', file], env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(stat(`${file}.partial`)).rejects.toThrow(/ENOENT/);
  });

  it('the test run’s template database dump is owner-only', async () => {
    if (onPostgres) {
      expect(inject('pgliteDump')).toBe('');
      return;
    } // PostgreSQL runs use a template database
    expect((await stat(inject('pgliteDump'))).mode & 0o777).toBe(0o600);
  });

  it('a command reports the repair of an old data directory on stderr', async () => {
    const target = await newTarget(true);
    await chmod(target.dataDir, 0o755);
    const expected = openToOthers(await walk(target.dataDir)).length;
    const r = await runCli(['users', 'list'], { env: target.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `parapet: made ${expected} ${expected === 1 ? 'entry' : 'entries'} in ${target.dataDir} owner-only (directories 0700, files 0600): other local accounts could read or change them\n`,
    );
    expect(openToOthers(await walk(target.dataDir))).toEqual([]);
  });
});
