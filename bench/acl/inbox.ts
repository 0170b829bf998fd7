// The report inbox part of the access-control benchmark (issue 11, item 7): the screens the security team uses
// all day, measured through the production service (reportQueryService: list = page + total + sides + SLA
// settings; dashboard = open team-side reports aggregated with the SLA rules) for three viewers and an
// administrator, interleaved in one run.
//
//   npm run bench -- acl --reports 1000000 [--backend postgres|pglite] [--runs 1000] [--warmup 50] [--json]
//                        [--keep-database | --reuse-database NAME] [--database-url postgres://…/]
import os from 'node:os';
import { userSession, type UserSession } from '../../src/access/session.ts';
import type { Clock } from '../../src/clock.ts';
import { sql, type Database } from '../../src/db/database.ts';
import { listReportsWithPlan, reportListPlan, type ReportFilter, type ReportPage } from '../../src/domain/reports/list-repository.ts';
import { reportQueryService } from '../../src/domain/reports/query-service.ts';
import { createPgliteBenchDatabase, createPostgresBenchDatabase, openPostgresBenchDatabase, type BenchDatabase } from '../lib/databases.ts';
import { progress } from '../lib/log.ts';
import { Samples, round, seededRandom, shuffle, timed } from '../lib/stats.ts';
import { INBOX_NOW, INBOX_PRODUCTS, inboxUsers, seedInbox } from './inbox-seed.ts';
import { TERMS } from './model.ts';
import { analyzeUntilTermsCounted } from './seed.ts';

export const INBOX_DENSITIES = ['reporter', 'team', 'large'] as const;
type Density = (typeof INBOX_DENSITIES)[number];

const OPEN_STATES = ['new', 'triaged', 'in_remediation', 'fixed', 'needs_more_info'] as const;
const PAGE: ReportPage = { sort: 'inbox', limit: 50, offset: 0 };

interface InboxQuery {
  name: string;
  description: string;
  /** A list call (filter, page 1 in inbox order), or the dashboard. */
  filter?: ReportFilter;
}

export const INBOX_QUERIES: readonly InboxQuery[] = [
  { name: 'inbox-first-page', filter: {}, description: 'GET /api/reports: the first 50 in inbox order, with the total' },
  {
    name: 'open-unacknowledged-first',
    filter: { states: [...OPEN_STATES] },
    description: 'GET /api/reports?open=true: open reports, not acknowledged first',
  },
  {
    name: 'search-frequent',
    filter: { text: TERMS.frequent },
    description: `?q=${TERMS.frequent} (in ~30% of reports), inbox order, with the total`,
  },
  {
    name: 'search-rare',
    filter: { text: TERMS.rare },
    description: `?q=${TERMS.rare} (in ~0.01% of reports), inbox order, with the total`,
  },
  {
    name: 'severity-and-state',
    filter: { severity: 'high', states: ['triaged', 'in_remediation'] },
    description: '?severity=high&state=triaged&state=in_remediation, inbox order, with the total',
  },
  { name: 'dashboard', description: 'GET /api/reports/dashboard: open team-side reports by severity, state, SLA and age (exact)' },
];

const DENSITY_LABEL: Record<Density, string> = {
  reporter: 'reporter: co-reporter of 10 reports (member of their participants groups)',
  team: 'one team: member of a team nested in the security teams of 50 of 2,000 products (~2.5% of the reports)',
  large: 'large team: member of a team nested in the security teams of 1,000 of 2,000 products (~50% of the reports)',
};

interface Cell {
  plan: string;
  rows: number;
  total: number | undefined;
  adminRows: number;
  adminTotal: number | undefined;
  parapet: ReturnType<Samples['summary']>;
  admin: ReturnType<Samples['summary']>;
  ratio: number;
}

const TARGET_RATIO = 3;
const DASHBOARD_TARGET_MS = 100;

