// Opening the configured database from the command line (every command, and `start`):
// - a failure to connect is worded for a person, naming the setting to look at;
// - the embedded database is locked for the process that has it open (a `parapet.lock` file holding its
//   pid in PARAPET_DATA_DIR): PGlite must never be opened by two processes at once, so a second `parapet`
//   (say `backup` while `start` is running) is refused with a clear message instead of corrupting data.
//   A lock left by a process that no longer runs is taken over.
// - the data directory is made owner-only first (files left readable by earlier versions are repaired; see
//   src/db/private-files.ts), and the repair is reported.
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { describeRepair, ensurePrivateDir, restrictToOwner, type PermissionRepair } from '../db/private-files.ts';
import { databaseOpenError, OperatorError } from './errors.ts';

export const LOCK_FILE = 'parapet.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await ensurePrivateDir(dataDir);
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new OperatorError(
          `the embedded database in ${dataDir} is in use by another Parapet process (pid ${pid}). ` +
            'Stop it first: the embedded database can be opened by one process at a time (backup and users unlock work ' +
            'while the server runs, through it; with PostgreSQL, DATABASE_URL, every command can run while the server does).',
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new OperatorError(`could not lock the embedded database in ${dataDir} (${LOCK_FILE} keeps reappearing).`);
}

/**
 * Makes the data directory and everything in it owner-only (it may hold files from an earlier version). A
 * missing directory is created owner-only when it is used.
 */
export function secureDataDir(dataDir: string): PermissionRepair {
  return restrictToOwner(dataDir);
}

/** By default a command reports a repair of the data directory on stderr; the server logs it instead. */
const reportOnStderr = (dataDir: string, repair: PermissionRepair) => {
  const text = describeRepair(dataDir, repair);
  if (text) process.stderr.write(`parapet: ${text}\n`);
};

export async function openConfigured(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { onRepair?: (dataDir: string, repair: PermissionRepair) => void } = {},
): Promise<Database> {
  (options.onRepair ?? reportOnStderr)(config.dataDir, secureDataDir(config.dataDir));
  const unlock = config.databaseUrl ? undefined : await lockDataDir(config.dataDir);
  let db: Database;
  try {
    db = await openDatabase(config);
  } catch (err) {
    await unlock?.();
    throw databaseOpenError(err, config);
  }
  if (!unlock) return db;
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        await unlock();
      }
    },
  };
}
