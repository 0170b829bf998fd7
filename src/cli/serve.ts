// The running server (`parapet start`, after start.ts opened the database): migrate, build the app, listen,
// start the background work, and shut down gracefully on SIGTERM/SIGINT: stop accepting connections, let
// in-flight requests finish (new requests on open connections get 503), then close the database cleanly and
// exit 0. A second signal, or a shutdown that takes longer than SHUTDOWN_TIMEOUT_MS, exits at once with code 1.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { systemSession } from '../access/system.ts';
import { warmCommonPasswordList } from '../auth/common-passwords.ts';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { startEmbeddedMaintenance } from '../db/embedded-maintenance.ts';
import { migrate } from '../db/migrate.ts';
import { describeRepair, type PermissionRepair } from '../db/private-files.ts';
import type { MailDeps } from '../deps.ts';
import { startInboxWorker, type InboxWorker } from '../domain/reports/inbox-worker.ts';
import { startReportSweeper } from '../domain/reports/timers.ts';
import { buildApp } from '../http/app.ts';
import { outboxTransport, smtpTransport } from '../mail/transport.ts';
import { warmUpMarkdownRenderer } from '../markdown/render.ts';
import { createServices, type Services } from '../services.ts';
import { startTeamKeyProvisioning } from '../settings/first-team-key.ts';
import { reportInvalidSettingsTo } from '../settings/repository.ts';
import { startControlChannel, type ControlChannel } from './control-server.ts';
import { ensureFirstAdministrator } from './first-admin.ts';

export const SHUTDOWN_TIMEOUT_MS = 30_000;

function mailDeps(config: Config): MailDeps {
  const outboxDir = path.join(config.dataDir, 'outbox');
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : outboxTransport(outboxDir);
  return { transport, publicUrl: config.publicUrl, outboxDir, from: config.mailFrom };
}

/**
 * Serves Parapet on an open database until a signal ends the process. `repair` is what opening the data
 * directory fixed, logged here once the logger exists. On a failure before listening, closes the database.
 */
export async function serve(config: Config, db: Database, repair: PermissionRepair | undefined): Promise<void> {
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let appServices: Services | undefined;
  try {
    await migrate(db);
    // The first administrator's password hash (Argon2, on libuv's threads) is made while the routes are built.
    const firstAdmin = ensureFirstAdministrator(
      systemSession('first-run'),
      db,
      systemClock,
      (text) => process.stderr.write(text),
      config.adminUsername,
    );
    try {
      appServices = createServices({ db, clock: systemClock, mail: mailDeps(config) });
      app = await buildApp(config, appServices, { logger: { level: config.logLevel }, warmUpRenderer: false });
    } finally {
      await firstAdmin; // its failure is the one to report; it is awaited whether or not building the app failed
    }
    await appServices.deps.jobs.startWorkers({ pollingIntervalSeconds: 2 });
  } catch (err) {
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }
  const server = app;
  const log = server.log;
  const services = appServices;
  reportInvalidSettingsTo((e) =>
    log.warn(
      { setting: e.kind, field: e.field || undefined },
      'a stored setting is not valid; its default is used until an administrator saves the setting again',
    ),
  );
  const repaired = repair && describeRepair(config.dataDir, repair);
  if (repaired) {
    log[repair.failed.length > 0 ? 'error' : 'warn'](
      { dataDir: config.dataDir, fixed: repair.fixed, failed: repair.failed.length },
      `data directory: ${repaired}`,
    );
  }

  let stopping = false;
  // What runs beside the requests, started once listening (a signal may stop the server before any of it runs).
  const background: {
    sweeper?: { stop(): Promise<void> } | undefined; // the report timers, every minute once listening
    inboxWorker?: InboxWorker | undefined; // builds reports of submissions stored during a burst
    maintenance?: { stop(): Promise<void> } | undefined; // ANALYZE and VACUUM for the embedded database
    control?: ControlChannel | undefined; // backup and unlock requests from `parapet` commands (embedded database)
    teamKey?: { stop(): Promise<void> } | undefined; // a fresh installation's team OpenPGP key, made in the background
  } = {};
  // During shutdown every response closes its connection: a keep-alive connection that was busy when the
  // shutdown began would otherwise stay open (idle) until its keep-alive timeout and hold the process up.
  server.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  const stop = async (reason: string, code: number) => {
    if (stopping) {
      log.warn({ signal: reason }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal: reason }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting without closing the database');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      const closing = server.close();
      const sweep = setInterval(() => server.server.closeIdleConnections(), 250);
      try {
        await closing;
      } finally {
        clearInterval(sweep);
      }
      await background.control?.stop();
      await background.sweeper?.stop();
      await background.inboxWorker?.stop();
      await background.maintenance?.stop();
      await background.teamKey?.stop();
      await services.deps.jobs.stop();
      await db.close();
      log.info('stopped; the database was closed cleanly');
      process.exit(code);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    void stop('uncaughtException', 1);
  });
  process.on('unhandledRejection', (err) => {
    log.fatal({ err }, 'unhandled promise rejection');
    void stop('unhandledRejection', 1);
  });

  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (err) {
    await server.close().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }
  // Only this process can open the embedded database, so commands that need it while it runs ask here.
  if (db.kind === 'pglite') {
    background.control = await startControlChannel(systemSession('cli'), { dataDir: config.dataDir, db, services, log }).catch(
      (err: unknown) => {
        log.error({ err }, 'control channel not started (commands such as backup need the server stopped)');
        return undefined;
      },
    );
  }
  const address = server.server.address() as AddressInfo;
  log.info({ address: address.address, port: address.port, publicUrl: config.publicUrl.href, database: db.kind }, 'Parapet is listening');
  // Background work, once requests are served:
  warmUpMarkdownRenderer(); // its worker thread loads jsdom (about a second of a second core)
  background.sweeper = startReportSweeper(systemSession('report-timers'), services.deps, log);
  background.inboxWorker = startInboxWorker(systemSession('report-inbox'), services.reports.intake, log);
  // PGlite runs no autovacuum; a PostgreSQL server does its own.
  if (db.kind === 'pglite') background.maintenance = startEmbeddedMaintenance(db, log);
  // The common-password list (about 0.5 s of CPU) loads in small steps while the server already answers.
  const warmStarted = Date.now();
  void warmCommonPasswordList().then(
    () => log.debug({ ms: Date.now() - warmStarted }, 'common-password list loaded'),
    (err: unknown) => log.error({ err }, 'loading the common-password list failed; the first password check loads it'),
  );
  background.teamKey = startTeamKeyProvisioning(systemSession('first-start'), db, systemClock, config.publicUrl, log);
}
