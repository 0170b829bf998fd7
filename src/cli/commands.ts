// The command implementations. The command line acts as the System user (it is run by whoever operates the
// server and can read its data directory anyway).
import { randomBytes } from 'node:crypto';
import { systemSession } from '../access/system.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { countAdministrators } from '../domain/users/repository.ts';
import { createServices } from '../services.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { startServer } from './start.ts';

export interface CommandInput {
  args: string[];
  username: string | undefined;
  json: boolean;
}

type Command = (input: CommandInput) => Promise<number>;

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (end with Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function table(rows: Record<string, unknown>[], columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))].join('\n');
}

export const commands: Record<string, Command> = {
  async start() {
    await startServer(loadConfig());
    return -1;
  },

  async migrate() {
    const applied = await withDatabase((db) => migrate(db));
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
    return 0;
  },

  async 'admin create'({ username }) {
    if (!username) {
      process.stderr.write('parapet admin create: --username NAME is required; the password is read from stdin.\n');
      return 2;
    }
    const password = await readStdin();
    return withDatabase(async (db) => {
      const services = createServices({ db, clock: systemClock });
      try {
        const user = await services.users.create(systemSession('cli'), { username, password, isAdmin: true });
        process.stdout.write(`Created administrator ${user.username} (id ${user.id}).\n`);
        return 0;
      } catch (err) {
        const fields = (err as { fields?: { field: string; message: string }[] }).fields;
        process.stderr.write(`parapet admin create: ${(err as Error).message}\n`);
        if (fields?.length) for (const f of fields) process.stderr.write(`  ${f.field}: ${f.message}\n`);
        return 1;
      }
    });
  },

  async 'users list'({ json }) {
    return withDatabase(async (db) => {
      const services = createServices({ db, clock: systemClock });
      const { rows } = await services.users.list(systemSession('cli'), { limit: 1_000_000, offset: 0 });
      const out = rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, email: u.email, isAdmin: u.is_admin, disabled: u.disabled }));
      process.stdout.write(json ? `${JSON.stringify(out)}\n` : `${table(out, ['id', 'username', 'displayName', 'email', 'isAdmin', 'disabled'])}\n`);
      return 0;
    });
  },

  async 'groups list'({ json }) {
    return withDatabase(async (db) => {
      const services = createServices({ db, clock: systemClock });
      const { rows } = await services.groups.list(systemSession('cli'), { kinds: ['builtin', 'custom'], limit: 1_000_000, offset: 0 });
      const out = rows.map((g) => ({ id: g.id, kind: g.kind, name: g.name, userMembers: g.user_member_count, groupMembers: g.group_member_count }));
      process.stdout.write(json ? `${JSON.stringify(out)}\n` : `${table(out, ['id', 'kind', 'name', 'userMembers', 'groupMembers'])}\n`);
      return 0;
    });
  },

  async backup({ args }) {
    const file = args[0];
    if (!file) {
      process.stderr.write('parapet backup FILE: name the file to write.\n');
      return 2;
    }
    const config = loadConfig();
    const summary = await backupDatabase(config, file);
    process.stdout.write(`Backup written to ${file} (${summary.tables} tables, ${summary.rows} rows).\n`);
    return 0;
  },

  async restore({ args }) {
    const file = args[0];
    if (!file) {
      process.stderr.write('parapet restore FILE: name the backup file to read.\n');
      return 2;
    }
    const config = loadConfig();
    const summary = await restoreDatabase(config, file);
    process.stdout.write(`Restored ${summary.rows} rows in ${summary.tables} tables from ${file}.\n`);
    return 0;
  },
};

/** First start with no administrator: create `admin` with a random one-time password, shown once on stderr. */
export async function ensureFirstAdministrator(db: Database): Promise<void> {
  const s = systemSession('first-run');
  if ((await countAdministrators(s, db)) > 0) return;
  const password = randomBytes(18).toString('base64url');
  const services = createServices({ db, clock: systemClock });
  await services.users.create(s, { username: 'admin', password, isAdmin: true, displayName: 'Administrator' });
  process.stderr.write(
    `\nParapet created the administrator account "admin" with this one-time password:\n\n    ${password}\n\nSign in and change it now. It is not shown again.\n\n`,
  );
}
