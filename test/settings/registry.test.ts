// The settings registry (src/settings/registry.ts), its repository and its one update path: every kind
// round-trips, defaults apply, a stored value that no longer validates falls back field by field (and is
// reported, not thrown), the audit event holds only the changed fields, refusals are typed errors, the cache
// bound between instances holds, and the settings table's SQL lives in one file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anonymousSession, userSession, type Session } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { sql } from '../../src/db/database.ts';
import { AppError } from '../../src/errors/catalog.ts';
import { SETTING_KINDS, SETTINGS, type SettingPatch, type UpdatableKind } from '../../src/settings/registry.ts';
import {
  forgetSetting,
  readSetting,
  reportInvalidSettingsTo,
  writeSetting,
  type InvalidStoredSetting,
} from '../../src/settings/repository.ts';
import type { TeamKey } from '../../src/settings/team-key.ts';
import { changeSetting, changeSettings, diffSetting } from '../../src/settings/update.ts';
import { backendName, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ROOT } from '../helpers/paths.ts';

const system = systemSession('test');
const publicUrl = new URL('https://psirt.example.org');
const at = new Date('2026-03-01T10:00:00Z');

const fakeKey: TeamKey = {
  fingerprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
  userIds: ['Security <security@example.org>'],
  algorithm: 'EdDSA (Ed25519)',
  createdAt: '2026-03-01T10:00:00.000Z',
  expiresAt: null,
  source: 'imported',
  addedAt: '2026-03-01T10:00:00.000Z',
  publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----',
  privateKey: '-----BEGIN PGP PRIVATE KEY BLOCK-----',
};

/** A change of every updatable kind (typecheck fails when a kind is added without one). */
const SAMPLES: { [K in UpdatableKind]: SettingPatch<K> } = {
  security: { ipBlockMinutes: 20, staffNetworks: ['10.0.0.0/8'] },
  intake: { perIpPerHour: 5, attachmentTypes: [{ mediaType: 'text/plain', extensions: ['.txt'] }] },
  disclosure: { securityEmail: 'psirt@example.org', expiryDays: 30 },
  team_pgp_key: fakeKey,
  report_templates: { acknowledgement: { subject: 'Thanks, {reporter}', body: 'We have {tracking_id}.\n' } },
  report_sla: { fixDays: { high: 10 } },
  report_needs_info: { closeDays: 20 },
};

let t: TestDatabase;
const reports: InvalidStoredSetting[] = [];
let restoreReport: ((e: InvalidStoredSetting) => void) | undefined;

const auditRows = () =>
  t.db.query<{ action: string; category: string; target_id: string; before: unknown; after: unknown }>(
    sql`SELECT action, category, target_id, before, after FROM audit_events WHERE target_type = 'settings' ORDER BY id`,
  );
const storeRaw = (key: string, value: unknown) =>
  t.db.query(sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${JSON.stringify(value)}::jsonb, ${at})
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);

beforeAll(async () => {
  t = await createTestDatabase();
  restoreReport = reportInvalidSettingsTo((e) => reports.push(e));
});
afterAll(async () => {
  if (restoreReport) reportInvalidSettingsTo(restoreReport);
  await t?.close();
});
beforeEach(async () => {
  await t.db.query(sql`DELETE FROM settings`);
  await t.db.query(sql`DELETE FROM audit_events`);
  forgetSetting();
  reports.length = 0;
});

