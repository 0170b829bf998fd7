// What the commands do (loaded only when a command runs, so `parapet --help` and usage errors are quick).
// The command line acts as the System user: it is run by whoever operates the server and can read its
// data directory anyway.
import { systemSession } from '../access/system.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { createServices, type Services } from '../services.ts';
import * as backups from './backup-command.ts';
import { argument, type CommandInput } from './commands.ts';
import { ask, connectToServer } from './control-client.ts';
import { OperatorError, UsageError } from './errors.ts';
import { openConfigured } from './open.ts';
import { unlockUser } from './operations.ts';
import { readPassword } from './password-input.ts';

/** Opens and migrates the configured database, runs fn with the services, then stops and closes everything. */
async function withServices<T>(fn: (services: Services) => Promise<T>): Promise<T> {
  const db = await openConfigured(loadConfig());
  let services: Services | undefined;
  try {
    await migrate(db);
    services = createServices({ db, clock: systemClock });
    return await fn(services);
  } finally {
    await services?.deps.jobs.stop();
    await db.close();
  }
}

/** A row as the listing commands print it: plain values only. */
type PrintedRow = Record<string, string | number | boolean | null>;

function table(rows: PrintedRow[], columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))].join('\n');
}

function print(rows: PrintedRow[], columns: string[], json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows, columns)}\n`);
}

const ALL = 1_000_000_000;

export async function migrateCommand(): Promise<number> {
  const db = await openConfigured(loadConfig());
  try {
    const applied = await migrate(db);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
    return 0;
  } finally {
    await db.close();
  }
}

export async function adminCreateCommand({ username }: CommandInput): Promise<number> {
  if (!username) throw new UsageError('admin create needs --username NAME (the password is read from stdin).');
  loadConfig();
  const password = await readPassword(`Password for ${username}: `);
  return withServices(async (services) => {
    const user = await services.users.create(systemSession('cli'), { username, password, isAdmin: true });
    process.stdout.write(`Created administrator ${user.username} (id ${user.id}).\n`);
    return 0;
  });
}

export async function usersListCommand({ json }: CommandInput): Promise<number> {
  return withServices(async (services) => {
    const { rows } = await services.users.list(systemSession('cli'), { limit: ALL, offset: 0 });
    const out = rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      email: u.email,
      isAdmin: u.is_admin,
      disabled: u.disabled,
      createdAt: u.created_at.toISOString(),
    }));
    print(out, ['id', 'username', 'displayName', 'email', 'isAdmin', 'disabled'], json);
    return 0;
  });
}

export async function groupsListCommand({ json }: CommandInput): Promise<number> {
  return withServices(async (services) => {
    const { rows } = await services.groups.list(systemSession('cli'), { kinds: ['builtin', 'custom'], limit: ALL, offset: 0 });
    const out = rows.map((g) => ({
      id: g.id,
      kind: g.kind,
      name: g.name,
      description: g.description,
      userMembers: g.user_member_count,
      groupMembers: g.group_member_count,
    }));
    print(out, ['id', 'kind', 'name', 'userMembers', 'groupMembers'], json);
    return 0;
  });
}

export async function backupCommand({ args, encrypt }: CommandInput): Promise<number> {
  return backups.backupCommand(loadConfig(), argument(args), encrypt);
}

export async function restoreCommand({ args, yes }: CommandInput): Promise<number> {
  return backups.restoreCommand(loadConfig(), argument(args), yes);
}

/** Lifts a sign-in lock: through the running server on the embedded database, otherwise directly. */
export async function usersUnlockCommand({ args }: CommandInput): Promise<number> {
  const username = argument(args);
  const config = loadConfig();
  const socket = config.databaseUrl ? undefined : await connectToServer(config.dataDir);
  if (socket) {
    const { response, body } = await ask(socket, { command: 'users unlock', username });
    body.destroy();
    if (!response.ok) throw new OperatorError(response.error);
    if (!('message' in response)) throw new OperatorError('the running server answered the unlock request with something else.');
    process.stdout.write(`${response.message}\n`);
    return 0;
  }
  return withServices(async (services) => {
    process.stdout.write(`${await unlockUser(systemSession('cli'), services, username)}\n`);
    return 0;
  });
}