export async function inboxBench(opts: {
  reports: number;
  backend: 'postgres' | 'pglite';
  url: string;
  runs: number;
  warmup: number;
  keep: boolean;
  reuse: string | undefined;
  json: boolean;
  command: string;
  /** Only these queries (names of INBOX_QUERIES); all when undefined. */
  queries?: readonly string[] | undefined;
}): Promise<void> {
  const started = Date.now();
  const queries = opts.queries ? INBOX_QUERIES.filter((q) => opts.queries?.includes(q.name)) : INBOX_QUERIES;
  if (queries.length === 0) throw new Error(`--queries: none of ${INBOX_QUERIES.map((q) => q.name).join(', ')}`);
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  const bench: BenchDatabase =
    opts.backend === 'pglite'
      ? await createPgliteBenchDatabase()
      : opts.reuse
        ? await openPostgresBenchDatabase(opts.url, opts.reuse)
        : await createPostgresBenchDatabase(opts.url, 'parapet_bench_inbox', { keep: opts.keep });
  const interrupted = () => {
    progress('interrupted: dropping the benchmark database');
    void bench.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const { db } = bench;
    const say = (m: string) => progress(`${bench.kind} inbox: ${m}`);
    const seedStart = Date.now();
    if (opts.reuse) await checkSeeded(db, opts.reports);
    else await seedInbox(db, opts.reports, say);
    const statistics = await analyzeUntilTermsCounted(db, say, opts.reports >= 100_000 ? 3 : 1);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const users = inboxUsers();
    const session = (id: number, isAdmin = false): UserSession =>
      userSession({ id, username: `user${id}`, isAdmin }, '127.0.0.1', `bench-inbox-${id}`);
    const admin = session(users.admin, true);
    const subjects = INBOX_DENSITIES.map((density) => ({ density, session: session(users[density]) }));
    const clock: Clock = { now: () => INBOX_NOW };
    const service = reportQueryService({ db, clock });

    const call = async (viewer: UserSession, q: InboxQuery): Promise<{ ids: number[]; total: number | undefined }> => {
      // Each call is one request: a new session object, whose access keys are read again (read-access.ts).
      const s: UserSession = { ...viewer };
      if (!q.filter) {
        const d = await service.dashboard(s);
        return { ids: [d.open, d.unacknowledged, ...Object.values(d.bySla)], total: d.open };
      }
      const r = await service.list(s, q.filter, PAGE);
      return { ids: r.items.map((i) => i.report.id), total: r.total };
    };

    // Before timing: every plan returns the chosen plan's rows (the filter is planned by PostgreSQL alone),
    // and the readable shares.
    const checks: Record<
      string,
      { plan: string; rows: number; total: number | undefined; adminRows: number; adminTotal: number | undefined }
    > = {};
    for (const { density, session: s } of subjects) {
      for (const q of queries) {
        const got = await call(s, q);
        const adminGot = await call(admin, q);
        let plan = 'exact (open reports)';
        if (q.filter) {
          plan = await reportListPlan(s, db, q.filter, PAGE);
          const byFilter = (await listReportsWithPlan(s, db, q.filter, PAGE, { plan: 'filter' })).map((r) => r.id);
          if (JSON.stringify(byFilter) !== JSON.stringify(got.ids)) {
            throw new Error(
              `${density} ${q.name}: plan ${plan} returned [${got.ids.slice(0, 6).join(',')}…], the filter [${byFilter.slice(0, 6).join(',')}…]`,
            );
          }
        }
        checks[`${density}/${q.name}`] = {
          plan,
          rows: got.ids.length,
          total: got.total,
          adminRows: adminGot.ids.length,
          adminTotal: adminGot.total,
        };
      }
    }
    say(`plans checked against the filter: ${JSON.stringify(checks)}`);

    const samples = new Map<string, Samples>();
    const cells: { key: string; s: UserSession; q: InboxQuery }[] = [];
    for (const { density, session: s } of subjects) {
      for (const q of queries) {
        for (const [who, sess] of [
          ['parapet', s],
          ['admin', admin],
        ] as const) {
          const key = `${density}/${q.name}/${who}`;
          samples.set(key, new Samples());
          cells.push({ key, s: sess, q });
        }
      }
    }
    const random = seededRandom(1);
    const measureStart = Date.now();
    const every = Math.max(1, Math.round(opts.runs / 10));
    for (let r = 0; r < opts.warmup + opts.runs; r++) {
      for (const cell of shuffle([...cells], random)) {
        const ms = await timed(() => call(cell.s, cell.q));
        if (r >= opts.warmup) samples.get(cell.key)!.add(ms);
      }
      if (r >= opts.warmup && (r - opts.warmup + 1) % every === 0) say(`${r - opts.warmup + 1}/${opts.runs} rounds`);
      else if (r < opts.warmup && (r + 1) % 5 === 0) say(`${r + 1}/${opts.warmup} warm-up rounds`);
    }
    const results: Record<string, Record<string, Cell>> = {};
    const misses: string[] = [];
    for (const { density } of subjects) {
      results[density] = {};
      for (const q of queries) {
        const parapet = samples.get(`${density}/${q.name}/parapet`)!.summary();
        const adminSummary = samples.get(`${density}/${q.name}/admin`)!.summary();
        const ratio = round(parapet.p99 / adminSummary.p99, 2);
        if (ratio > TARGET_RATIO) misses.push(`${density}/${q.name}: ratio ${ratio}`);
        if (q.name === 'dashboard' && density === 'team' && parapet.p99 >= DASHBOARD_TARGET_MS)
          misses.push(`team/dashboard: p99 ${parapet.p99} ms`);
        results[density][q.name] = { ...checks[`${density}/${q.name}`]!, parapet, admin: adminSummary, ratio };
      }
    }
    const server = await db.query<{ version: string; shared_buffers: string }>(
      sql`SELECT split_part(version(), ' on ', 1) AS version, current_setting('shared_buffers') AS shared_buffers`,
    );
    const sizes = await db.query<{ open: number; unacknowledged: number; keys: number }>(sql`
      SELECT count(*) FILTER (WHERE list_rank <= 1)::int AS open, count(*) FILTER (WHERE list_rank = 0)::int AS unacknowledged,
             (SELECT count(*) FROM object_read_keys)::int AS keys
        FROM objects WHERE type = 'report'`);
    const output = {
      benchmark: 'acl --reports',
      command: opts.command,
      startedAt: new Date(started).toISOString(),
      totalSeconds: Math.round((Date.now() - started) / 1000),
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
      },
      backend: bench.kind,
      server: server[0]!.version,
      sharedBuffers: server[0]!.shared_buffers,
      reports: opts.reports,
      products: INBOX_PRODUCTS,
      openReports: sizes[0]!.open,
      unacknowledgedReports: sizes[0]!.unacknowledged,
      objectReadKeyRows: sizes[0]!.keys,
      seedSeconds: Math.round(seedSeconds),
      ...(statistics.missing.length ? { termsWithoutStatistics: statistics.missing } : {}),
      ...(opts.keep && !opts.reuse ? { keptDatabase: bench.name } : {}),
      measureSeconds: Math.round((Date.now() - measureStart) / 1000),
      runsPerCell: opts.runs,
      warmupRuns: opts.warmup,
      unit: 'ms per service call (reportQueryService.list / .dashboard), round trips included',
      interleaving: 'each round runs every (viewer, query, parapet|admin) cell once, in a shuffled order',
      densities: DENSITY_LABEL,
      queries: Object.fromEntries(queries.map((q) => [q.name, q.description])),
      target: {
        ratio: `parapet p99 / admin p99 <= ${TARGET_RATIO} (full scale, PostgreSQL)`,
        dashboard: `team dashboard p99 < ${DASHBOARD_TARGET_MS} ms`,
        misses,
      },
      results,
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    else {
      const lines = [`${bench.kind}: ${opts.reports} reports (${sizes[0]!.open} open) — p50 / p99 ms`];
      for (const [density, qs] of Object.entries(results)) {
        for (const [name, c] of Object.entries(qs)) {
          lines.push(
            `  ${density.padEnd(9)} ${name.padEnd(26)} parapet ${c.parapet.p50}/${c.parapet.p99}`.padEnd(62) +
              ` admin ${c.admin.p50}/${c.admin.p99}`.padEnd(24) +
              ` ratio ${c.ratio} (${c.plan}; ${c.rows} rows, total ${c.total})`,
          );
        }
      }
      lines.push(misses.length ? `missed: ${misses.join('; ')}` : 'every target met');
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (opts.keep || opts.reuse) progress(`database ${bench.name} kept (--reuse-database ${bench.name})`);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await bench.close();
  }
}

async function checkSeeded(db: Database, reports: number): Promise<void> {
  const rows = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM reports`);
  if (rows[0]!.n !== reports) throw new Error(`the reused database holds ${rows[0]!.n} reports, not ${reports}`);
}
