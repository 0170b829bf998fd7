// The first administrator's name is chosen at first start (default still "admin"), so attackers cannot count on
// it: PARAPET_ADMIN_USERNAME, or `parapet start --admin-username NAME`. A bad name is a configuration error
// (exit 78) before anything is opened.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ensureFirstAdministrator } from '../../src/cli/first-admin.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { sql } from '../../src/db/database.ts';
import { createTestApp } from '../helpers/app.ts';
import { firstRunPassword, startServerProcess } from './server-process.ts';
import { STACK_LINE, createTarget, killChildren, runCli, type Target } from './support.ts';

describe('the first administrator’s name', () => {
  const targets: Target[] = [];
  afterAll(async () => {
    killChildren();
    for (const target of targets) await target.remove();
  });

  it('PARAPET_ADMIN_USERNAME: default "admin", any valid username, a configuration error otherwise', () => {
    expect(loadConfig({}).adminUsername).toBe('admin');
    expect(loadConfig({ PARAPET_ADMIN_USERNAME: '' }).adminUsername).toBe('admin');
    expect(loadConfig({ PARAPET_ADMIN_USERNAME: ' Chief.Ops ' }).adminUsername).toBe('Chief.Ops');
    for (const bad of ['has space', 'x'.repeat(65), 'semi;colon']) {
      let error: unknown;
      try {
        loadConfig({ PARAPET_ADMIN_USERNAME: bad });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('PARAPET_ADMIN_USERNAME');
    }
  });

  it('first start creates the administrator under the configured name, with a one-time password', async () => {
    const t = await createTestApp();
    try {
      const printed: string[] = [];
      const password = await ensureFirstAdministrator(
        systemSession('first-run'),
        t.database.db,
        t.clock,
        (text) => printed.push(text),
        'chief-of-security',
      );
      expect(printed.join('')).toContain('"chief-of-security"');
      const rows = await t.database.db.query<{ username: string; is_admin: boolean; must_change_password: boolean }>(
        sql`SELECT username, is_admin, must_change_password FROM users`,
      );
      expect(rows).toEqual([{ username: 'chief-of-security', is_admin: true, must_change_password: true }]);
      const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'chief-of-security', password } });
      expect(res.json()).toMatchObject({ userType: 'administrator', next: 'change_password' });
      expect((await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password } })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('`parapet start --admin-username NAME` names it; a bad name exits 78 before anything is created', async () => {
    const unused = path.join(tmpdir(), `parapet-never-created-${process.pid}-admin`);
    const bad = await runCli(['start', '--admin-username', 'not a name'], { env: { PARAPET_DATA_DIR: unused } });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toMatch(/PARAPET_ADMIN_USERNAME: "not a name" is not a username/);
    expect(bad.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(unused)).toBe(false);
    const misplaced = await runCli(['migrate', '--admin-username', 'x'], { env: { PARAPET_DATA_DIR: unused } });
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/"migrate" has no --admin-username option/);

    const target = await createTarget({ migrated: false });
    targets.push(target);
    const server = await startServerProcess(target.env, ['--admin-username', 'night-watch']);
    try {
      expect(server.stderr()).toMatch(/administrator account "night-watch"/);
      const password = firstRunPassword(server.stderr());
      const signIn = (username: string) =>
        fetch(`${server.baseUrl}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
      const res = await signIn('night-watch');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ userType: 'administrator', next: 'change_password' });
      expect((await signIn('admin')).status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  }, 240_000); // a first start migrates a new database: slow on a busy machine
});
