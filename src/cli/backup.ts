// Logical backup and restore of the whole database, the same on PGlite and PostgreSQL (a backup taken on
// one restores on the other). Format: gzip-compressed JSON lines — a header naming the applied migrations,
// then for each table a line {"table", "columns"} followed by one line per row (PostgreSQL's own JSON form
// of the row, so every type round-trips through jsonb_populate_recordset).
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { systemClock } from '../clock.ts';
import { raw, sql, type Queryable } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase, type DatabaseTarget } from '../db/open.ts';

const FORMAT = 'parapet-backup';
const VERSION = 1;
const BATCH = 2000;

interface TableInfo {
  name: string;
  columns: string[];
}

/** Application tables in an order that satisfies foreign keys (parents first). */
async function tables(q: Queryable): Promise<TableInfo[]> {
  const rows = await q.query<{ name: string }>(sql`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'parapet_migrations'`);
  const deps = await q.query<{ child: string; parent: string }>(sql`
    SELECT tc.relname AS child, tp.relname AS parent FROM pg_constraint k
      JOIN pg_class tc ON tc.oid = k.conrelid JOIN pg_class tp ON tp.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = tc.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND tc.relname <> tp.relname`);
  const names = rows.map((r) => r.name).sort();
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const d of deps) if (d.child === name) visit(d.parent, path);
    ordered.push(name);
  };
  for (const n of names) visit(n, new Set());
  const result: TableInfo[] = [];
  for (const name of ordered) {
    const cols = await q.query<{ column_name: string }>(sql`
      SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = ${name} AND is_generated = 'NEVER'
       ORDER BY ordinal_position`);
    result.push({ name, columns: cols.map((c) => c.column_name) });
  }
  return result;
}

const ident = (name: string) => raw(`"${name.replace(/"/g, '""')}"`);

export async function backupDatabase(target: DatabaseTarget, file: string): Promise<{ tables: number; rows: number }> {
  const db = await openDatabase(target);
  const tmp = `${file}.partial`;
  let total = 0;
  let tableCount = 0;
  try {
    await migrate(db);
    const lines = async function* () {
      // One transaction: a consistent snapshot on PostgreSQL (REPEATABLE READ); PGlite has one connection.
      const out: string[] = [];
      await db.transaction(async (tx) => {
        if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const migrations = await tx.query<{ id: string }>(sql`SELECT id FROM parapet_migrations ORDER BY id`);
        out.push(JSON.stringify({ format: FORMAT, version: VERSION, createdAt: systemClock.now().toISOString(), migrations: migrations.map((m) => m.id) }));
        for (const t of await tables(tx)) {
          tableCount++;
          out.push(JSON.stringify({ table: t.name, columns: t.columns }));
          const cols = raw(t.columns.map((c) => `"${c}"`).join(', '));
          for (let offset = 0; ; offset += BATCH) {
            const rows = await tx.query<{ j: string }>(sql`
              SELECT row_to_json(r)::text AS j FROM (SELECT ${cols} FROM ${ident(t.name)} ORDER BY 1 LIMIT ${BATCH} OFFSET ${offset}) r`);
            for (const r of rows) out.push(r.j);
            total += rows.length;
            if (rows.length < BATCH) break;
          }
        }
      });
      for (const line of out) yield `${line}\n`;
    };
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(tmp, { mode: 0o600 }));
    await rename(tmp, file);
    return { tables: tableCount, rows: total };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

export async function restoreDatabase(target: DatabaseTarget, file: string): Promise<{ tables: number; rows: number }> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  let header: { format?: string; version?: number; migrations?: string[] };
  try {
    header = JSON.parse(String(first.value ?? ''));
  } catch {
    throw new Error(`${file} is not a Parapet backup.`);
  }
  if (header.format !== FORMAT || header.version !== VERSION || !Array.isArray(header.migrations)) {
    throw new Error(`${file} is not a Parapet backup (format ${FORMAT} version ${VERSION}).`);
  }
  const db = await openDatabase(target);
  let total = 0;
  let tableCount = 0;
  try {
    await migrate(db);
    await db.transaction(async (tx) => {
      const applied = (await tx.query<{ id: string }>(sql`SELECT id FROM parapet_migrations ORDER BY id`)).map((m) => m.id);
      const missing = header.migrations!.filter((m) => !applied.includes(m));
      if (missing.length > 0) throw new Error(`The backup was made by a newer Parapet (migrations ${missing.join(', ')}); upgrade first.`);
      const all = await tables(tx);
      await tx.exec(`TRUNCATE ${all.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
      let current: TableInfo | undefined;
      let batch: string[] = [];
      const flush = async () => {
        if (!current || batch.length === 0) return;
        const cols = raw(current.columns.map((c) => `"${c}"`).join(', '));
        const identityAlways = await tx.query<{ n: number }>(sql`
          SELECT count(*)::int AS n FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = ${current.name} AND identity_generation = 'ALWAYS'`);
        await tx.query(sql`
          INSERT INTO ${ident(current.name)} (${cols}) ${raw((identityAlways[0]?.n ?? 0) > 0 ? 'OVERRIDING SYSTEM VALUE' : '')}
          SELECT ${cols} FROM jsonb_populate_recordset(NULL::${ident(current.name)}, ${`[${batch.join(',')}]`}::jsonb)`);
        total += batch.length;
        batch = [];
      };
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const line = next.value;
        if (line === '') continue;
        if (line.startsWith('{"table":')) {
          await flush();
          const t = JSON.parse(line) as TableInfo & { table: string };
          current = all.find((x) => x.name === t.table);
          if (!current) throw new Error(`The backup has a table "${t.table}" this Parapet does not know.`);
          tableCount++;
          continue;
        }
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      // Identity columns continue after the restored ids.
      const idents = await tx.query<{ table_name: string; column_name: string }>(sql`
        SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'`);
      for (const c of idents) {
        await tx.query(sql`
          SELECT setval(pg_get_serial_sequence(${`"${c.table_name}"`}, ${c.column_name}),
                        GREATEST((SELECT max(${ident(c.column_name)}) FROM ${ident(c.table_name)}), 1),
                        (SELECT max(${ident(c.column_name)}) FROM ${ident(c.table_name)}) IS NOT NULL)`);
      }
    });
    return { tables: tableCount, rows: total };
  } finally {
    input.close();
    await db.close();
  }
}
