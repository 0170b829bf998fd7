// The access-control benchmark (issue 2, section 4): Parapet's read filter against an administrator's
// unfiltered queries, a naive filter and a row-level-security policy, on PGlite and on PostgreSQL.
//
//   npm run bench -- acl --scale small|full [--json] [--backend both|pglite|postgres] [--runs 1000]
//                        [--contrast-runs N] [--warmup 50] [--database-url postgres://postgres@127.0.0.1:5432/]
//                        [--explain] [--keep-database | --reuse-database NAME] [--densities a,b] [--queries a,b]
//   npm run bench -- acl --reports 1000000 [--backend postgres|pglite] [--runs 1000] [--warmup 50] [--json]
//                        [--keep-database | --reuse-database NAME] [--queries dashboard,...]  # the report inbox (bench/acl/inbox.ts)
//
// PGlite always runs at small scale: see docs/BENCHMARKS.md.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { UserSession } from '../src/access/session.ts';
import { sql, type BackendKind, type Database } from '../src/db/database.ts';
import { UsageError, choice, flag, integer, list, parseArgs, rejectUnknown, text } from './lib/args.ts';
import { createPgliteBenchDatabase, createPostgresBenchDatabase, openPostgresBenchDatabase, type BenchDatabase } from './lib/databases.ts';
import { explaining } from './lib/explain.ts';
import { progress } from './lib/log.ts';
import { round } from './lib/stats.ts';
import { APPROACHES, QUERIES, runner, type Approach, type QuerySpec } from './acl/approaches.ts';
import { measure, type Results } from './acl/measure.ts';
import { DENSITIES, DENSITY_LABEL, SCALES, TEAM_LEVELS, type Density, type Scale, type ScaleSpec } from './acl/model.ts';
import { setUpRls, type RlsSetup } from './acl/rls.ts';
import { analyzeUntilTermsCounted, seed } from './acl/seed.ts';
import { loadSubjects, type Subject } from './acl/subjects.ts';
import { verifySample, visibility, type Visibility } from './acl/verify.ts';
import { INBOX_QUERIES, inboxBench } from './acl/inbox.ts';

const TARGET_RATIO = 3;

const APPROACH_NOTES: Record<Approach, string> = {
  parapet:
    'searchObjects with the user session: it reads the session keys, then runs the plan read-plan.ts chooses (newest-50: the read-key walk)',
  admin: 'the same searchObjects call with an administrator session (unfiltered)',
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
  /** ANALYZE runs until the planner statistics held the three measured words (at most 3). */
  analyzes: number;
  /** Measured words the planner statistics still lacked (their searches are then planned blind). */
  termsWithoutStatistics?: string[];
  /** Set when the run measured a database seeded by an earlier run (--reuse-database). */
  reusedDatabase?: string;
  /** Set when the database was kept for later runs (--keep-database). */
  keptDatabase?: string;
  verifiedSample: number;
  measureSeconds: number;
  readable: Record<string, Visibility>;
  results: Results;
}

