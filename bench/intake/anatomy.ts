// What one report submission costs, part by part (`npm run bench -- intake --anatomy`): submissions run one
// after another through the same calls as `POST /api/reports` (settings, limits, admission, the intake
// service) on one database connection, and every statement's CPU time is measured — in this process
// (process.cpuUsage: the driver, and for PGlite the database itself, which runs here in WebAssembly) and, on
// PostgreSQL, in the backend serving the connection (/proc/<pid>/schedstat, in nanoseconds) — and charged to
// the Parapet function that ran it. The remainder of a submission (not in any statement) is the service's own
// JavaScript plus, on PostgreSQL, BEGIN and COMMIT. A bare INSERT of the same body is measured the same way.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Sql } from 'sql-template-tag';
import { anonymousSession } from '../../src/access/session.ts';
import { systemClock } from '../../src/clock.ts';
import { raw, sql, type Database, type Queryable, type Tx } from '../../src/db/database.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { checkReportLimits } from '../../src/intake/index.ts';
import { readSetting } from '../../src/settings/repository.ts';
import { createServices } from '../../src/services.ts';
import { createPostgresBenchDatabase } from '../lib/databases.ts';
import { progress } from '../lib/log.ts';
import { round } from '../lib/stats.ts';
import { BARE_TABLE, seedIntakeBench } from './seed.ts';

/** Which part of the intake each statement belongs to, by the function that runs it. */
const PART_OF: Record<string, string> = {
  lockSubmitter: 'rate-limit admission',
  countSubmissions: 'rate-limit admission',
  recordSubmission: 'rate-limit admission',
  sweepIntake: 'rate-limit admission',
  nthSubmissionTime: 'rate-limit admission',
  findProduct: 'product lookup (when building)',
  defaultProduct: 'product lookup (when building)',
  lockNestingShared: 'participants group: nesting lock',
  insertGroup: 'participants group: group row',
  addClosureRow: 'participants group: closure rows',
  insertGroupMember: 'participants group: team nested inside',
  closureAddEdge: 'participants group: closure rows',
  refreshReadKeysContaining: 'participants group: read-keys refresh after nesting',
  setGroupOwner: 'participants group: owner',
  insertObject: 'object row',
  setObjectReadKeys: 'object read keys',
  rewriteKeyIndex: 'object read keys',
  insertReport: 'report row',
  insertLink: 'secret reporter link',
  insertEvent: 'timeline event',
  notifyGroup: 'in-app notifications (team, board)',
  'pg-boss': 'mail jobs (pg-boss: receipt, team alert)',
  enqueueReportMail: 'mail jobs (pg-boss: receipt, team alert)',
  createJob: 'mail jobs (pg-boss: receipt, team alert)',
  recordAudit: 'audit event',
  storeSubmission: 'store: count, record, ids, inbox row, audit (one statement)',
  takeInboxRow: 'build: take the inbox row',
  deleteInboxRow: 'build: delete the inbox row',
  pendingIdsOf: 'build: is it waiting (a reporter reads it)',
  readSetting: 'settings (cached 1 s)',
};

const OWN_FRAMES = /\/src\/db\/|\/src\/jobs\/queue\.ts|\/bench\/intake\//;

