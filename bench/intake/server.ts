// The intake benchmark's server process: Parapet built exactly as `parapet start` builds it (src/cli/start.ts),
// plus a bare route `POST /bench/insert` that does one INSERT into the benchmark's own table on the same
// database, and (with BENCH_PROFILE=1) a statement profiler read at `GET /bench/profile`. BENCH_NO_WORKERS=1
// leaves the job workers off (mail is then only queued), BENCH_PG_POOL=n sizes the PostgreSQL pool,
// BENCH_YIELD=1 makes every transaction first yield to the event loop: all for experiments, not for the
// figures of record.
//
//   node --import tsx bench/intake/server.ts      (configuration from the environment, as `parapet start`)
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemSession } from '../../src/access/system.ts';
import { commonPasswordList } from '../../src/auth/common-passwords.ts';
import { ensureFirstAdministrator } from '../../src/cli/first-admin.ts';
import { openConfigured } from '../../src/cli/open.ts';
import { assertTransportSecurity } from '../../src/cli/start.ts';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { raw, sql, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { startReportSweeper } from '../../src/domain/reports/timers.ts';
import { startInboxWorker } from '../../src/domain/reports/inbox-worker.ts';
import { buildApp } from '../../src/http/app.ts';
import { SubmissionBody } from '../../src/http/routes/report-intake.ts';
import { outboxTransport, smtpTransport } from '../../src/mail/transport.ts';
import { createServices } from '../../src/services.ts';
import path from 'node:path';
import { BARE_TABLE } from './seed.ts';
import { profiled, type Profiler } from './profile.ts';

const config = loadConfig(process.env);
assertTransportSecurity(config);
// BENCH_PG_POOL (experiments only): the PostgreSQL pool size, instead of the default `parapet start` uses.
const pool = Number(process.env.BENCH_PG_POOL ?? 0);
const opened: Database =
  pool > 0 && config.databaseUrl ? await openPostgres(config.databaseUrl, { max: pool }) : await openConfigured(config);
let profiler: Profiler | undefined;
let db = opened;
if (process.env.BENCH_PROFILE === '1') ({ db, profiler } = profiled(opened));
if (process.env.BENCH_YIELD === '1') db = yieldingTransactions(db);

await migrate(db);
await ensureFirstAdministrator(systemSession('first-run'), db, systemClock, (text) => process.stderr.write(text));
const outboxDir = path.join(config.dataDir, 'outbox');
const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : outboxTransport(outboxDir);
const services = createServices({
  db,
  clock: systemClock,
  mail: { transport, publicUrl: config.publicUrl, outboxDir, from: config.mailFrom },
});
commonPasswordList();
const app = await buildApp(config, services, { logger: { level: config.logLevel } });
if (process.env.BENCH_NO_WORKERS !== '1') await services.deps.jobs.startWorkers({ pollingIntervalSeconds: 2 });

// The bare route: the same body schema and the same hooks (session, security settings, CSRF) as the intake
// route, then one INSERT. What the intake costs beyond this is its own work.
app.post('/bench/insert', { schema: { body: SubmissionBody } }, async (request: FastifyRequest, reply: FastifyReply) => {
  const b = request.body as { title: string; description: string; productId: number; contactEmail?: string };
  const rows = await services.deps.db.query<{ id: string }>(sql`
    INSERT INTO ${raw(BARE_TABLE)} (title, description, product_id, contact_email, ip, at)
    VALUES (${b.title}, ${b.description}, ${b.productId}, ${b.contactEmail ?? null}, ${request.clientIp}, ${systemClock.now()})
    RETURNING id::text AS id`);
  return reply.code(201).send({ id: rows[0]!.id });
});
// Server-side latency (from the request's arrival to the response's end) of the intake route, to tell time
// spent queueing in the server from time spent elsewhere: GET /bench/latency.
const started = new WeakMap<FastifyRequest, number>();
const serverMs: number[] = [];
app.addHook('onRequest', (request, _reply, done) => {
  started.set(request, performance.now());
  done();
});
app.addHook('onResponse', (request, _reply, done) => {
  const t0 = started.get(request);
  if (t0 !== undefined && request.url === '/api/reports') serverMs.push(performance.now() - t0);
  done();
});
app.get('/bench/latency', () => {
  const sorted = [...serverMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
  return { requests: sorted.length, p50Ms: at(50), p99Ms: at(99), maxMs: at(100) };
});
// Submissions stored but not yet built into reports (the inbox worker's backlog): GET /bench/backlog.
app.get('/bench/backlog', async () => {
  const b = await services.reports.intake.backlog(systemSession('bench'));
  return { pending: b.pending, failing: b.failing };
});
if (profiler) {
  const p = profiler;
  app.get('/bench/profile', () => p.snapshot());
  app.post('/bench/profile/reset', () => {
    p.reset();
    return { ok: true };
  });
}

/**
 * Every transaction, once it holds the connection, first lets the event loop run once. With PGlite, queued
 * transactions otherwise run back to back as one chain of microtasks, and the server accepts no connection
 * and reads no request until the queue is empty (the experiment behind a proposed change to src/db/pglite.ts).
 */
function yieldingTransactions(inner: Database): Database {
  return {
    ...inner,
    transaction: (fn) =>
      inner.transaction(async (tx) => {
        await new Promise((resolve) => setImmediate(resolve));
        return fn(tx);
      }),
  };
}

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(1);
  stopping = true;
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  await app.close();
  await sweeper.stop();
  await inboxWorker.stop();
  await services.deps.jobs.stop();
  await opened.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

await app.listen({ port: config.port, host: config.host });
const sweeper = startReportSweeper(systemSession('report-timers'), services.deps, app.log);
const inboxWorker = startInboxWorker(systemSession('report-inbox'), services.reports.intake, app.log);
