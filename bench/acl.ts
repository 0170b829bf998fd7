// The access-control benchmark (issue 2, section 4): Parapet's read filter against an administrator's
// unfiltered queries, a naive filter and a row-level-security policy, on PGlite and on PostgreSQL.
//
//   npm run bench -- acl --scale small|full [--json] [--backend both|pglite|postgres] [--runs 1000]
//                        [--warmup 50] [--database-url postgres://postgres@127.0.0.1:5432/] [--explain]
//
// PGlite always runs at small scale: see docs/BENCHMARKS.md.
import os from 'node:os';
import { sql, type BackendKind, type Database } from '../src/db/database.ts';
import { choice, flag, integer, parseArgs, rejectUnknown, text } from './lib/args.ts';
import { createPgliteBenchDatabase, createPostgresBenchDatabase, type BenchDatabase } from './lib/databases.ts';
import { explaining } from './lib/explain.ts';
import { progress } from './lib/log.ts';
import { round } from './lib/stats.ts';
import { APPROACHES, QUERIES, runner, type Approach } from './acl/approaches.ts';
import { measure, type Results } from './acl/measure.ts';
import { DENSITIES, DENSITY_LABEL, SCALES, TEAM_LEVELS, type Scale } from './acl/model.ts';
import { setUpRls } from './acl/rls.ts';
import { seed } from './acl/seed.ts';
import { loadSubjects } from './acl/subjects.ts';
import { verifySample, visibility, type Visibility } from './acl/verify.ts';

const TARGET_RATIO = 3;

const APPROACH_NOTES: Record<Approach, string> = {
  parapet: 'repository functions with the user session: accessKeys once, then newestReadableIds + findObjects, or searchObjects',
  admin: 'the same repository calls with an administrator session (unfiltered)',
  naive: 'one query: the unfiltered SQL plus read_group_id = ANY(effective groups); effective groups loaded before timing',
  rls: 'a transaction as a role with a row-level-security policy (read_keys && the keys in a setting), running the unfiltered repository calls',
};

interface BackendReport {
  scale: Scale;
  note?: string;
  server: string;
  sharedBuffers: string;
  objects: number;
  users: number;
  teamGroups: number;
  teamLevels: number;
  participantsGroups: number;
  groupClosureRows: number;
  objectReadKeyRows: number;
  databaseMegabytes: number;
  seedSeconds: number;
  verifiedSample: number;
  measureSeconds: number;
  readable: Record<string, Visibility>;
  results: Results;
}

export async function aclBench(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  rejectUnknown(args, ['scale', 'json', 'backend', 'runs', 'warmup', 'database-url', 'explain']);
  const scale = choice(args, 'scale', ['small', 'full'] as const, 'small');
  const backendChoice = choice(args, 'backend', ['both', 'pglite', 'postgres'] as const, 'both');
  const runs = integer(args, 'runs', 1000);
  const warmup = integer(args, 'warmup', 50, 0);
  const url = text(args, 'database-url', 'postgres://postgres@127.0.0.1:5432/');
  const json = flag(args, 'json');
  const explain = flag(args, 'explain');
  const backends: BackendKind[] = backendChoice === 'both' ? ['pglite', 'postgres'] : [backendChoice];

  const report: Record<string, BackendReport> = {};
  const started = Date.now();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  for (const kind of backends) {
    const backendScale: Scale = kind === 'pglite' ? 'small' : scale;
    const note =
      kind === 'pglite' && scale === 'full'
        ? 'PGlite runs at small scale only: it is single-threaded WebAssembly with an in-memory (or emulated) file system, and the full data set does not fit its 32-bit heap'
        : undefined;
    progress(`${kind}: ${backendScale} scale${note ? ` (${note})` : ''}`);
    const bench = kind === 'pglite' ? await createPgliteBenchDatabase() : await createPostgresBenchDatabase(url, 'parapet_bench_acl');
    let tearingDown: Promise<void> | undefined;
    const tearDown = () => (tearingDown ??= bench.close().then(() => (kind === 'postgres' ? dropRoles(bench) : undefined)));
    const interrupted = () => {
      progress('interrupted: dropping the benchmark database');
      void tearDown().finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    try {
      report[kind] = await runOne(bench, backendScale, note, { runs, warmup, explain });
    } finally {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await tearDown();
    }
  }
  if (explain) return;

  const misses: string[] = [];
  for (const [kind, r] of Object.entries(report)) {
    for (const [density, queries] of Object.entries(r.results)) {
      for (const [name, cell] of Object.entries(queries)) {
        if (cell.ratio > TARGET_RATIO) misses.push(`${kind}/${density}/${name}: ${cell.ratio}`);
      }
    }
  }
  const output = {
    benchmark: 'acl',
    command: `npm run bench -- acl ${argv.join(' ')}`.trim(),
    startedAt: new Date(started).toISOString(),
    totalSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
    },
    runsPerCell: runs,
    warmupRuns: warmup,
    unit: 'ms, measured in Node around the repository calls (round trips included)',
    interleaving: 'each round runs every (user, query, approach) cell once in a shuffled order',
    densities: DENSITY_LABEL,
    queries: Object.fromEntries(QUERIES.map((q) => [q.name, q.description])),
    approaches: APPROACH_NOTES,
    target: { ratio: `parapet p99 / admin p99 <= ${TARGET_RATIO} (full scale, PostgreSQL)`, misses },
    backends: report,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    printTable(report);
    process.stdout.write(misses.length ? `ratios above ${TARGET_RATIO}: ${misses.join('; ')}\n` : `every ratio ≤ ${TARGET_RATIO}\n`);
  }
}