describe(`settings registry (${backendName})`, () => {
  it('has a change sample for exactly the kinds the update path accepts', () => {
    const updatable = SETTING_KINDS.filter((k) => SETTINGS[k].apply !== null && SETTINGS[k].audit !== null);
    expect(Object.keys(SAMPLES).sort()).toEqual([...updatable].sort());
  });

  it('reads the defaults of every kind when nothing is stored', async () => {
    for (const kind of SETTING_KINDS) expect(await readSetting(t.db, kind), kind).toEqual(SETTINGS[kind].defaults);
    expect(reports).toEqual([]);
  });

  it('every kind round-trips: the value the update returns is the value read back, in and out of a transaction', async () => {
    for (const kind of Object.keys(SAMPLES) as UpdatableKind[]) {
      const written = await t.db.transaction((tx) => changeSetting(system, tx, at, kind, SAMPLES[kind] as never, { env: { publicUrl } }));
      expect(await readSetting(t.db, kind), kind).toEqual(written);
      expect(await t.db.transaction((tx) => readSetting(tx, kind)), kind).toEqual(written);
      expect(written, kind).not.toEqual(SETTINGS[kind].defaults);
    }
    expect(await readSetting(t.db, 'report_sla')).toMatchObject({ fixDays: { critical: 7, high: 10, medium: 90, low: 180 } });
    expect(await readSetting(t.db, 'disclosure')).toMatchObject({
      securityEmail: 'psirt@example.org',
      expiryDays: 30,
      preferredLanguages: ['en'],
    });
    expect(reports).toEqual([]);
  });

  it('a stored value that no longer validates falls back to the defaults for the bad fields only, and is reported', async () => {
    await storeRaw('security', {
      ipBlockMinutes: 'soon',
      passwordMinLength: 3,
      sessionIdleMinutes: 45,
      lockoutMode: 'never',
      retired: true,
    });
    await storeRaw('report_sla', { acknowledgeBusinessDays: 3, fixDays: { high: -1, low: 100 } });
    await storeRaw('intake', 'not an object');
    await storeRaw('team_pgp_key', { fingerprint: 42 });

    const security = await readSetting(t.db, 'security');
    expect(security).toEqual({ ...SETTINGS.security.defaults, sessionIdleMinutes: 45 });
    expect(security).not.toHaveProperty('retired');
    expect(await readSetting(t.db, 'report_sla')).toEqual({
      ...SETTINGS.report_sla.defaults,
      acknowledgeBusinessDays: 3,
      fixDays: { critical: 7, high: 30, medium: 90, low: 100 },
    });
    expect(await readSetting(t.db, 'intake')).toEqual(SETTINGS.intake.defaults);
    expect(await readSetting(t.db, 'team_pgp_key')).toBeNull();
    expect(reports.map((r) => `${r.kind}:${r.field}`).sort()).toEqual(
      [
        'intake:',
        'report_sla:fixDays.high',
        'security:ipBlockMinutes',
        'security:lockoutMode',
        'security:passwordMinLength',
        'team_pgp_key:',
      ].sort(),
    );
    expect(JSON.stringify(reports)).not.toContain('PRIVATE'); // a bad team key is not echoed into logs

    // A change still works on top of such a row, and repairs it.
    await t.db.transaction((tx) => changeSetting(system, tx, at, 'security', { ipBlockMinutes: 25 }));
    const [row] = await t.db.query<{ value: Record<string, unknown> }>(sql`SELECT value FROM settings WHERE key = 'security'`);
    expect(row!.value).toEqual({ ...SETTINGS.security.defaults, sessionIdleMinutes: 45, ipBlockMinutes: 25 });
  });

  it('audits only the changed fields, before and after; a change that changes nothing writes and records nothing', async () => {
    await t.db.transaction((tx) =>
      changeSetting(system, tx, at, 'security', { ipBlockMinutes: 20, passwordMinLength: 12, requireHttps: false }),
    );
    await t.db.transaction((tx) => changeSetting(system, tx, at, 'security', { ipBlockMinutes: 20 }));
    expect(await auditRows()).toEqual([
      {
        action: 'settings.security_changed',
        category: 'security',
        target_id: 'security',
        before: { ipBlockMinutes: 15 },
        after: { ipBlockMinutes: 20 },
      },
    ]);
  });

  it('kinds audited together write one event (the SLA and the needs-more-info wait), and a bad part refuses the whole change', async () => {
    await t.db.transaction((tx) =>
      changeSettings(system, tx, at, { report_sla: { acknowledgeBusinessDays: 3, nearShare: 0.25 }, report_needs_info: { closeDays: 20 } }),
    );
    expect(await auditRows()).toEqual([
      {
        action: 'settings.report_sla_changed',
        category: 'change',
        target_id: 'report_sla',
        before: { acknowledgeBusinessDays: 2, needsInfo: { closeDays: 30 } },
        after: { acknowledgeBusinessDays: 3, needsInfo: { closeDays: 20 } },
      },
    ]);
    const refused = await t.db
      .transaction((tx) =>
        changeSettings(system, tx, at, { report_sla: { acknowledgeBusinessDays: 4 }, report_needs_info: { warningDays: 25 } }),
      )
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fields).toEqual([
      { field: 'needsInfo.warningDays', message: 'must be fewer than the 20 days after which the report is closed.' },
    ]);
    expect((await readSetting(t.db, 'report_sla')).acknowledgeBusinessDays).toBe(3);
  });

  it('never writes a secret into the audit trail, and names the act', async () => {
    await t.db.transaction((tx) =>
      changeSetting(system, tx, at, 'team_pgp_key', fakeKey, { action: 'team_key.imported', note: { firstStart: false } }),
    );
    await t.db.transaction((tx) => changeSetting(system, tx, at, 'team_pgp_key', null, { action: 'team_key.removed' }));
    const [imported, removed] = await auditRows();
    expect(imported).toMatchObject({
      action: 'team_key.imported',
      before: null,
      after: { fingerprint: fakeKey.fingerprint, userIds: fakeKey.userIds, firstStart: false },
    });
    expect(removed).toMatchObject({ action: 'team_key.removed', before: { fingerprint: fakeKey.fingerprint }, after: null });
    expect(JSON.stringify([imported, removed])).not.toMatch(/PGP (PRIVATE|PUBLIC) KEY/);
    expect(await readSetting(t.db, 'team_pgp_key')).toBeNull();
    await expect(t.db.transaction((tx) => changeSetting(system, tx, at, 'security', {}, { action: 'team_key.removed' }))).rejects.toThrow(
      /not an action/,
    );
  });

  it('refuses with typed errors: anonymous, a user who is not an administrator, an administrator without a recent sign-in', async () => {
    const user = userSession({ id: 4242, username: 'not-admin', isAdmin: false }, '127.0.0.1', undefined, undefined, {
      authenticatedAt: at,
    });
    const staleAdmin = userSession({ id: 4243, username: 'stale-admin', isAdmin: true }, '127.0.0.1', undefined, undefined, {
      authenticatedAt: new Date(at.getTime() - 11 * 60_000),
    });
    const refusal = (s: Session, kind: UpdatableKind) =>
      t.db
        .transaction((tx) => changeSetting(s, tx, at, kind, SAMPLES[kind] as never, { env: { publicUrl } }))
        .then(
          () => 'allowed',
          (e: unknown) => (e instanceof AppError ? e.id : String(e)),
        );
    expect(await refusal(anonymousSession('127.0.0.1'), 'security')).toBe('unauthenticated');
    for (const kind of Object.keys(SAMPLES) as UpdatableKind[]) expect(await refusal(user, kind), kind).toBe('forbidden_admin');
    expect(await refusal(staleAdmin, 'security')).toBe('reauthentication_required');
    expect(await refusal(staleAdmin, 'report_sla')).toBe('allowed'); // SLA targets never needed a recent sign-in
    // A change that would change nothing is refused all the same, and "no kind at all" is a programming error.
    const empty = await t.db.transaction((tx) => changeSetting(user, tx, at, 'report_sla', {})).catch((e: unknown) => e);
    expect((empty as AppError).id).toBe('forbidden_admin');
    await expect(t.db.transaction((tx) => changeSettings(user, tx, at, {}))).rejects.toThrow(/at least one kind/);
    // The repository's own writes check the session too (nothing reaches the table around the update path).
    const direct = await t.db
      .transaction((tx) => writeSetting(user, tx, at, 'security', SETTINGS.security.defaults))
      .catch((e: unknown) => e);
    expect((direct as AppError).id).toBe('forbidden_admin');
    expect(await readSetting(t.db, 'security')).toEqual(SETTINGS.security.defaults);
  });

  it('another instance sees a change of a cached kind within cacheMs (this process at once)', async () => {
    expect(SETTINGS.security.cacheMs).toBe(1000);
    expect((await readSetting(t.db, 'security')).ipBlockMinutes).toBe(15);
    await storeRaw('security', { ipBlockMinutes: 33 }); // written by "another instance": this process's cache is not told
    expect((await readSetting(t.db, 'security')).ipBlockMinutes).toBe(15);
    expect((await t.db.transaction((tx) => readSetting(tx, 'security'))).ipBlockMinutes).toBe(33); // a transaction reads the row
    await new Promise((resolve) => setTimeout(resolve, SETTINGS.security.cacheMs + 50));
    expect((await readSetting(t.db, 'security')).ipBlockMinutes).toBe(33);
    await t.db.transaction((tx) => changeSetting(system, tx, at, 'security', { ipBlockMinutes: 34 }));
    expect((await readSetting(t.db, 'security')).ipBlockMinutes).toBe(34); // through this process: at once
  });
});

