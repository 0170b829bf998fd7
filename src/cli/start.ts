// `parapet start`: open and migrate the database, serve HTTP, and shut down gracefully on SIGTERM/SIGINT
// (stop accepting, let in-flight requests finish, close the database cleanly).
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { buildApp } from '../http/app.ts';
import { createServices } from '../services.ts';
import { ensureFirstAdministrator } from './commands.ts';

export async function startServer(config: Config): Promise<void> {
  const db = await openDatabase(config);
  await migrate(db);
  await ensureFirstAdministrator(db);
  const services = createServices({ db, clock: systemClock });
  const app = await buildApp(config, services, { logger: { level: config.logLevel } });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      await app.close();
      await db.close();
      app.log.info('stopped');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ url: config.publicUrl.href, database: db.kind }, 'Parapet is listening');
}
