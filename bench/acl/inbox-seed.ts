// The report inbox's population (issue 11, item 7), set-based (generate_series) in Parapet's real tables, with
// access derived as the application derives it (migration 0060): each product has a security team group and a
// staff group nesting it; each report has a participants group nesting its product's staff group; its read
// keys are the participants group's closure. Two groups stand for the measured teams:
// - the large team is nested in the team groups of products 1–1,000 (about half of the reports);
// - the one team is nested in the team groups of products 1,001–1,050 (about 2.5%);
// the reporter is a co-reporter of 10 reports spread over time. Report states follow age: of the newest 2%,
// 70% are open (30% new, not acknowledged); of the older ones 3.3% are still open. About 4.6% are open in all.
import { join, raw, sql, type Database, type Sql, type Tx } from '../../src/db/database.ts';
import { REPORT_TYPE } from '../../src/domain/reports/repository.ts';
import { TERMS, FILLER_WORDS } from './model.ts';

export const INBOX_PRODUCTS = 2000;
export const INBOX_USERS = 10_000;
export const LARGE_GROUP_ID = 1000;
export const TEAM_GROUP_ID = 1001;
const TEAM_BASE = 2000; // product p's security team: TEAM_BASE + p
const STAFF_BASE = 5000; // product p's staff group: STAFF_BASE + p
export const PRODUCT_BASE = 1000; // product p's id: PRODUCT_BASE + p (the migrations create product 1)
export const PARTICIPANTS_BASE = 10_000; // report n's participants group: PARTICIPANTS_BASE + n
/** Products whose team groups nest the large team, and the one team. */
const LARGE_PRODUCTS = 1000;
const TEAM_PRODUCTS = [1001, 1050] as const;
/** "Now" of the benchmark: the newest report is received 5 minutes before; each earlier one 5 minutes apart. */
export const INBOX_NOW = new Date('2026-12-01T12:00:00Z');
const STEP_SECONDS = 300;
const RECENT_SHARE_PERMILLE = 20; // the newest 2%

export interface InboxUsers {
  admin: number;
  reporter: number;
  team: number;
  large: number;
}

export function inboxUsers(): InboxUsers {
  return { admin: INBOX_USERS - 3, reporter: INBOX_USERS - 2, team: INBOX_USERS - 1, large: INBOX_USERS };
}

export function reporterReports(reports: number): number[] {
  return Array.from({ length: 10 }, (_, k) => Math.max(1, Math.round(((k + 0.5) * reports) / 10)));
}

function h(n: Sql, salt: number): Sql {
  return sql`(hashint8((${n}::bigint << 8) | ${salt}) & 2147483647)`;
}

const OLD_STATES: [state: string, upToPermille: number][] = [
  ['in_remediation', 10],
  ['triaged', 20],
  ['fixed', 30],
  ['new', 33],
  ['closed', 500],
  ['disclosed', 700],
  ['duplicate', 800],
  ['informative', 880],
  ['not_applicable', 950],
  ['spam', 980],
  ['withdrawn', 1000],
];
const RECENT_STATES: [state: string, upToPermille: number][] = [
  ['new', 300],
  ['triaged', 450],
  ['in_remediation', 600],
  ['needs_more_info', 650],
  ['fixed', 700],
  ['closed', 800],
  ['informative', 900],
  ['spam', 1000],
];

function stateCase(x: Sql, states: [string, number][]): Sql {
  return sql`CASE ${join(
    states.map(([s, upTo]) => sql`WHEN ${x} < ${upTo} THEN ${s}`),
    ' ',
  )} END`;
}

function word(n: Sql, salt: number): Sql {
  return sql`(${[...FILLER_WORDS]}::text[])[1 + (${h(n, salt)} % ${FILLER_WORDS.length})::int]`;
}

const BULK_TABLES = [
  'users',
  'groups',
  'group_user_members',
  'group_group_members',
  'group_closure',
  'objects',
  'object_read_keys',
  'products',
  'reports',
  'report_members',
];

