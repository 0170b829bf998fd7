// Logical backup and restore of the whole database, the same on PGlite and PostgreSQL (a backup taken on
// one restores on the other). The file format is in backup-file.ts.
//
// Backup reads every application table in one read-only transaction (a consistent snapshot) through a
// cursor and streams the rows to the file; it never changes the database (in particular it does not
// migrate, so a backup taken before an upgrade is at the old schema level).
//
// Restore checks the whole file first, then, in ONE transaction: brings the database to the backup's schema
// level (applying the backup's migrations when the database is empty), empties every table, loads the
// rows, resets every identity/serial sequence past the restored ids, and applies any newer migrations.
// Any problem rolls the whole transaction back, so the database is either fully restored or untouched.
import { existsSync } from 'node:fs';
import { sql, raw, type Database, type Queryable, type Tx } from '../db/database.ts';
import { loadMigrations, type Migration } from '../db/migrate.ts';
import { openDatabase, pgliteDir, type DatabaseTarget } from '../db/open.ts';
import { systemClock, type Clock } from '../clock.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupFileError,
  BackupWriter,
  checkBackupFile,
  checkWritable,
  RestoreError,
  readBackupFile,
  type BackupColumn,
  type BackupFileSummary,
  type BackupHeader,
  type BackupSource,
  type BackupTable,
} from './backup-file.ts';

export { BackupFileError, checkBackupFile, RestoreError };

const FETCH = 1000;
const MIGRATIONS_TABLE = 'parapet_migrations';
/** Same key as src/db/migrate.ts: one migrator at a time across instances. */
const MIGRATION_LOCK = 7_320_451;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Session settings under which every value's text form is unambiguous and exact, on both backends. */
async function setTextFormats(tx: Tx): Promise<void> {
  await tx.exec(`SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL TimeZone = 'UTC';
    SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'`);
}

interface TableInfo {
  name: string;
  /** Stored columns (generated columns are recomputed, so not backed up). */
  columns: BackupColumn[];
  primaryKey: string[];
}

/** Application tables of the public schema, parents before children (by foreign keys). */
async function applicationTables(q: Queryable): Promise<TableInfo[]> {
  const rels = await q.query<{ oid: number; name: string }>(sql`
    SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> ${MIGRATIONS_TABLE}
     ORDER BY c.relname`);
  const deps = await q.query<{ child: string; parent: string }>(sql`
    SELECT tc.relname AS child, tp.relname AS parent FROM pg_constraint k
      JOIN pg_class tc ON tc.oid = k.conrelid JOIN pg_class tp ON tp.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = tc.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND tc.relname <> tp.relname`);
  const cols = await q.query<{ table: string; name: string; type: string }>(sql`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY c.relname, a.attnum`);
  const pks = await q.query<{ table: string; name: string }>(sql`
    SELECT c.relname AS table, a.attname AS name
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos)
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
     WHERE n.nspname = 'public' AND i.indisprimary
     ORDER BY c.relname, k.pos`);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const d of deps) if (d.child === name) visit(d.parent, path);
    ordered.push(name);
  };
  for (const r of rels) visit(r.name, new Set());
  return ordered.map((name) => ({
    name,
    columns: cols.filter((c) => c.table === name).map((c) => ({ name: c.name, type: c.type })),
    primaryKey: pks.filter((p) => p.table === name).map((p) => p.name),
  }));
}

async function hasMigrationsTable(q: Queryable): Promise<boolean> {
  const rows = await q.query<{ t: string | null }>(sql`SELECT to_regclass(${`public.${MIGRATIONS_TABLE}`})::text AS t`);
  return rows[0]?.t != null;
}

async function appliedMigrations(q: Queryable): Promise<string[]> {
  if (!(await hasMigrationsTable(q))) return [];
  const rows = await q.query<{ id: string }>(sql`SELECT id FROM parapet_migrations ORDER BY id`);
  return rows.map((r) => r.id);
}

export interface BackupSummary {
  tables: number;
  rows: number;
}

/**
 * Writes a backup of `db` to `file` (replacing it only once the backup is complete and on disk), encrypted when
 * a passphrase is given.
 */
