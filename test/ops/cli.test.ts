// The `parapet` command, run as a child process against an empty database of the backend under test
// (a new PGlite data directory, or a new PostgreSQL database): migrate, admin create, users/groups list,
// backup/restore through the command, and usage errors.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql, type Database } from '../../src/db/database.ts';
import { loadMigrations } from '../../src/db/migrate.ts';
import { createServices } from '../../src/services.ts';
import { backendName, onPostgres } from '../helpers/db.ts';
import { createTarget, killChildren, runCli, STACK_LINE, type Target } from './support.ts';

const GOOD_PASSWORD = 'tall ships carry 9 lanterns';

// Each test runs the command as a process (a fresh embedded database takes tens of seconds on a loaded machine).
describe(`parapet command (${backendName})`, { timeout: 300_000 }, () => {
  let target: Target;
  let dir: string;
  const cli = (args: string[], input?: string) => runCli(args, { env: target.env, input });

  /** Opens the target in this process while no child has it open, runs fn, closes it. */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await target.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  // Custom groups the test made (the migrations seed the default product's "Triage team", id 10).
  const customGroupNames = () =>
    withDb(async (db) =>
      (await db.query<{ name: string }>(sql`SELECT name FROM groups WHERE kind = 'custom' AND id >= 100 ORDER BY name`)).map((r) => r.name),
    );

  beforeAll(async () => {
    target = await createTarget({ migrated: false });
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-cli-'));
  });
  afterAll(async () => {
    killChildren();
    await target?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('migrate applies every migration to an empty database', async () => {
    const ids = (await loadMigrations()).map((m) => m.id);
    const first = await cli(['migrate']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Applied: ${ids.join(', ')}\n`);
  });

  it('admin create refuses a password that breaks the policy, giving every reason', async () => {
    // Too short (9 characters) and containing the username.
    const r = await cli(['admin', 'create', '--username', 'opsadmin'], 'OpsAdmin1\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/It must be at least 12 characters long \(it has 9\)\./);
    expect(r.stderr).toMatch(/It must not contain your username\./);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  it('admin create without --username is a usage error', async () => {
    const r = await cli(['admin', 'create'], `${GOOD_PASSWORD}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/admin create needs --username NAME/);
    expect(r.stderr).toMatch(/Usage: parapet <command>/);
  });

  it('admin create accepts a password that meets the policy (read from stdin); the administrator can sign in', async () => {
    const r = await cli(['admin', 'create', '--username', 'opsadmin'], `${GOOD_PASSWORD}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created administrator opsadmin \(id \d+\)\.\n$/);
    await withDb(async (db) => {
      const services = createServices({ db, clock: new ManualClock() });
      const { user } = await services.auth.signIn(anonymousSession('127.0.0.1'), {
        username: 'opsadmin',
        password: GOOD_PASSWORD,
        userAgent: 'cli-test',
      });
      expect(user).toMatchObject({ username: 'opsadmin', isAdmin: true });
      // Something for the listings: a user, and two custom groups, one nested in the other with a member.
      const sys = systemSession('test');
      const alice = await services.users.create(sys, { username: 'alice', password: GOOD_PASSWORD });
      const ops = await services.groups.create(sys, { name: 'Ops team' });
      const oncall = await services.groups.create(sys, { name: 'On-call' });
      await services.groups.addGroup(sys, ops.id, oncall.id);
      await services.groups.addUser(sys, oncall.id, alice.id);
    });
  });

  it('users list --json is JSON with every user (a lock left by a process that is gone does not block it)', async () => {
    // The embedded database is locked by the process that opens it; a lock whose process is gone is stale.
    const lock = path.join(target.dataDir, 'parapet.lock');
    await writeFile(lock, '2147483646\n');
    const r = await cli(['users', 'list', '--json']);
    expect(existsSync(lock)).toBe(onPostgres); // released after use; PostgreSQL does not use it at all
    expect(r.code).toBe(0);
    const users = JSON.parse(r.stdout) as { username: string; isAdmin: boolean; disabled: boolean }[];
    expect(users.map((u) => [u.username, u.isAdmin, u.disabled])).toEqual([
      ['alice', false, false],
      ['opsadmin', true, false],
    ]);
  });

  it('groups list --json is JSON with the built-in and custom groups and their member counts', async () => {
    const r = await cli(['groups', 'list', '--json']);
    expect(r.code).toBe(0);
    const groups = JSON.parse(r.stdout) as { id: number; kind: string; name: string; userMembers: number; groupMembers: number }[];
    const byName = Object.fromEntries(groups.map((g) => [g.name, g]));
    expect(Object.keys(byName).sort()).toEqual(['Administrators', 'Everyone', 'On-call', 'Ops team', 'Registered users', 'Triage team']);
    expect(byName['Ops team']).toMatchObject({ kind: 'custom', userMembers: 0, groupMembers: 1 });
    expect(byName['On-call']).toMatchObject({ kind: 'custom', userMembers: 1, groupMembers: 0 });
    expect(byName.Administrators).toMatchObject({ id: 3, kind: 'builtin' });
  });

  it('backup FILE and restore FILE round-trip the database through the command', async () => {
    const file = path.join(dir, 'cli-backup.gz');
    const backup = await cli(['backup', file]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written to .*cli-backup\.gz \(\d+ tables, \d+ rows\)\.\n$/);
    await withDb(async (db) => {
      await createServices({ db, clock: new ManualClock() }).groups.create(systemSession('test'), { name: 'Made after the backup' });
    });
    const restore = await cli(['restore', '--yes', file]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/^Restored \d+ rows in \d+ tables from .*cli-backup\.gz\.\n$/);
    expect(await customGroupNames()).toEqual(['On-call', 'Ops team']);
  });

  // These fail before the database is opened, so they can run side by side.
  it('usage errors exit 2 with the usage; a damaged backup or an unwritable destination exits 1; never a stack trace', async () => {
    const damaged = path.join(dir, 'damaged.gz');
    await writeFile(damaged, 'this is not a backup\n');
    const unwritable = path.join(dir, 'no-such-dir', 'x.gz');
    const [unknown, option, noFile, extra, help, restore, backup] = await Promise.all([
      cli(['frobnicate']),
      cli(['users', 'list', '--verbose']),
      cli(['backup']),
      cli(['migrate', 'now']),
      cli(['--help']),
      cli(['restore', '--yes', damaged]),
      cli(['backup', unwritable]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^parapet: unknown command "frobnicate"\.\n\nUsage: parapet <command>/);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--verbose'/);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/"backup" needs FILE/);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/"migrate" takes no arguments/);
    for (const r of [unknown, option, noFile, extra]) {
      expect(r.stderr).toMatch(/admin create --username NAME/);
      expect(r.stdout).toBe('');
    }
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: parapet <command>/);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toBe(`parapet: ${damaged} is not a Parapet backup or is damaged (incorrect header check).\n`);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toBe(`parapet: cannot write ${unwritable}: its directory does not exist.\n`);
    for (const r of [unknown, option, noFile, extra, help, restore, backup]) expect(r.stderr).not.toMatch(STACK_LINE);
    // The damaged restore changed nothing.
    expect(await customGroupNames()).toEqual(['On-call', 'Ops team']);
  });
});
