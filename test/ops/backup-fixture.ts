// A populated Parapet database for the backup tests, built through the services, and an exact snapshot of
// every table to compare two databases with.
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFile, writeFile } from 'node:fs/promises';
import { anonymousSession, EVERYONE_GROUP_ID, ADMINISTRATORS_GROUP_ID, REGISTERED_GROUP_ID } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { raw, sql, type Database } from '../../src/db/database.ts';
import { createServices } from '../../src/services.ts';

export const PASSWORD = 'correct horse battery staple 42';

export interface Population {
  users: Record<'root' | 'alice' | 'bob' | 'carol' | 'dave', number>;
  groups: Record<'org' | 'teamA' | 'squad' | 'teamB', number>;
  pages: Record<'public' | 'registered' | 'org' | 'teamB' | 'admins', number>;
}

/**
 * Users: root (administrator), alice (in squad ⊂ teamA ⊂ org), bob (in teamB), carol (no custom group),
 * dave (in teamA, then removed). Pages readable by Everyone, Registered users, org, teamB, Administrators.
 * Sessions for alice and bob. Audit events for all of it.
 */
export async function populate(db: Database): Promise<Population> {
  const clock = new ManualClock('2026-02-03T04:05:06.123456Z');
  const services = createServices({ db, clock });
  const sys = systemSession('test');
  const user = async (username: string, isAdmin = false) => {
    clock.advance(1000);
    return (await services.users.create(sys, { username, password: PASSWORD, isAdmin, email: `${username}@example.com` })).id;
  };
  const users = {
    root: await user('root', true),
    alice: await user('alice'),
    bob: await user('bob'),
    carol: await user('carol'),
    dave: await user('dave'),
  };
  const group = async (name: string) =>
    (await services.groups.create(sys, { name, description: `The ${name} group — ünïcödé "quoted" \\ back` })).id;
  const groups = { org: await group('Org'), teamA: await group('Team A'), squad: await group('Squad'), teamB: await group('Team B') };
  await services.groups.addGroup(sys, groups.org, groups.teamA);
  await services.groups.addGroup(sys, groups.teamA, groups.squad);
  await services.groups.addUser(sys, groups.squad, users.alice);
  await services.groups.addUser(sys, groups.teamB, users.bob);
  await services.groups.addUser(sys, groups.teamA, users.dave);
  clock.advance(60_000);
  await services.groups.removeUser(sys, groups.teamA, users.dave);
  const page = async (title: string, readGroupId: number) => {
    clock.advance(1000);
    const p = await services.pages.create(sys, {
      title,
      body: `Body of ${title}\nwith a second line and 'quotes'`,
      groups: { readGroupId, editGroupId: ADMINISTRATORS_GROUP_ID, publishGroupId: ADMINISTRATORS_GROUP_ID },
    });
    return p.row.id;
  };
  const pages = {
    public: await page('Public page', EVERYONE_GROUP_ID),
    registered: await page('Members page', REGISTERED_GROUP_ID),
    org: await page('Org page', groups.org),
    teamB: await page('Team B page', groups.teamB),
    admins: await page('Admin page', ADMINISTRATORS_GROUP_ID),
  };
  await services.pages.setPublished(sys, pages.public, true);
  for (const username of ['alice', 'bob']) {
    await services.auth.signIn(anonymousSession('192.0.2.10'), { username, password: PASSWORD, userAgent: 'backup-test' });
  }
  return { users, groups, pages };
}

export type Snapshot = Record<string, string[]>;

/** Every row of every table (generated columns included), in a text form that is the same on both backends. */
export async function snapshot(db: Database): Promise<Snapshot> {
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL extra_float_digits = 3`);
    const tables = await tx.query<{ name: string }>(sql`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`);
    const out: Snapshot = {};
    for (const { name } of tables) {
      const select =
        name === 'parapet_migrations'
          ? 'SELECT id AS j FROM parapet_migrations'
          : `SELECT row_to_json(snapshot_row)::text AS j FROM "${name}" snapshot_row`;
      const rows = await tx.query<{ j: string }>(sql`${raw(select)}`);
      out[name] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

export async function maxId(db: Database, table: string): Promise<number> {
  const rows = await db.query<{ n: number | null }>(sql`SELECT max(id)::int AS n FROM ${raw(`"${table}"`)}`);
  return rows[0]?.n ?? 0;
}

export async function readBackupLines(file: string): Promise<string[]> {
  return gunzipSync(await readFile(file))
    .toString('utf8')
    .split('\n');
}

export async function writeBackupLines(file: string, lines: string[]): Promise<void> {
  await writeFile(file, gzipSync(Buffer.from(lines.join('\n'))));
}

/** A table covering the column types a migration may use; created in both databases of a round trip. */
export const TYPE_TABLE = `CREATE TABLE ops_type_check (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  n      integer, big bigint, num numeric(20,6), r real, d double precision,
  t      text, tags text[], grid integer[], j jsonb, js json,
  at     timestamptz, day date, dur interval, b bytea, flag boolean, u uuid, addr inet, doc tsvector,
  upper_t text GENERATED ALWAYS AS (upper(t)) STORED)`;

export const TYPE_ROWS = `INSERT INTO ops_type_check (n, big, num, r, d, t, tags, grid, j, js, at, day, dur, b, flag, u, addr, doc) VALUES
  (1, 9007199254740993, 12345678901234.123456, 1.1, 0.30000000000000004, E'line\\nnext\\ttab "q" \\\\ ünï 😀',
   ARRAY['a,b', 'c"d', NULL, 'NULL', ''], '{{1,2},{3,4}}', 'null'::jsonb, '{"b": 1,  "a": [1, 2.50]}',
   '2026-01-05 09:00:00.123456+02', '0044-03-15 BC', '1 year 2 mons 3 days 04:05:06.789', '\\x00ff10', true,
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2001:db8::1/64', 'fat:2 rat:1'),
  (NULL, NULL, NULL, 'NaN', '-Infinity', NULL, NULL, NULL, NULL, NULL, 'infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (-2147483648, -9223372036854775808, -0.000001, -0, 1e308, '', '{}', '{}', '{"nested": {"k": [null, true, "x"]}}', '[]',
   '1999-12-31 23:59:59.999999-12', '2000-02-29', '-1 days', '\\x', false, NULL, '10.0.0.0/8', '')`;