export async function writeBackup(
  db: Database,
  file: string,
  options: { clock?: Clock; passphrase?: string } = {},
): Promise<BackupSummary> {
  const clock = options.clock ?? systemClock;
  const writer = new BackupWriter(file, { passphrase: options.passphrase });
  const counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      // A consistent snapshot on PostgreSQL; PGlite has one connection, so the transaction alone is enough.
      if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await setTextFormats(tx);
      if (!(await hasMigrationsTable(tx))) {
        throw new RestoreError('The database has no Parapet schema (it was never migrated), so there is nothing to back up.');
      }
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: clock.now().toISOString(),
        backend: db.kind,
        migrations: await appliedMigrations(tx),
      };
      await writer.write(`${JSON.stringify(header)}\n`);
      for (const t of await applicationTables(tx)) {
        await writer.write(`${JSON.stringify({ table: t.name, columns: t.columns })}\n`);
        const values = t.columns.map((c) => `${ident(c.name)}::text`).join(', ');
        const order = t.primaryKey.length > 0 ? `ORDER BY ${t.primaryKey.map(ident).join(', ')}` : '';
        await tx.exec(`DECLARE parapet_backup NO SCROLL CURSOR FOR
          SELECT array_to_json(ARRAY[${values}]::text[])::text AS j FROM ${ident(t.name)} ${order}`);
        let n = 0;
        for (;;) {
          const rows = await tx.query<{ j: string }>(sql`${raw(`FETCH FORWARD ${FETCH} FROM parapet_backup`)}`);
          if (rows.length === 0) break;
          n += rows.length;
          await writer.write(`${rows.map((r) => r.j).join('\n')}\n`);
        }
        await tx.exec('CLOSE parapet_backup');
        counts[t.name] = n;
      }
      await writer.write(`${JSON.stringify({ end: true, rows: counts })}\n`);
    });
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  const rows = Object.values(counts);
  return { tables: rows.length, rows: rows.reduce((a, b) => a + b, 0) };
}

/** Where the backup's migrations sit in this Parapet's list; refuses backups from another version line. */
function backupLevel(header: BackupHeader, onDisk: Migration[]): number {
  const known = new Set(onDisk.map((m) => m.id));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw new RestoreError(
      `The backup was made by a newer Parapet (it has migrations this one does not know: ${unknown.join(', ')}). Upgrade Parapet, then restore.`,
    );
  }
  header.migrations.forEach((id, i) => {
    if (onDisk[i]?.id !== id) {
      throw new RestoreError(
        `The backup's migrations (${header.migrations.join(', ')}) do not match this Parapet's; it cannot be restored here.`,
      );
    }
  });
  return header.migrations.length;
}

async function applyMigrations(tx: Tx, migrations: Migration[], clock: Clock): Promise<void> {
  for (const m of migrations) {
    await tx.exec(m.script);
    await tx.query(sql`INSERT INTO parapet_migrations (id, checksum, applied_at) VALUES (${m.id}, ${m.checksum}, ${clock.now()})`);
  }
}

/** Identity and serial sequences continue after the highest restored value (and never below their start). */
async function resetSequences(tx: Tx): Promise<void> {
  const seqs = await tx.query<{ seq: string; tbl: string; col: string; start: string }>(sql`
    SELECT s.oid::regclass::text AS seq, t.relname AS tbl, a.attname AS col, q.seqstart::text AS start
      FROM pg_class s
      JOIN pg_sequence q ON q.seqrelid = s.oid
      JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass
                      AND d.deptype IN ('a', 'i')
      JOIN pg_class t ON t.oid = d.refobjid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND n.nspname = 'public'`);
  for (const s of seqs) {
    await tx.query(sql`
      SELECT CASE WHEN m.max IS NOT NULL AND m.max >= ${s.start}::bigint
                  THEN setval(${s.seq}::regclass, m.max, true)
                  ELSE setval(${s.seq}::regclass, ${s.start}::bigint, false) END
        FROM (SELECT max(${raw(ident(s.col))})::bigint AS max FROM ${raw(ident(s.tbl))}) m`);
  }
}

async function loadRows(tx: Tx, target: TableInfo, table: BackupTable, lines: string[]): Promise<void> {
  const types = new Map(target.columns.map((c) => [c.name, c.type]));
  const cols = table.columns.map((c) => ident(c.name)).join(', ');
  const casts = table.columns
    .map((c, i) => {
      const type = types.get(c.name);
      // targetTable has checked that the database's table has every column of the backup's.
      if (type === undefined) throw new Error(`Internal error: table "${target.name}" has no column "${c.name}".`);
      return `(e.r->>${i})::${type}`;
    })
    .join(', ');
  try {
    await tx.query(sql`
      INSERT INTO ${raw(ident(target.name))} (${raw(cols)}) OVERRIDING SYSTEM VALUE
      SELECT ${raw(casts)} FROM jsonb_array_elements(${`[${lines.join(',')}]`}::jsonb) WITH ORDINALITY AS e(r, n)
       ORDER BY e.n`);
  } catch (err) {
    throw new RestoreError(`The rows of table "${target.name}" could not be loaded: ${(err as Error).message}. Nothing was changed.`, {
      cause: err,
    });
  }
}

