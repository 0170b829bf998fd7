// Report intake benchmark (issue 4): 10,000 anonymous submissions to `POST /api/reports` at concurrency 100
// against a real server process (bench/intake/server.ts: Parapet built as `parapet start` builds it), on
// PGlite and on PostgreSQL, with the server killed with SIGKILL once at 40% and restarted on the same data.
// In the same run, the same client measures a bare route doing one INSERT on the same database.
//
//   npm run -s bench -- intake [--backend pglite|postgres|both] [--n 10000] [--concurrency 100]
//                              [--kill-at 0.4] [--drain-timeout 1800] [--profile] [--json]
//   experiments: [--pg-pool N] [--no-workers] [--yield] [--cpu-prof DIR]
//   npm run -s bench -- intake --anatomy [1000] [--backend ...]   (CPU per part of one submission)
//
// Prints accepted (2xx), stored (counted in the database afterwards), acknowledged reports missing from the
// database, 5xx outside the kill window, requests failed in the kill window, p50/p99 latency, requests/s
// (without the kill window), the bare route's requests/s, and intake ÷ bare. --profile runs the server with
// the statement profiler (bench/intake/profile.ts) and adds its tables; its requests/s are not comparable.
// cpuMsPerRequest: CPU time of the server process, of the PostgreSQL backends of the run's database and of
// this client, per request answered outside the kill window.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { raw, sql, type Database } from '../src/db/database.ts';
import { openPglite } from '../src/db/pglite.ts';
import { choice, flag, integer, parseArgs, rejectUnknown, text, UsageError } from './lib/args.ts';
import { createPostgresBenchDatabase, type BenchDatabase } from './lib/databases.ts';
import { progress } from './lib/log.ts';
import { round } from './lib/stats.ts';
import { intakeAnatomy } from './intake/anatomy.ts';
import { addCpu, cpuBetween, sampleCpu, type CpuTotals } from './intake/cpu.ts';
import { runPhase, type PhaseResult } from './intake/load.ts';
import { freePort, startBenchServer, type ServerProcess } from './intake/process.ts';
import { BARE_TABLE, seedIntakeBench, TEAM_SIZE } from './intake/seed.ts';

type Backend = 'pglite' | 'postgres';

interface Options {
  n: number;
  concurrency: number;
  killAt: number;
  /** How long to wait after the burst for the inbox worker to build every stored submission. */
  drainTimeoutS: number;
  profile: boolean;
  /** Experiments: PostgreSQL pool size of the server (default: what `parapet start` uses). */
  pgPool?: number;
  /** Experiments: job workers off (mail is only queued). */
  noWorkers: boolean;
  /** Experiments: transactions yield to the event loop first (BENCH_YIELD). */
  yieldFirst: boolean;
  /** Directory for V8 CPU profiles of the server processes (written when a server exits cleanly). */
  cpuProf?: string;
}

const DESCRIPTION = [
  'The comment preview renders **Markdown** to HTML and inserts it without sanitising it, so a comment such as',
  '`<img src=x onerror=alert(document.cookie)>` runs script in the browser of anyone who opens the preview.',
  '',
  'Affects every page with comments enabled; a logged-in moderator opening the queue is enough.',
].join('\n');

function submission(productId: number, i: number): string {
  return JSON.stringify({
    title: `Stored XSS in the comment preview (${i})`,
    description: DESCRIPTION,
    productId,
    contactEmail: `reporter${i}@example.net`,
  });
}

/** A distinct client address per request: no per-address limit is ever reached. */
function addressOf(phase: number, i: number): string {
  return `10.${phase}.${(i >> 8) & 255}.${i & 255}`;
}

async function serverProfile(server: ServerProcess, reset = false): Promise<unknown> {
  const res = await fetch(`${server.base}/bench/profile${reset ? '/reset' : ''}`, { method: reset ? 'POST' : 'GET' });
  return res.json();
}

function perRequest(c: CpuTotals, requests: number) {
  return {
    server: round(c.serverMs / requests, 2),
    ...(c.postgresMs > 0 ? { postgres: round(c.postgresMs / requests, 2) } : {}),
    client: round(c.clientMs / requests, 2),
  };
}

function phaseSummary(r: PhaseResult) {
  return {
    requests: r.n,
    statuses: r.statuses,
    p50Ms: round(r.latency.percentile(50), 1),
    p99Ms: round(r.latency.percentile(99), 1),
    requestsPerSecond: round(r.requestsPerSecond, 1),
    seconds: round(r.seconds, 1),
  };
}

