// Opening the configured database from the command line, with a failure to connect worded for a person.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { databaseOpenError } from './errors.ts';

export async function openConfigured(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  try {
    return await openDatabase(config);
  } catch (err) {
    throw databaseOpenError(err, config);
  }
}