function targetTable(all: TableInfo[], table: BackupTable): TableInfo {
  const target = all.find((t) => t.name === table.table);
  if (!target) throw new RestoreError(`The backup has a table "${table.table}" that this database does not have.`);
  const missing = table.columns.filter((c) => !target.columns.some((t) => t.name === c.name));
  if (missing.length > 0) {
    throw new RestoreError(
      `The backup's table "${table.table}" has columns this database does not have: ${missing.map((c) => c.name).join(', ')}.`,
    );
  }
  return target;
}

/**
 * Replaces the contents of `db` with the backup in `file` (a file, or an encrypted file's decrypted bytes). The
 * backup is checked completely before the database is touched; the restore itself is one transaction.
 */
export async function restoreBackup(
  db: Database,
  file: BackupSource,
  options: { clock?: Clock; checked?: BackupFileSummary } = {},
): Promise<BackupSummary> {
  const clock = options.clock ?? systemClock;
  const summary = options.checked ?? (await checkBackupFile(file));
  const onDisk = await loadMigrations();
  const level = backupLevel(summary.header, onDisk);
  let tables = 0;
  let rows = 0;
  await db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await setTextFormats(tx);
    const applied = await appliedMigrations(tx);
    if (applied.some((id, i) => onDisk[i]?.id !== id)) {
      throw new RestoreError(
        `The database was migrated by another Parapet version (${applied.join(', ')}); restore into an empty database instead.`,
      );
    }
    if (applied.length === 0 && (await applicationTables(tx)).length > 0) {
      throw new RestoreError('The database has tables but no Parapet schema; restore into an empty database or a Parapet database.');
    }
    if (applied.length > level) {
      throw new RestoreError(
        `The backup is at an older schema level (last migration ${summary.header.migrations.at(-1) ?? 'none'}) than this database ` +
          `(${applied.at(-1) ?? 'none'}). Restore it into an empty database (a new PARAPET_DATA_DIR, or a new PostgreSQL database): ` +
          'Parapet loads it at its own level and then brings it up to date.',
      );
    }
    await tx.exec(`CREATE TABLE IF NOT EXISTS parapet_migrations (
      id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL)`);
    await applyMigrations(tx, onDisk.slice(applied.length, level), clock);

    const all = await applicationTables(tx);
    if (all.length > 0) await tx.exec(`TRUNCATE ${all.map((t) => ident(t.name)).join(', ')} RESTART IDENTITY`);
    // Queued jobs (pg-boss's own schema, not part of the backup) refer to the contents being replaced: a mail
    // job for a user id that now names someone else must not run. They are dropped with the old contents.
    await tx.exec(`DO $$ BEGIN
      IF to_regclass('pgboss.job') IS NOT NULL THEN DELETE FROM pgboss.job; END IF;
    END $$`);
    let target: TableInfo | undefined;
    for await (const record of readBackupFile(file)) {
      if (record.kind === 'table') {
        target = targetTable(all, record.table);
        tables++;
      } else if (record.kind === 'rows') {
        // readBackupFile yields rows only after their table's line.
        if (!target) throw new Error(`Internal error: rows of table "${record.table.table}" came before its line.`);
        await loadRows(tx, target, record.table, record.lines);
        rows += record.lines.length;
      }
    }
    await resetSequences(tx);
    await applyMigrations(tx, onDisk.slice(level), clock);
  });
  return { tables, rows };
}

/** The command's backup: opens the configured database (which must exist), writes the file, closes. */
export async function backupDatabase(
  target: DatabaseTarget,
  file: string,
  open: (target: DatabaseTarget) => Promise<Database> = openDatabase,
  options: { passphrase?: string } = {},
): Promise<BackupSummary> {
  if (!target.databaseUrl && !existsSync(pgliteDir(target.dataDir))) {
    throw new RestoreError(`There is no embedded database in ${target.dataDir} (PARAPET_DATA_DIR) to back up.`);
  }
  await checkWritable(file);
  const db = await open(target);
  try {
    return await writeBackup(db, file, options);
  } finally {
    await db.close();
  }
}

/** The command's restore: checks the backup before opening the database at all (unless done already), then restores. */
export async function restoreDatabase(
  target: DatabaseTarget,
  file: BackupSource,
  open: (target: DatabaseTarget) => Promise<Database> = openDatabase,
  options: { checked?: BackupFileSummary } = {},
): Promise<BackupSummary> {
  const checked = options.checked ?? (await checkBackupFile(file));
  const db = await open(target);
  try {
    return await restoreBackup(db, file, { checked });
  } finally {
    await db.close();
  }
}