describe('settings diff', () => {
  it('compares values deeply and independently of key order', () => {
    expect(diffSetting({ a: { x: 1, y: 2 }, b: [1] }, { b: [1], a: { y: 2, x: 1 } })).toBeNull();
    expect(diffSetting({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual({ before: { b: 2 }, after: { b: 3 } });
    expect(diffSetting(null, { a: 1, secret: 's' }, ['secret'])).toEqual({ before: null, after: { a: 1 } });
    expect(diffSetting(null, null)).toBeNull();
  });
});

// ---- the settings table's SQL lives in one file -------------------------------------------------------------------

const SRC = path.join(ROOT, 'src');
const SETTINGS_SQL = /\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\s+settings\b/i;
/** An import of the repository's writes (from anywhere: './repository.ts', '../../settings/repository.ts'). */
const WRITES = /import\s*\{([^}]*\b(?:writeSetting|deleteSetting|insertSettingOnce)\b[^}]*)\}\s*from\s*'[^']*\/repository\.ts'/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('one place for settings', () => {
  const files = sourceFiles(SRC).map((f) => ({ rel: path.relative(ROOT, f), text: readFileSync(f, 'utf8') }));

  it('SQL on the settings table appears only in src/settings/repository.ts', () => {
    expect(files.filter((f) => SETTINGS_SQL.test(f.text)).map((f) => f.rel)).toEqual(['src/settings/repository.ts']);
  });

  it('the rule above finds the forms the seven old copies used, and not other tables', () => {
    for (const planted of [
      'sql`SELECT value FROM settings WHERE key = ${KEY}`',
      'INSERT INTO settings (key, value)',
      'DELETE FROM settings WHERE key',
      'UPDATE settings SET value',
    ]) {
      expect(SETTINGS_SQL.test(planted), planted).toBe(true);
    }
    for (const other of ['FROM settings_history', 'SELECT settings FROM users', 'the settings table'])
      expect(SETTINGS_SQL.test(other), other).toBe(false);
  });

  it('only the update path (and the first-start marker) call the repository writes', () => {
    const callers = files.filter((f) => f.rel !== 'src/settings/repository.ts' && WRITES.test(f.text)).map((f) => f.rel);
    expect(callers.sort()).toEqual(['src/settings/first-team-key.ts', 'src/settings/update.ts']);
    const firstStart = files.find((f) => f.rel === 'src/settings/first-team-key.ts')!.text;
    expect(
      WRITES.exec(firstStart)![1]!
        .split(',')
        .map((n) => n.trim())
        .sort(),
    ).toEqual(['insertSettingOnce', 'readSetting']); // the marker only
    // The rule finds such an import (a test of the test).
    expect(WRITES.test("import { readSetting, writeSetting } from '../../settings/repository.ts';")).toBe(true);
    expect(WRITES.test("import { readSetting } from '../../settings/repository.ts';")).toBe(false);
  });
});
