// The team OpenPGP key at first start (src/settings/first-team-key.ts): a fresh installation generates one, so
// security.txt gains its Encryption line; it is audited as a security event by System; it happens once per
// installation (a later start, or a key an administrator removed or replaced, is left alone); installations
// whose administrators managed the key before this existed count as done (migration 0065).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { raw, sql } from '../../src/db/database.ts';
import { provisionTeamKey } from '../../src/settings/first-team-key.ts';
import { changeSetting } from '../../src/settings/update.ts';
import { anonymous, ORIGIN, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { ROOT } from '../helpers/paths.ts';
import { openTestApp, reauthenticate } from '../security/support.ts';

const s = systemSession('first-start');
const publicUrl = new URL(ORIGIN);

describe(`the team key at first start (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  const provision = () => provisionTeamKey(s, t.database.db, t.clock, publicUrl);
  const securityTxt = async () => (await t.request(anonymous, { url: '/.well-known/security.txt' })).body;
  const keyAudits = () =>
    t.database.db.query<{ action: string; actor_kind: string; category: string; after: { fingerprint: string; firstStart?: boolean } }>(
      sql`SELECT action, actor_kind, category, after FROM audit_events WHERE action LIKE 'team\_key.%' ORDER BY id`,
    );

  beforeEach(async () => {
    t = await openTestApp();
    admin = await t.actor('keeper', { isAdmin: true });
  });
  afterEach(() => t?.close());

  it('generates the key of a fresh installation: security.txt names it, pgp-key.txt serves it', async () => {
    expect(await securityTxt()).not.toMatch(/^Encryption:/m);
    await t.database.db.transaction((tx) =>
      changeSetting(s, tx, t.clock.now(), 'disclosure', { securityEmail: 'psirt@example.com' }, { env: { publicUrl } }),
    );
    const key = await provision();
    expect(key?.userIds).toEqual(['Security team of 127.0.0.1 <psirt@example.com>']);
    expect(await securityTxt()).toMatch(new RegExp(`^Encryption: ${ORIGIN}/.well-known/pgp-key.txt$`, 'm'));
    const served = await t.request(anonymous, { url: '/.well-known/pgp-key.txt' });
    expect(served.statusCode).toBe(200);
    const publicKey = await openpgp.readKey({ armoredKey: served.body });
    expect(publicKey.isPrivate()).toBe(false);
    expect(publicKey.getFingerprint().toUpperCase()).toBe(key!.fingerprint.toUpperCase());
    expect(await publicKey.getEncryptionKey(undefined, t.clock.now())).toBeTruthy();
    expect(await keyAudits()).toEqual([
      {
        action: 'team_key.generated',
        actor_kind: 'system',
        category: 'security',
        after: expect.objectContaining({ fingerprint: key!.fingerprint, firstStart: true }),
      },
    ]);
  });

  it('happens once: a later start keeps the key, and a key the administrator removed stays removed', async () => {
    const first = await provision();
    expect(first).toBeDefined();
    expect(await provision()).toBeUndefined();
    await reauthenticate(t, admin);
    const removed = await t.request(admin, { method: 'DELETE', url: '/api/admin/team-key' });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await provision()).toBeUndefined();
    expect(await securityTxt()).not.toMatch(/^Encryption:/m);
    expect((await keyAudits()).map((a) => a.action)).toEqual(['team_key.generated', 'team_key.removed']);
  });

  it('leaves a key the administrator made first alone, and lets them replace the generated one', async () => {
    await reauthenticate(t, admin);
    const made = await t.request(admin, {
      method: 'POST',
      url: '/api/admin/team-key/generate',
      payload: { name: 'PSIRT', email: 'psirt@example.com' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(await provision()).toBeUndefined();
    const current = await t.request(admin, { url: '/api/admin/team-key' });
    expect(current.json().key.fingerprint).toBe(made.json().fingerprint);
  });

  it('counts installations whose administrators managed the key before as done (migration 0065)', async () => {
    const migration = await readFile(path.join(ROOT, 'migrations', '0065_team_key_provisioned.sql'), 'utf8');
    // Without any earlier key event, the migration marks nothing: the next start generates the key.
    await t.database.db.query(sql`${raw(migration)}`);
    expect(await t.database.db.query(sql`SELECT 1 FROM settings WHERE key = 'team_key_provisioned'`)).toHaveLength(0);
    // An administrator generated and then removed a key on the old version.
    await t.database.db.query(sql`
      INSERT INTO audit_events (at, category, actor_kind, actor_name, action, target_type, target_id)
      VALUES (${t.clock.now()}, 'security', 'user', 'keeper', 'team_key.removed', 'settings', 'team_pgp_key')`);
    await t.database.db.query(sql`${raw(migration)}`);
    expect(await provision()).toBeUndefined();
    expect(await securityTxt()).not.toMatch(/^Encryption:/m);
  });
});