export async function seedInbox(db: Database, reports: number, say: (m: string) => void): Promise<void> {
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres') {
      await tx.query(sql`SET LOCAL synchronous_commit = off`);
      await tx.query(sql`SET LOCAL maintenance_work_mem = '512MB'`);
      await tx.query(sql`SET LOCAL work_mem = '256MB'`);
    }
    // Bulk load: no triggers or foreign-key checks per row (list_rank is computed here as the trigger would);
    // secondary indexes are rebuilt after the load.
    await tx.query(sql`SET LOCAL session_replication_role = replica`);
    const indexes = await dropSecondaryIndexes(tx);
    await seedGroupsAndProducts(tx);
    say(`reports: ${reports} rows`);
    await seedReports(tx, reports);
    say(`rebuilding ${indexes.length} indexes`);
    for (const definition of indexes) await tx.exec(definition);
    await tx.query(sql`SET LOCAL session_replication_role = origin`);
    for (const table of ['users', 'groups', 'objects', 'products']) {
      await tx.query(sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${raw(table)}))`);
    }
  });
  say('vacuum analyze…');
  await db.exec('VACUUM ANALYZE');
}

async function dropSecondaryIndexes(tx: Tx): Promise<string[]> {
  const rows = await tx.query<{ name: string; definition: string }>(sql`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relname = ANY(${BULK_TABLES}::text[]) AND t.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`);
  for (const r of rows) await tx.exec(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.definition);
}

async function seedGroupsAndProducts(tx: Tx): Promise<void> {
  const at = sql`${INBOX_NOW}::timestamptz - interval '20 years'`;
  const { admin } = inboxUsers();
  await tx.query(sql`
    INSERT INTO users (id, username, username_key, display_name, is_admin, created_at, updated_at)
    SELECT u, 'user' || u, 'user' || u, 'User ' || u, u = ${admin}, ${at}, ${at} FROM generate_series(1, ${INBOX_USERS}::int) AS u`);
  await tx.query(sql`
    INSERT INTO groups (id, kind, name, name_key, created_at, updated_at)
    SELECT id, 'custom', name, lower(name), ${at}, ${at}
      FROM (VALUES (${LARGE_GROUP_ID}::int, 'Large team'), (${TEAM_GROUP_ID}::int, 'One team')) AS g(id, name)
    UNION ALL
    SELECT ${TEAM_BASE} + p, 'custom', 'Security team ' || p, 'security team ' || p, ${at}, ${at} FROM generate_series(1, ${INBOX_PRODUCTS}::int) AS p
    UNION ALL
    SELECT ${STAFF_BASE} + p, 'product', 'Staff of product ' || p, 'staff of product ' || p, ${at}, ${at} FROM generate_series(1, ${INBOX_PRODUCTS}::int) AS p`);
  await tx.query(sql`
    INSERT INTO products (id, name, name_key, team_group_id, staff_group_id, disclosure_days, created_at, updated_at)
    SELECT ${PRODUCT_BASE} + p, 'Product ' || p, 'product ' || p, ${TEAM_BASE} + p, ${STAFF_BASE} + p, 90, ${at}, ${at} FROM generate_series(1, ${INBOX_PRODUCTS}::int) AS p`);
  await tx.query(sql`
    INSERT INTO group_group_members (group_id, member_group_id, added_at)
    SELECT ${STAFF_BASE} + p, ${TEAM_BASE} + p, ${at} FROM generate_series(1, ${INBOX_PRODUCTS}::int) AS p
    UNION ALL
    SELECT ${TEAM_BASE} + p, ${LARGE_GROUP_ID}, ${at} FROM generate_series(1, ${LARGE_PRODUCTS}::int) AS p
    UNION ALL
    SELECT ${TEAM_BASE} + p, ${TEAM_GROUP_ID}, ${at} FROM generate_series(${TEAM_PRODUCTS[0]}::int, ${TEAM_PRODUCTS[1]}::int) AS p`);
  await tx.query(sql`
    INSERT INTO group_closure (ancestor_id, descendant_id)
    WITH RECURSIVE reach (ancestor_id, descendant_id) AS (
      SELECT id, id FROM groups WHERE id >= ${LARGE_GROUP_ID}
      UNION
      SELECT r.ancestor_id, e.member_group_id FROM reach r JOIN group_group_members e ON e.group_id = r.descendant_id
    )
    SELECT ancestor_id, descendant_id FROM reach`);
  // Ordinary users: each in one product's security team.
  const u = sql`u`;
  const users = inboxUsers();
  await tx.query(sql`
    INSERT INTO group_user_members (group_id, user_id, added_at)
    SELECT ${TEAM_BASE} + 1 + (${h(u, 6)} % ${INBOX_PRODUCTS})::int, u, ${at} FROM generate_series(1, ${INBOX_USERS - 4}::int) AS u
    UNION ALL SELECT ${TEAM_GROUP_ID}::int, ${users.team}::int, ${at}
    UNION ALL SELECT ${LARGE_GROUP_ID}::int, ${users.large}::int, ${at}`);
}

async function seedReports(tx: Tx, reports: number): Promise<void> {
  const n = sql`n`;
  const users = inboxUsers();
  const received = sql`${INBOX_NOW}::timestamptz - make_interval(secs => (${reports}::int - n + 1) * ${STEP_SECONDS}::int)`;
  const recent = sql`(n > ${reports - Math.floor((reports * RECENT_SHARE_PERMILLE) / 1000)}::int)`;
  const x = sql`(${h(n, 40)} % 1000)`;
  const rare = sql`(${h(n, 13)} % 10000 < 1)`;
  const frequent = sql`(${h(n, 11)} % 100 < 30 OR (${rare} AND ${h(n, 14)} % 2 = 0))`;
  const medium = sql`(${h(n, 12)} % 100 < 1)`;
  await tx.query(sql`
    CREATE TEMP TABLE bench_reports ON COMMIT DROP AS
    SELECT n, ${received} AS received_at, 1 + (${h(n, 1)} % ${INBOX_PRODUCTS})::int AS product,
           1 + (${h(n, 5)} % ${INBOX_USERS - 4})::int AS reporter,
           CASE WHEN ${recent} THEN ${stateCase(x, RECENT_STATES)} ELSE ${stateCase(x, OLD_STATES)} END AS state,
           (${h(n, 41)} % 10)::int AS sev,
           concat_ws(' ', 'Report', n, ${word(n, 20)}, ${word(n, 21)}, ${word(n, 22)}) AS title,
           concat_ws(' ', ${word(n, 30)}, ${word(n, 31)}, ${word(n, 32)}, ${word(n, 33)}, ${word(n, 34)}, ${word(n, 35)},
                     CASE WHEN ${frequent} THEN ${TERMS.frequent} END,
                     CASE WHEN ${medium} THEN ${TERMS.medium} END, CASE WHEN ${rare} THEN ${TERMS.rare} END) AS body
      FROM generate_series(1, ${reports}::int) AS n`);
  await tx.query(sql`
    CREATE TEMP TABLE bench_report_facts ON COMMIT DROP AS
    SELECT b.*, CASE WHEN b.state IN ('new', 'spam', 'withdrawn') THEN NULL ELSE b.received_at + interval '1 day' END AS acknowledged_at,
           CASE WHEN b.state IN ('new', 'spam', 'withdrawn', 'needs_more_info') OR b.sev < 2 THEN NULL
                WHEN b.sev < 4 THEN 'low' WHEN b.sev < 7 THEN 'medium' WHEN b.sev < 9 THEN 'high' ELSE 'critical' END AS severity,
           report_list_rank(b.state, CASE WHEN b.state IN ('new', 'spam', 'withdrawn') THEN NULL ELSE b.received_at END) AS list_rank,
           least(b.received_at + make_interval(days => 1 + (b.n % 60)::int), ${INBOX_NOW}::timestamptz) AS changed_at,
           ARRAY[CASE WHEN b.product <= ${LARGE_PRODUCTS} THEN ${LARGE_GROUP_ID}
                      WHEN b.product BETWEEN ${TEAM_PRODUCTS[0]} AND ${TEAM_PRODUCTS[1]} THEN ${TEAM_GROUP_ID} END]::int[] AS team_keys
      FROM bench_reports b`);
  await tx.query(sql`
    INSERT INTO groups (id, kind, name, name_key, owner_object_id, created_at, updated_at)
    SELECT ${PARTICIPANTS_BASE} + n, 'object', 'Participants of report ' || n, 'participants of report ' || n, n, received_at, received_at
      FROM bench_reports ORDER BY n`);
  await tx.query(sql`
    INSERT INTO objects (id, type, title, read_group_id, edit_group_id, publish_group_id, read_keys, published, search_text,
                         created_by, created_at, updated_at, list_rank)
    SELECT n, ${REPORT_TYPE}, title, ${PARTICIPANTS_BASE} + n, ${STAFF_BASE} + product, ${STAFF_BASE} + product,
           array_remove(team_keys, NULL) || ARRAY[${TEAM_BASE} + product, ${STAFF_BASE} + product, ${PARTICIPANTS_BASE} + n],
           false, body, reporter, received_at, changed_at, list_rank
      FROM bench_report_facts ORDER BY n`);
  await tx.query(sql`
    INSERT INTO reports (object_id, tracking_id, product_id, participants_group_id, state, state_changed_at, description,
                         cvss_score, severity, reporter_user_id, contact_name, disclosure_days, received_at, acknowledged_at,
                         triaged_at, fixed_at, closed_at)
    SELECT n, 'PR-B-' || lpad(n::text, 7, '0'), ${PRODUCT_BASE} + product, ${PARTICIPANTS_BASE} + n, state, changed_at, body,
           CASE severity WHEN 'low' THEN 3.1 WHEN 'medium' THEN 5.4 WHEN 'high' THEN 7.5 WHEN 'critical' THEN 9.8 END,
           severity, reporter, 'User ' || reporter, 90, received_at, acknowledged_at,
           CASE WHEN state NOT IN ('new', 'needs_more_info', 'spam', 'withdrawn') THEN received_at + interval '3 days' END,
           CASE WHEN state IN ('fixed', 'disclosed') THEN changed_at END,
           CASE WHEN state IN ('closed', 'duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn') THEN changed_at END
      FROM bench_report_facts ORDER BY n`);
  await tx.query(sql`
    INSERT INTO group_group_members (group_id, member_group_id, added_at)
    SELECT ${PARTICIPANTS_BASE} + n, ${STAFF_BASE} + product, received_at FROM bench_reports ORDER BY n`);
  await tx.query(sql`
    INSERT INTO group_closure (ancestor_id, descendant_id)
    SELECT o.read_group_id, k FROM objects o, unnest(o.read_keys) AS k WHERE o.type = ${REPORT_TYPE} ORDER BY o.read_group_id, k`);
  await tx.query(sql`
    INSERT INTO object_read_keys (group_id, type, created_at, list_rank, object_id)
    SELECT k, o.type, o.created_at, o.list_rank, o.id FROM objects o, unnest(o.read_keys) AS k ORDER BY o.id, k`);
  // Reporters: a member of the participants group and of report_members; the measured reporter co-reports 10.
  await tx.query(sql`
    INSERT INTO group_user_members (group_id, user_id, added_at)
    SELECT ${PARTICIPANTS_BASE} + n, reporter, received_at FROM bench_reports
    UNION ALL
    SELECT ${PARTICIPANTS_BASE} + r, ${users.reporter}::int, ${INBOX_NOW}::timestamptz FROM unnest(${reporterReports(reports)}::int[]) AS r`);
  await tx.query(sql`
    INSERT INTO report_members (report_id, user_id, role, added_at)
    SELECT n, reporter, 'reporter', received_at FROM bench_reports
    UNION ALL
    SELECT r, ${users.reporter}::int, 'co_reporter', ${INBOX_NOW}::timestamptz FROM unnest(${reporterReports(reports)}::int[]) AS r`);
}