async function runBackend(backend: Backend, o: Options) {
  progress(`intake on ${backend}: seeding`);
  const dataDir = await mkdtemp(path.join(tmpdir(), `parapet-intake-${backend}-`));
  let pgBench: BenchDatabase | undefined;
  let env: Record<string, string>;
  let productId: number;
  if (backend === 'pglite') {
    const db = await openPglite(path.join(dataDir, 'pglite'));
    ({ productId } = await seedIntakeBench(db));
    await db.close();
    env = { PARAPET_DATA_DIR: dataDir };
  } else {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    pgBench = await createPostgresBenchDatabase(url, 'parapet_intake');
    ({ productId } = await seedIntakeBench(pgBench.db));
    const u = new URL(url);
    u.pathname = `/${pgBench.name}`;
    env = { DATABASE_URL: u.toString(), PARAPET_DATA_DIR: dataDir };
  }
  if (o.profile) env.BENCH_PROFILE = '1';
  if (o.pgPool) env.BENCH_PG_POOL = String(o.pgPool);
  if (o.noWorkers) env.BENCH_NO_WORKERS = '1';
  if (o.yieldFirst) env.BENCH_YIELD = '1';
  const nodeArgs = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`] : [];
  const pgInfo = pgBench ? { db: pgBench.db, database: pgBench.name! } : undefined;

  const port = await freePort();
  let server = await startBenchServer(port, env, nodeArgs);
  const cpu = () => sampleCpu(server.child.pid!, pgInfo);
  const restarts: number[] = [];
  let killed = false;
  try {
    progress(
      `  server ready in ${Math.round(server.startMs)} ms; bare INSERT route: warm-up 500, then ${o.n} requests at concurrency ${o.concurrency}`,
    );
    const body = (i: number) => submission(productId, i);
    await runPhase({ base: server.base, path: '/bench/insert', n: 500, concurrency: o.concurrency, body, ip: (i) => addressOf(250, i) });
    if (o.profile) await serverProfile(server, true);
    const bareStart = await cpu();
    const bare = await runPhase({
      base: server.base,
      path: '/bench/insert',
      n: o.n,
      concurrency: o.concurrency,
      body,
      ip: (i) => addressOf(200, i),
    });
    const bareCpu = cpuBetween(bareStart, await cpu());
    const bareProfile = o.profile ? await serverProfile(server) : undefined;
    if (o.profile) await serverProfile(server, true);
    progress(
      `  bare: ${round(bare.requestsPerSecond, 1)} requests/s; intake: ${o.n} submissions${o.killAt > 0 ? `, SIGKILL after ${Math.floor(o.n * o.killAt)}` : ''}`,
    );

    let segmentStart = await cpu();
    let intakeCpu: CpuTotals = { serverMs: 0, postgresMs: 0, clientMs: 0 };
    const intake = await runPhase({
      base: server.base,
      path: '/api/reports',
      n: o.n,
      concurrency: o.concurrency,
      body,
      ip: (i) => addressOf(0, i),
      progress: (done) => progress(`    ${done} submissions answered`),
      disruption:
        o.killAt > 0
          ? {
              after: Math.floor(o.n * o.killAt),
              run: async () => {
                progress('    SIGKILL');
                intakeCpu = addCpu(intakeCpu, cpuBetween(segmentStart, await cpu()));
                await server.kill();
                killed = true;
                server = await startBenchServer(port, env, nodeArgs);
                restarts.push(server.startMs);
                segmentStart = await cpu();
                progress(`    restarted in ${Math.round(server.startMs)} ms`);
              },
            }
          : undefined,
    });
    intakeCpu = addCpu(intakeCpu, cpuBetween(segmentStart, await cpu()));
    const serverLatency = (await (await fetch(`${server.base}/bench/latency`)).json()) as Record<string, number | null>;
    const intakeProfile = o.profile ? await serverProfile(server) : undefined;
    // Submissions answered during the burst may still wait in the inbox: the worker builds them once the
    // burst is over. Time until every one is a report, then stop.
    const backlog = async () => (await (await fetch(`${server.base}/bench/backlog`)).json()) as { pending: number; failing: number };
    const atEnd = await backlog();
    progress(`  intake: ${round(intake.requestsPerSecond, 1)} requests/s; ${atEnd.pending} submissions wait in the inbox`);
    const drainStart = performance.now();
    let left = atEnd;
    while (left.pending > 0 && performance.now() - drainStart < o.drainTimeoutS * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = await backlog();
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    progress(
      `  inbox ${left.pending === 0 ? 'built' : `still holds ${left.pending}`} after ${round(drainSeconds, 1)} s; stopping the server`,
    );
    const exitCode = await server.stop();

    const db: Database = backend === 'pglite' ? await openPglite(path.join(dataDir, 'pglite')) : pgBench!.db;
    const [{ n: stored }] = (await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM reports`)) as [{ n: number }];
    const trackingIds = intake.accepted.map((a) => String(a.body.trackingId));
    const ids = intake.accepted.map((a) => Number(a.body.id));
    const found = await db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM reports r JOIN unnest(${trackingIds}::text[], ${ids}::int[]) AS a(tracking_id, object_id)
          ON a.tracking_id = r.tracking_id AND a.object_id = r.object_id`);
    const receipts = await db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'report-mail' AND data->>'kind' = 'receipt'`);
    const [{ n: bareRows }] = (await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(BARE_TABLE)}`)) as [{ n: number }];
    if (backend === 'pglite') await db.close();

    const accepted = intake.accepted.length;
    const missingAcknowledged = accepted - (found[0]?.n ?? 0);
    const ratio = intake.requestsPerSecond / bare.requestsPerSecond;
    return {
      backend,
      submissions: o.n,
      concurrency: o.concurrency,
      accepted,
      stored,
      missingAcknowledged,
      fiveXxOutsideKill: intake.fiveXxOutsideKill,
      fiveXxInKillWindow: intake.fiveXxInKillWindow,
      failedInKillWindow: intake.failedInKillWindow,
      connectionErrorsOutsideKill: intake.connectionErrorsOutsideKill,
      ...(intake.errorsOutsideKill.length > 0
        ? { errorsOutsideKill: intake.errorsOutsideKill.map((e) => ({ code: e.code, startS: round(e.startS, 1), endS: round(e.endS, 1) })) }
        : {}),
      statuses: intake.statuses,
      errors: intake.errors,
      p50Ms: round(intake.latency.percentile(50), 1),
      p99Ms: round(intake.latency.percentile(99), 1),
      maxMs: round(intake.latency.percentile(100), 1),
      serverSideAfterRestart: serverLatency,
      requestsPerSecond: round(intake.requestsPerSecond, 1),
      bareInsertRequestsPerSecond: round(bare.requestsPerSecond, 1),
      ratio: round(ratio, 3),
      seconds: round(intake.seconds, 1),
      kill: intake.kill && {
        atSeconds: round(intake.kill.atSeconds, 1),
        windowSeconds: round(intake.kill.windowSeconds, 2),
        completedBefore: intake.kill.completedBefore,
        restartMs: restarts.map((ms) => Math.round(ms)),
        requestsPerSecondBefore: round(intake.kill.requestsPerSecondBefore, 1),
        requestsPerSecondAfter: round(intake.kill.requestsPerSecondAfter, 1),
      },
      receiptJobs: receipts[0]?.n ?? 0,
      inbox: {
        waitingWhenBurstEnded: atEnd.pending,
        drainSeconds: round(drainSeconds, 1),
        reportsBuiltPerSecondAfterBurst: drainSeconds > 0 ? round((atEnd.pending - left.pending) / drainSeconds, 1) : null,
        stillWaiting: left.pending,
        failing: left.failing,
      },
      bareInsert: { ...phaseSummary(bare), fiveXx: bare.fiveXxOutsideKill, rowsStored: bareRows },
      cpuMsPerRequest: {
        intake: perRequest(intakeCpu, intake.answeredOutsideKill),
        bareInsert: perRequest(bareCpu, bare.answeredOutsideKill),
      },
      serverExitCode: exitCode,
      teamMembers: TEAM_SIZE,
      ...(o.profile ? { profile: { bare: bareProfile, intakeAfterRestart: intakeProfile } } : {}),
      targets: {
        storedAtLeastAccepted: stored >= accepted && missingAcknowledged === 0,
        zero5xxOutsideKill: intake.fiveXxOutsideKill === 0,
        noConnectionErrorsOutsideKill: intake.connectionErrorsOutsideKill === 0,
        killedOnce: o.killAt > 0 ? killed && restarts.length === 1 : false,
        intakeAtLeastHalfOfBare: ratio >= 0.5,
      },
    };
  } finally {
    await server.kill().catch(() => {});
    await pgBench?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function intakeBench(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  rejectUnknown(args, [
    'backend',
    'n',
    'concurrency',
    'kill-at',
    'drain-timeout',
    'profile',
    'pg-pool',
    'no-workers',
    'yield',
    'cpu-prof',
    'anatomy',
    'json',
  ]);
  const backend = choice(args, 'backend', ['pglite', 'postgres', 'both'] as const, 'both');
  const backends = backend === 'both' ? (['pglite', 'postgres'] as const) : [backend];
  const json = flag(args, 'json');
  const print = (out: unknown) => process.stdout.write(json ? `${JSON.stringify(out)}\n` : `${JSON.stringify(out, null, 2)}\n`);
  if (args.flags.has('anatomy')) {
    const n = integer(args, 'anatomy', 1000);
    const results = [];
    for (const b of backends) results.push(await intakeAnatomy(b, n));
    print({ benchmark: 'intake-anatomy', results });
    return;
  }
  const killAt = Number(text(args, 'kill-at', '0.4'));
  if (!(killAt >= 0 && killAt < 1)) throw new UsageError('--kill-at must be a fraction from 0 (no kill) to below 1');
  const o: Options = {
    n: integer(args, 'n', 10_000),
    concurrency: integer(args, 'concurrency', 100),
    killAt,
    drainTimeoutS: integer(args, 'drain-timeout', 1800),
    profile: flag(args, 'profile'),
    pgPool: args.flags.has('pg-pool') ? integer(args, 'pg-pool', 10) : undefined,
    noWorkers: flag(args, 'no-workers'),
    yieldFirst: flag(args, 'yield'),
    cpuProf: args.flags.has('cpu-prof') ? path.resolve(text(args, 'cpu-prof', '')) : undefined,
  };
  const results = [];
  for (const b of backends) results.push(await runBackend(b, o));
  print({ benchmark: 'intake', results });
}
