// Backup and restore: a populated database round-trips exactly (every table, every row), into a fresh
// database and into one that already holds other data, and across backends; access still works after a
// restore; identities continue after the restored ids; a damaged backup is refused with a clear error and
// leaves the database exactly as it was.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSession, userSession } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { BackupFileError, RestoreError, restoreBackup, writeBackup } from '../../src/cli/backup.ts';
import { ManualClock } from '../../src/clock.ts';
import { sql, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { AppError } from '../../src/errors/catalog.ts';
import { openJobQueue } from '../../src/jobs/queue.ts';
import { createServices } from '../../src/services.ts';
import { backendName, createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.ts';
import {
  maxId,
  populate,
  readBackupLines,
  snapshot,
  TYPE_ROWS,
  TYPE_TABLE,
  writeBackupLines,
  type Population,
  type Snapshot,
} from './backup-fixture.ts';
import { createTarget, type Target } from './support.ts';

describe(`backup and restore (${backendName})`, () => {
  let dir: string;
  let source: TestDatabase;
  let population: Population;
  let sourceSnapshot: Snapshot;
  let file: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parapet-backup-'));
    source = await createTestDatabase();
    population = await populate(source.db);
    sourceSnapshot = await snapshot(source.db);
    file = path.join(dir, 'populated.parapet.gz');
    await writeBackup(source.db, file);
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await source?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function freshTestDatabase(): Promise<TestDatabase> {
    const t = await createTestDatabase();
    cleanups.push(() => t.close());
    return t;
  }

  it('the populated source has rows in every table the scenario touches', () => {
    for (const table of [
      'users',
      'groups',
      'group_user_members',
      'group_group_members',
      'group_closure',
      'objects',
      'object_read_keys',
      'pages',
      'sessions',
      'audit_events',
    ]) {
      expect(sourceSnapshot[table]?.length, table).toBeGreaterThan(0);
    }
  });

  describe('into a fresh database with no schema', () => {
    let target: Target;
    let db: Database;
    beforeAll(async () => {
      target = await createTarget({ migrated: false });
      cleanups.push(() => target.remove());
      db = await target.open();
      cleanups.push(() => db.close());
    });

    it('refuses to back up a database that was never migrated', async () => {
      await expect(writeBackup(db, path.join(dir, 'nothing.gz'))).rejects.toThrow(/no Parapet schema.*nothing to back up/);
    });

    it('restores every table exactly (schema created by the backup’s migrations)', async () => {
      const summary = await restoreBackup(db, file);
      expect(summary.rows).toBe(
        Object.entries(sourceSnapshot)
          .filter(([t]) => t !== 'parapet_migrations')
          .reduce((n, [, rows]) => n + rows.length, 0),
      );
      expect(await snapshot(db)).toEqual(sourceSnapshot);
    });

    it('access still works: users read what they could and not what they could not', async () => {
      const services = createServices({ db, clock: new ManualClock() });
      const { users, pages } = population;
      const as = (id: number, username: string) => userSession({ id, username, isAdmin: false }, '127.0.0.1');
      const titles = async (id: number, username: string) =>
        (await services.pages.list(as(id, username), { sort: 'title', limit: 50, offset: 0 })).map((p) => p.row.title).sort();
      expect(await titles(users.alice, 'alice')).toEqual(['Members page', 'Org page', 'Public page']);
      expect(await titles(users.bob, 'bob')).toEqual(['Members page', 'Public page', 'Team B page']);
      expect(await titles(users.carol, 'carol')).toEqual(['Members page', 'Public page']);
      expect(await titles(users.dave, 'dave')).toEqual(['Members page', 'Public page']);
      await expect(services.pages.get(as(users.alice, 'alice'), pages.teamB)).rejects.toSatisfy(
        (e) => e instanceof AppError && e.id === 'not_found',
      );
      await expect(services.pages.get(as(users.bob, 'bob'), pages.org)).rejects.toSatisfy(
        (e) => e instanceof AppError && e.id === 'not_found',
      );
      expect((await services.pages.get(as(users.alice, 'alice'), pages.org)).row.title).toBe('Org page');
      expect(await services.pages.count(as(users.alice, 'alice'), {})).toBe(3);
      // Passwords survive: the restored hash still verifies.
      const signedIn = await services.auth.signIn(anonymousSession('127.0.0.1'), {
        username: 'alice',
        password: 'correct horse battery staple 42',
        userAgent: 'after-restore',
      });
      expect(signedIn.user.id).toBe(users.alice);
    });

    it('new rows get fresh ids after the restored ones (identities reset)', async () => {
      const before = {
        users: await maxId(db, 'users'),
        groups: await maxId(db, 'groups'),
        objects: await maxId(db, 'objects'),
        audit: await maxId(db, 'audit_events'),
      };
      expect(before.groups).toBe(Math.max(...Object.values(population.groups)));
      const services = createServices({ db, clock: new ManualClock() });
      const sys = systemSession('test');
      const g = await services.groups.create(sys, { name: 'Created after restore' });
      const u = await services.users.create(sys, { username: 'newcomer', password: 'another long passphrase 7' });
      expect(g.id).toBe(before.groups + 1);
      expect(u.id).toBe(before.users + 1);
      // audit_events.id is GENERATED ALWAYS: its sequence was moved past the restored rows too, so the two
      // new events (group created, user created) follow the highest id so far.
      const fresh = await db.query<{ id: number; action: string }>(sql`
        SELECT id::int AS id, action FROM audit_events WHERE id > ${before.audit} ORDER BY id`);
      expect(fresh).toEqual([
        { id: before.audit + 1, action: 'group.created' },
        { id: before.audit + 2, action: 'user.created' },
      ]);
    });
  });

  describe('into a database that already holds other data', () => {
    let target: TestDatabase;
    let restoredSnapshot: Snapshot;
    beforeAll(async () => {
      target = await freshTestDatabase();
      const services = createServices({ db: target.db, clock: new ManualClock() });
      const sys = systemSession('test');
      for (const name of ['Old 1', 'Old 2', 'Old 3', 'Old 4', 'Old 5', 'Old 6']) await services.groups.create(sys, { name });
      await services.users.create(sys, { username: 'olduser', password: 'an old long passphrase 1' });
    });

    it('replaces everything: the result equals the source exactly', async () => {
      // A job queued for the old contents (a mail to the user who had id N) must not outlive them.
      const queue = await openJobQueue(target.db);
      await queue.send('mail', { kind: 'account_locked', userId: 1 });
      await queue.stop();
      await restoreBackup(target.db, file);
      const jobs = await target.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail'`);
      expect(jobs[0]!.n).toBe(0);
      restoredSnapshot = await snapshot(target.db);
      expect(restoredSnapshot).toEqual(sourceSnapshot);
      const services = createServices({ db: target.db, clock: new ManualClock() });
      const g = await services.groups.create(systemSession('test'), { name: 'Next' });
      expect(g.id).toBe(Math.max(...Object.values(population.groups)) + 1);
    });

    describe('a damaged or unusable backup is refused and changes nothing', () => {
      let lines: string[];
      let before: Snapshot;
      beforeAll(async () => {
        lines = await readBackupLines(file);
        before = await snapshot(target.db);
      });

      async function refuse(name: string, content: Buffer | string[] | undefined, error: new (...a: never[]) => Error, message: RegExp) {
        const bad = path.join(dir, name);
        if (Array.isArray(content)) await writeBackupLines(bad, content);
        else if (content) await writeFile(bad, content);
        const err = await restoreBackup(target.db, bad).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(error);
        expect((err as Error).message).toMatch(message);
        expect(await snapshot(target.db)).toEqual(before);
      }

      const rowIndex = () => lines.findIndex((l, i) => i > 0 && l.startsWith('['));
      const lastTableRow = () => lines.findLastIndex((l) => l.startsWith('['));

      it('a missing file', () => refuse('missing.gz', undefined, BackupFileError, /missing\.gz: no such file/));
      it('a file that is not gzip', () =>
        refuse('plain.gz', Buffer.from('hello\n'), BackupFileError, /is not a Parapet backup or is damaged \(incorrect header check\)/));
      it('a truncated file', async () => {
        const bytes = await readFile(file);
        await refuse(
          'truncated.gz',
          bytes.subarray(0, Math.floor(bytes.length / 2)),
          BackupFileError,
          /is not a Parapet backup or is damaged \(unexpected end of file\)/,
        );
      });
      it('gzip of something else', () =>
        refuse('other.gz', ['{"hello":"world"}', ''], BackupFileError, /line 1: it does not start with a Parapet backup header/));
      it('an empty backup', () => refuse('empty.gz', [''], BackupFileError, /empty\.gz is empty; it is not a Parapet backup/));
      it('a row with the wrong number of columns', () => {
        const copy = [...lines];
        const i = rowIndex();
        copy[i] = JSON.stringify((JSON.parse(copy[i]!) as unknown[]).slice(1));
        return refuse('short-row.gz', copy, BackupFileError, new RegExp(`line ${i + 1}: a row of "\\w+" does not have its \\d+ columns`));
      });
      it('a line that is not JSON', () => {
        const copy = [...lines];
        copy.splice(rowIndex() + 1, 0, '["broken');
        return refuse('not-json.gz', copy, BackupFileError, /line \d+: a row is not valid JSON/);
      });
      it('a file cut at a line boundary (no closing line)', () =>
        refuse(
          'no-trailer.gz',
          lines.slice(0, lastTableRow() + 1),
          BackupFileError,
          /is incomplete: it ends after line \d+ without its closing line/,
        ));
      it('a file with a row missing (counts do not match)', () => {
        const copy = [...lines];
        copy.splice(rowIndex(), 1);
        return refuse('row-missing.gz', copy, BackupFileError, /the table "\w+" should have \d+ rows but the file has \d+/);
      });
      it('a value that does not fit its column: the half-done restore is rolled back', () => {
        // The bad row is in the last table with rows, so every earlier table was already emptied and loaded.
        const copy = [...lines];
        const i = lastTableRow();
        const row = JSON.parse(copy[i]!) as (string | null)[];
        const header = JSON.parse(copy.slice(0, i).findLast((l) => l.startsWith('{"table"'))!) as {
          table: string;
          columns: { type: string }[];
        };
        const col = header.columns.findIndex((c) => /^(integer|bigint|timestamp with time zone)$/.test(c.type));
        row[col] = 'not a value of that type';
        copy[i] = JSON.stringify(row);
        return refuse(
          'bad-value.gz',
          copy,
          RestoreError,
          new RegExp(`The rows of table "${header.table}" could not be loaded: .*Nothing was changed`),
        );
      });
      it('a backup made by a newer Parapet', () => {
        const header = JSON.parse(lines[0]!) as { migrations: string[] };
        header.migrations.push('9999_from_the_future');
        return refuse(
          'newer.gz',
          [JSON.stringify(header), ...lines.slice(1)],
          RestoreError,
          /made by a newer Parapet.*9999_from_the_future.*Upgrade Parapet/,
        );
      });
      it('a backup at an older schema level than the database', () => {
        const header = JSON.parse(lines[0]!) as { migrations: string[] };
        header.migrations.pop();
        return refuse(
          'older.gz',
          [JSON.stringify(header), ...lines.slice(1)],
          RestoreError,
          /older schema level.*Restore it into an empty database/,
        );
      });
    });
  });

  it('round-trips every column type exactly: arrays, jsonb (JSON null ≠ SQL NULL), json, timestamps, generated and identity columns', async () => {
    const a = await freshTestDatabase();
    const b = await freshTestDatabase();
    await a.db.exec(TYPE_TABLE);
    await a.db.exec(TYPE_ROWS);
    await b.db.exec(TYPE_TABLE);
    const typesFile = path.join(dir, 'types.gz');
    await writeBackup(a.db, typesFile);
    await restoreBackup(b.db, typesFile);
    expect(await snapshot(b.db)).toEqual(await snapshot(a.db));
    const exact = (db: Database) =>
      db.query(sql`
        SELECT id, j IS NULL AS j_sql_null, jsonb_typeof(j) AS j_type, js::text AS js, tags::text AS tags, num::text AS num,
               big::text AS big, at::text AS at, dur::text AS dur, b::text AS b, doc::text AS doc, upper_t
          FROM ops_type_check ORDER BY id`);
    const restored = await exact(b.db);
    expect(restored).toEqual(await exact(a.db));
    expect(restored.map((r) => (r as { j_type: string | null }).j_type)).toEqual(['null', null, 'object']);
    const next = await b.db.query<{ id: string }>(sql`INSERT INTO ops_type_check (t) VALUES ('new') RETURNING id::text AS id`);
    expect(next[0]!.id).toBe('4');
  });

  it('identities never restart below their declared start (custom group ids start at 100)', async () => {
    const pristine = await freshTestDatabase();
    const target = await freshTestDatabase();
    const sys = systemSession('test');
    const services = createServices({ db: target.db, clock: new ManualClock() });
    // The migrations seed groups of their own (below 100, and the default product's staff group at 100), so a
    // new custom group takes the next id at or above 100, above every group already there.
    const highest = async (db: Database) => (await db.query<{ id: number }>(sql`SELECT max(id)::int AS id FROM groups`))[0]!.id;
    const before = (await services.groups.create(sys, { name: 'Before' })).id;
    expect(before).toBeGreaterThanOrEqual(100);
    const pristineFile = path.join(dir, 'pristine.gz');
    await writeBackup(pristine.db, pristineFile);
    await restoreBackup(target.db, pristineFile);
    const restoredHighest = await highest(target.db);
    expect(restoredHighest).toBeGreaterThanOrEqual(100);
    const after = (await services.groups.create(sys, { name: 'After' })).id;
    expect(after).toBeGreaterThan(restoredHighest);
  });

  // Across backends needs both: this block exists only in the PostgreSQL pass (the PGlite pass has no server).
  if (onPostgres)
    describe('across backends', () => {
      let lite: Database;
      beforeAll(async () => {
        lite = await openPglite(undefined);
        cleanups.push(() => lite.close());
        await migrate(lite);
      });

      it('a PGlite backup restores into PostgreSQL exactly', async () => {
        const liteSource = lite;
        await populate(liteSource);
        const liteSnapshot = await snapshot(liteSource);
        const liteFile = path.join(dir, 'from-pglite.gz');
        await writeBackup(liteSource, liteFile);
        expect((await readBackupLines(liteFile))[0]).toContain('"backend":"pglite"');
        const pgTarget = await freshTestDatabase();
        await restoreBackup(pgTarget.db, liteFile);
        expect(await snapshot(pgTarget.db)).toEqual(liteSnapshot);
      });

      it('a PostgreSQL backup restores into PGlite exactly', async () => {
        await restoreBackup(lite, file);
        expect(await snapshot(lite)).toEqual(sourceSnapshot);
      });
    });
});