export async function aclBench(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.flags.has('reports')) {
    rejectUnknown(args, ['reports', 'json', 'backend', 'runs', 'warmup', 'database-url', 'keep-database', 'reuse-database', 'queries']);
    const backend = choice(args, 'backend', ['postgres', 'pglite'] as const, 'postgres');
    const keep = flag(args, 'keep-database');
    const reuse = args.flags.has('reuse-database') ? text(args, 'reuse-database', '') : undefined;
    if ((keep || reuse) && backend === 'pglite') throw new UsageError('--keep-database and --reuse-database need --backend postgres');
    return inboxBench({
      reports: integer(args, 'reports', 1_000_000),
      backend,
      url: text(args, 'database-url', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/'),
      runs: integer(args, 'runs', 1000),
      warmup: integer(args, 'warmup', 50, 0),
      keep,
      reuse,
      json: flag(args, 'json'),
      command: `npm run bench -- acl ${argv.join(' ')}`.trim(),
      queries: args.flags.has('queries')
        ? list(
            args,
            'queries',
            INBOX_QUERIES.map((q) => q.name),
          )
        : undefined,
    });
  }
  rejectUnknown(args, [
    'scale',
    'json',
    'backend',
    'runs',
    'contrast-runs',
    'warmup',
    'database-url',
    'explain',
    'keep-database',
    'reuse-database',
    'densities',
    'queries',
    'sequential',
  ]);
  const scale = choice(args, 'scale', ['small', 'full'] as const, 'small');
  const backendChoice = choice(args, 'backend', ['both', 'pglite', 'postgres'] as const, 'both');
  const runs = integer(args, 'runs', 1000);
  // Small scale is the quick look: the contrast approaches (naive, rls) run in 100 of the rounds, spread
  // evenly, and 20 rounds warm up. Full scale runs every approach in every round after 50 warm-up rounds.
  const contrastRuns = integer(args, 'contrast-runs', scale === 'small' ? Math.min(100, runs) : runs, 0);
  if (contrastRuns > runs) throw new UsageError('--contrast-runs must not exceed --runs');
  const warmup = integer(args, 'warmup', scale === 'small' ? 20 : 50, 0);
  const keep = flag(args, 'keep-database');
  const reuse = args.flags.has('reuse-database') ? text(args, 'reuse-database', '') : undefined;
  const densities = list(args, 'densities', DENSITIES);
  const queries = list(
    args,
    'queries',
    QUERIES.map((q) => q.name),
  ).map((n) => QUERIES.find((q) => q.name === n)!);
  const url = text(args, 'database-url', 'postgres://postgres@127.0.0.1:5432/');
  const json = flag(args, 'json');
  const explain = flag(args, 'explain');
  const backends: BackendKind[] = backendChoice === 'both' ? ['pglite', 'postgres'] : [backendChoice];
  if ((keep || reuse) && backends.includes('pglite')) throw new UsageError('--keep-database and --reuse-database need --backend postgres');

  const started = Date.now();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  const sequential = flag(args, 'sequential') || explain || backends.length === 1;
  const report = sequential
    ? await inThisProcess(backends, { scale, url, keep, reuse, densities, runs, contrastRuns, warmup, explain, queries })
    : await inChildProcesses(backends, argv);
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
    contrastRunsPerCell: contrastRuns,
    warmupRuns: warmup,
    unit: 'ms, measured in Node around the repository calls (round trips included)',
    interleaving:
      contrastRuns === runs
        ? 'each round runs every (user, query, approach) cell once in a shuffled order'
        : `each round runs every (user, query) cell of parapet and admin once, in a shuffled order; naive and rls join ${contrastRuns} of the ${runs} rounds (spread evenly)`,
    backendsAtOnce: !sequential,
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

interface RunOptions {
  scale: Scale;
  url: string;
  keep: boolean;
  reuse: string | undefined;
  densities: Density[];
  runs: number;
  contrastRuns: number;
  warmup: number;
  explain: boolean;
  queries: QuerySpec[];
}

/** Seeds the backends at once, then times them one after the other, in this process. */
async function inThisProcess(backends: BackendKind[], o: RunOptions): Promise<Record<string, BackendReport>> {
  const { scale, url, keep, reuse, densities, runs, contrastRuns, warmup, explain, queries } = o;
  const report: Record<string, BackendReport> = {};
  const opened: { kind: BackendKind; bench: BenchDatabase; kept: boolean }[] = [];
  let tearingDown: Promise<void> | undefined;
  const tearDown = () =>
    (tearingDown ??= Promise.all(
      opened.map(({ kind, bench, kept }) =>
        (kept ? removeRls(bench) : Promise.resolve())
          .then(() => bench.close())
          .then(() => (kind === 'postgres' ? dropRoles(bench) : undefined)),
      ),
    ).then(() => undefined));
  const interrupted = () => {
    progress('interrupted: dropping the benchmark databases');
    void tearDown().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // Seeding and checking run on both backends at once (PostgreSQL works in its server while PGlite works in
    // this process); the timed part runs one backend at a time, so that neither disturbs the other's timings.
    const prepared = await Promise.all(
      backends.map(async (kind) => {
        const backendScale: Scale = kind === 'pglite' ? 'small' : scale;
        const note =
          kind === 'pglite' && scale === 'full'
            ? 'PGlite runs at small scale only: it is single-threaded WebAssembly with an in-memory (or emulated) file system, and the full data set does not fit its 32-bit heap'
            : undefined;
        progress(`${kind}: ${backendScale} scale${note ? ` (${note})` : ''}`);
        const bench =
          kind === 'pglite'
            ? await createPgliteBenchDatabase()
            : reuse
              ? await openPostgresBenchDatabase(url, reuse)
              : await createPostgresBenchDatabase(url, 'parapet_bench_acl', { keep });
        opened.push({ kind, bench, kept: kind === 'postgres' && (keep || reuse !== undefined) });
        return prepare(bench, backendScale, note, { reused: reuse !== undefined, densities });
      }),
    );
    for (const p of prepared) {
      report[p.bench.kind] = await runOne(p, { runs, contrastRuns, warmup, explain, queries });
      if (keep && !reuse) report[p.bench.kind]!.keptDatabase = p.bench.name;
      if (keep || reuse) progress(`${p.bench.kind}: database ${p.bench.name} kept (--reuse-database ${p.bench.name})`);
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await tearDown();
  }

  return report;
}

/**
 * Each backend in a process of its own, both at once: PGlite works in its process's thread (WebAssembly),
 * PostgreSQL in its server, so on two cores neither waits for the other. Each process interleaves its own
 * cells as usual; the two backends' timings are not compared with each other.
 */
async function inChildProcesses(backends: BackendKind[], argv: string[]): Promise<Record<string, BackendReport>> {
  const script = fileURLToPath(new URL('./run.ts', import.meta.url));
  const passOn: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json' || a.startsWith('--backend=')) continue;
    if (a === '--backend') {
      if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) i++;
      continue;
    }
    passOn.push(a);
  }
  const children = backends.map((kind) =>
    spawn(process.execPath, [...process.execArgv, script, 'acl', ...passOn, '--backend', kind, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const forward = (signal: NodeJS.Signals) => () => children.forEach((c) => c.kill(signal));
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const outputs = await Promise.all(
      children.map(
        (child, i) =>
          new Promise<{ backends: Record<string, BackendReport> }>((resolve, reject) => {
            let out = '';
            child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
            child.on('error', reject);
            child.on('close', (code) => {
              if (code !== 0) reject(new Error(`the ${backends[i]} benchmark process exited with ${code}`));
              else resolve(JSON.parse(out) as { backends: Record<string, BackendReport> });
            });
          }),
      ),
    );
    return Object.assign({}, ...outputs.map((o) => o.backends)) as Record<string, BackendReport>;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

interface Prepared {
  bench: BenchDatabase;
  scale: Scale;
  spec: ScaleSpec;
  note: string | undefined;
  seedSeconds: number;
  statistics: { analyzes: number; missing: string[] };
  reused: boolean;
  verifiedSample: number;
  rls: RlsSetup;
  subjects: Subject[];
  admin: UserSession;
  readable: Record<string, Visibility>;
}

/** Seeds (or checks a reused database), verifies the data and sets up the subjects and row-level security. */
async function prepare(
  bench: BenchDatabase,
  scale: Scale,
  note: string | undefined,
  opts: { reused: boolean; densities: readonly Density[] },
): Promise<Prepared> {
  const { db } = bench;
  const spec = SCALES[scale];
  const seedStart = Date.now();
  const statistics = opts.reused ? await checkSeeded(db, spec) : await seed(db, spec, bench.kind);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const verifiedSample = await verifySample(db, spec, scale === 'full' ? 200 : 50);
  progress(`${bench.kind}: ${verifiedSample} sampled objects match setObjectReadKeys and a walk of the nesting`);
  const rls = await setUpRls(db);
  rlsOf.set(bench, rls);
  const { subjects: all, admin } = await loadSubjects(db, spec);
  const subjects = all.filter((s) => opts.densities.includes(s.density));
  const readable: Record<string, Visibility> = {};
  for (const subject of subjects) readable[subject.density] = await visibility(db, spec, subject);
  progress(`${bench.kind}: readable ${JSON.stringify(readable)}`);
  return { bench, scale, spec, note, seedSeconds, statistics, reused: opts.reused, verifiedSample, rls, subjects, admin, readable };
}

async function runOne(
  p: Prepared,
  opts: { runs: number; contrastRuns: number; warmup: number; explain: boolean; queries: readonly QuerySpec[] },
): Promise<BackendReport> {
  const { bench, spec, rls, subjects, admin } = p;
  const { db } = bench;
  if (opts.explain) {
    for (const subject of subjects) {
      for (const query of opts.queries) {
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
    : await measure(runner(db, admin, rls), subjects, opts.queries, {
        runs: opts.runs,
        contrastRuns: opts.contrastRuns,
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
    scale: p.scale,
    ...(p.note ? { note: p.note } : {}),
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
    seedSeconds: Math.round(p.seedSeconds),
    analyzes: p.statistics.analyzes,
    ...(p.statistics.missing.length > 0 ? { termsWithoutStatistics: p.statistics.missing } : {}),
    ...(p.reused ? { reusedDatabase: bench.name } : {}),
    verifiedSample: p.verifiedSample,
    measureSeconds: Math.round((Date.now() - measureStart) / 1000),
    readable: p.readable,
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

const rlsOf = new WeakMap<BenchDatabase, RlsSetup>();

/** A kept database outlives the run: its policy and role go, its data stays. */
async function removeRls(bench: BenchDatabase): Promise<void> {
  await rlsOf.get(bench)?.remove();
}

/** A reused database holds the population of `spec` (seeded by an earlier run of the same scale). */
async function checkSeeded(db: Database, spec: ScaleSpec): Promise<{ analyzes: number; missing: string[] }> {
  const rows = await db.query<{ objects: number; users: number }>(
    sql`SELECT (SELECT count(*) FROM objects)::int AS objects, (SELECT count(*) FROM users)::int AS users`,
  );
  const got = rows[0]!;
  if (got.objects !== spec.objects || got.users !== spec.users) {
    throw new UsageError(
      `the reused database holds ${got.objects} objects and ${got.users} users, not this scale's ${spec.objects} and ${spec.users}`,
    );
  }
  progress('reusing the seeded database');
  return analyzeUntilTermsCounted(db, progress);
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
    lines.push(`${kind} (${r.scale}: ${r.objects} objects) — p50 / p90 / p99 ms`);
    for (const density of DENSITIES) {
      for (const [name, c] of Object.entries(r.results[density] ?? {})) {
        const cell = (a: Approach) => `${a} ${c[a].p50}/${c[a].p90}/${c[a].p99}`.padEnd(28);
        lines.push(`  ${density.padEnd(9)} ${name.padEnd(16)} ${APPROACHES.map(cell).join('')} ratio ${c.ratio} (${c.plan})`);
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