async function runOne(
  bench: BenchDatabase,
  scale: Scale,
  note: string | undefined,
  opts: { runs: number; warmup: number; explain: boolean },
): Promise<BackendReport> {
  const { db } = bench;
  const spec = SCALES[scale];
  const seedStart = Date.now();
  await seed(db, spec);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const verifiedSample = await verifySample(db, spec);
  progress(`${bench.kind}: ${verifiedSample} sampled objects match setObjectReadKeys and a walk of the nesting`);
  const rls = await setUpRls(db);
  const { subjects, admin } = await loadSubjects(db, spec);
  const readable: Record<string, Visibility> = {};
  for (const subject of subjects) readable[subject.density] = await visibility(db, spec, subject);
  progress(`${bench.kind}: readable ${JSON.stringify(readable)}`);

  if (opts.explain) {
    for (const subject of subjects) {
      for (const query of QUERIES) {
        for (const approach of APPROACHES) {
          const r = runner(db, admin, rls, (q) => explaining(q, (t) => process.stdout.write(`${t}\n`)));
          const plan = approach === 'parapet' ? ` (plan: ${await runner(db, admin, rls).plan(subject, query)})` : '';
          process.stdout.write(`\n=== ${bench.kind} ${subject.density} ${query.name} ${approach}${plan}\n`);
          await r.run(approach, subject, query);
        }
      }
    }
  }

  const measureStart = Date.now();
  const every = Math.max(1, Math.round(opts.runs / 5));
  const results = opts.explain
    ? ({} as Results)
    : await measure(runner(db, admin, rls), subjects, QUERIES, {
        runs: opts.runs,
        warmup: opts.warmup,
        seed: 1,
        onRound: (n) => {
          if (n > 0 && n % every === 0) progress(`${bench.kind}: ${n}/${opts.runs} rounds`);
        },
      });
  const server = await db.query<{ version: string; shared_buffers: string }>(
    sql`SELECT split_part(version(), ' on ', 1) AS version, current_setting('shared_buffers') AS shared_buffers`,
  );
  return {
    scale,
    ...(note ? { note } : {}),
    server: server[0]!.version,
    sharedBuffers: server[0]!.shared_buffers,
    objects: spec.objects,
    users: spec.users,
    teamGroups: TEAM_LEVELS.reduce((a, b) => a + b, 0),
    teamLevels: TEAM_LEVELS.length,
    participantsGroups: spec.objects,
    groupClosureRows: await count(db, 'group_closure'),
    objectReadKeyRows: await count(db, 'object_read_keys'),
    databaseMegabytes: await databaseMegabytes(db),
    seedSeconds: Math.round(seedSeconds),
    verifiedSample,
    measureSeconds: Math.round((Date.now() - measureStart) / 1000),
    readable,
    results,
  };
}

async function count(db: Database, table: 'group_closure' | 'object_read_keys'): Promise<number> {
  const rows = await db.query<{ n: number }>(
    table === 'group_closure' ? sql`SELECT count(*)::int AS n FROM group_closure` : sql`SELECT count(*)::int AS n FROM object_read_keys`,
  );
  return rows[0]!.n;
}

async function databaseMegabytes(db: Database): Promise<number> {
  const rows = await db.query<{ mb: number }>(sql`SELECT (pg_database_size(current_database()) / 1048576)::int AS mb`);
  return rows[0]!.mb;
}

/** Roles are server-wide; the benchmark's own are named after its process id. */
async function dropRoles(bench: BenchDatabase): Promise<void> {
  await bench.admin(`
    DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT rolname FROM pg_roles WHERE rolname LIKE 'parapet_bench_rls_${process.pid}_%' LOOP
        EXECUTE format('DROP ROLE %I', r.rolname);
      END LOOP;
    END $$`);
}

function printTable(report: Record<string, BackendReport>): void {
  const lines: string[] = [];
  for (const [kind, r] of Object.entries(report)) {
    lines.push(`${kind} (${r.scale}: ${r.objects} objects) — p50 / p99 ms`);
    for (const density of DENSITIES) {
      for (const [name, c] of Object.entries(r.results[density])) {
        const cell = (a: Approach) => `${a} ${c[a].p50}/${c[a].p99}`.padEnd(22);
        lines.push(`  ${density.padEnd(9)} ${name.padEnd(16)} ${APPROACHES.map(cell).join('')} ratio ${c.ratio} (${c.plan})`);
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