function callerName(stack: string | undefined): string {
  const lines = (stack ?? '').split('\n').slice(1);
  for (const line of lines) {
    if (!line.includes('/src/') || OWN_FRAMES.test(line)) continue;
    const m = /^at (?:async )?([\w$.]+) \(/.exec(line.trim());
    if (m) return m[1]!.split('.').at(-1)!;
  }
  return lines.some((l) => l.includes('pg-boss')) ? 'pg-boss' : '<unknown>';
}

interface Meter {
  /** CPU ns so far of the backend (PostgreSQL) or 0 (PGlite). */
  backend(): number;
}

function schedstatMeter(pid: number): Meter {
  const file = `/proc/${pid}/schedstat`;
  return { backend: () => Number(readFileSync(file, 'utf8').split(' ')[0]) };
}

const nodeUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Cell {
  statements: number;
  nodeUs: number;
  backendNs: number;
}

class Ledger {
  parts = new Map<string, Cell>();
  /** CPU of this process spent measuring (stack capture, /proc reads), not running anything measured. */
  overheadUs = 0;
  constructor(private readonly meter: Meter) {}

  charge(part: string, node: number, backend: number): void {
    let c = this.parts.get(part);
    if (!c) this.parts.set(part, (c = { statements: 0, nodeUs: 0, backendNs: 0 }));
    c.statements++;
    c.nodeUs += node;
    c.backendNs += backend;
  }

  async measure<T>(part: string | (() => string), run: () => Promise<T>): Promise<T> {
    const w0 = nodeUs();
    const name = typeof part === 'string' ? part : part();
    const b0 = this.meter.backend();
    const n0 = nodeUs();
    try {
      return await run();
    } finally {
      const n1 = nodeUs();
      const b1 = this.meter.backend();
      this.charge(name, n1 - n0, b1 - b0);
      this.overheadUs += nodeUs() - w0 - (n1 - n0);
    }
  }

  wrap<Q extends Queryable>(q: Q): Q {
    const part = () => {
      const name = callerName(new Error().stack);
      return PART_OF[name] ?? `other: ${name}`;
    };
    return {
      ...q,
      query: <T>(statement: Sql) => this.measure(part, () => q.query<T>(statement)),
      exec: (script: string) => this.measure(part, () => q.exec(script)),
      rawQuery: (text: string, values?: unknown[]) => this.measure(part, () => q.rawQuery(text, values)),
    };
  }

  database(inner: Database): Database {
    const self = this.wrap(inner);
    return {
      kind: inner.kind,
      query: self.query,
      exec: self.exec,
      rawQuery: self.rawQuery,
      transaction: <T>(fn: (tx: Tx) => Promise<T>) => inner.transaction((tx) => fn(this.wrap(tx))),
      close: () => inner.close(),
    };
  }
}

function body(productId: number, i: number) {
  return {
    title: `Stored XSS in the comment preview (${i})`,
    description:
      'The comment preview renders **Markdown** to HTML and inserts it without sanitising it, so a comment such as\n' +
      '`<img src=x onerror=alert(document.cookie)>` runs script in the browser of anyone who opens the preview.\n\n' +
      'Affects every page with comments enabled; a logged-in moderator opening the queue is enough.',
    productId,
    contactEmail: `reporter${i}@example.net`,
  };
}

export async function intakeAnatomy(backend: 'pglite' | 'postgres', n: number) {
  Error.stackTraceLimit = 40;
  const dir = await mkdtemp(path.join(tmpdir(), `parapet-intake-anatomy-${backend}-`));
  let inner: Database;
  let meter: Meter = { backend: () => 0 };
  let cleanup = async () => {};
  let productId: number;
  if (backend === 'pglite') {
    inner = await openPglite(path.join(dir, 'pglite'));
    ({ productId } = await seedIntakeBench(inner));
  } else {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const bench = await createPostgresBenchDatabase(url, 'parapet_intake_anatomy');
    ({ productId } = await seedIntakeBench(bench.db));
    const u = new URL(url);
    u.pathname = `/${bench.name}`;
    // One connection: every statement runs in the one backend whose CPU is read.
    inner = await openPostgres(u.toString(), { max: 1 });
    const pid = (await inner.query<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`))[0]!.pid;
    meter = schedstatMeter(pid);
    cleanup = () => bench.close();
  }
  const ledger = new Ledger(meter);
  const db = ledger.database(inner);
  const services = createServices({ db, clock: systemClock });
  await services.deps.jobs.ready();

  const submit = async (i: number) => {
    const s = anonymousSession(`10.9.${(i >> 8) & 255}.${i & 255}`, `anatomy-${i}`);
    const input = body(productId, i);
    const settings = await readSetting(db, 'intake');
    checkReportLimits(settings, { texts: { description: input.description } });
    await services.reports.intake.submit(s, input, { settings });
  };
  const bare = (i: number) => {
    const b = body(productId, i);
    return inner.query(sql`
      INSERT INTO ${raw(BARE_TABLE)} (title, description, product_id, contact_email, ip, at)
      VALUES (${b.title}, ${b.description}, ${b.productId}, ${b.contactEmail}, ${'10.8.0.1'}, ${systemClock.now()}) RETURNING id`);
  };

  try {
    progress(`intake anatomy on ${backend}: ${n} submissions one at a time (after 100 to warm up)`);
    for (let i = 0; i < 100; i++) await submit(i);
    for (let i = 0; i < 100; i++) await bare(i);
    ledger.parts.clear();
    ledger.overheadUs = 0;
    const whole = new Ledger(meter);
    for (let i = 100; i < 100 + n; i++) await whole.measure('submission', () => submit(i));
    const bareLedger = new Ledger(meter);
    for (let i = 100; i < 100 + n; i++) await bareLedger.measure('bare INSERT', () => bare(i));

    const per = (c: Cell) => ({
      statements: round(c.statements / n, 2),
      nodeMs: round(c.nodeUs / 1000 / n, 3),
      ...(backend === 'postgres' ? { backendMs: round(c.backendNs / 1e6 / n, 3) } : {}),
    });
    const total = whole.parts.get('submission')!;
    const inStatements = [...ledger.parts.values()].reduce(
      (a, c) => ({ statements: a.statements + c.statements, nodeUs: a.nodeUs + c.nodeUs, backendNs: a.backendNs + c.backendNs }),
      { statements: 0, nodeUs: 0, backendNs: 0 },
    );
    const remainder: Cell = {
      statements: 0,
      nodeUs: total.nodeUs - inStatements.nodeUs - ledger.overheadUs,
      backendNs: total.backendNs - inStatements.backendNs,
    };
    // The submissions' own CPU: without what measuring their statements cost.
    total.nodeUs -= ledger.overheadUs;
    const parts = [...ledger.parts.entries()].sort((a, b) => b[1].nodeUs * 1000 + b[1].backendNs - (a[1].nodeUs * 1000 + a[1].backendNs));
    return {
      backend,
      submissions: n,
      submissionTotal: { ...per(total), statements: round(inStatements.statements / n, 2) },
      measuringOverheadNodeMs: round(ledger.overheadUs / 1000 / n, 3),
      bareInsertTotal: per(bareLedger.parts.get('bare INSERT')!),
      parts: Object.fromEntries(parts.map(([k, c]) => [k, per(c)])),
      outsideStatements: {
        ...per(remainder),
        note: backend === 'postgres' ? 'service JavaScript, pool, BEGIN and COMMIT' : 'service JavaScript, BEGIN and COMMIT',
      },
    };
  } finally {
    await services.deps.jobs.stop();
    await inner.close();
    await cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}
