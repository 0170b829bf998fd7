// The commands of `parapet`: names, arguments, options and one-line summaries (for parsing and the usage
// text). Their implementations are loaded only when a command runs.
import { loadConfig } from '../config.ts';

export interface CommandInput {
  /** The command's own positional arguments (after the command words). */
  args: string[];
  username: string | undefined;
  /** `start --admin-username NAME`: the first administrator's name (overrides PARAPET_ADMIN_USERNAME). */
  adminUsername?: string | undefined;
  json: boolean;
  jsonl: boolean;
  /** backup: encrypt with a passphrase. */
  encrypt: boolean;
  /** restore: do not ask for confirmation. */
  yes: boolean;
}

/** A positional argument of a command (main.ts has checked that each of them was given). */
export function argument(args: readonly string[], index = 0): string {
  const arg = args[index];
  if (arg === undefined) throw new Error(`Internal error: positional argument ${index + 1} is missing.`);
  return arg;
}

export type OptionName = 'username' | 'admin-username' | 'json' | 'jsonl' | 'encrypt' | 'yes';

export interface Command {
  /** The command words, e.g. "users list". */
  name: string;
  /** Names of the positional arguments, in order (all required). */
  args: string[];
  options: OptionName[];
  /** An option that, when given, replaces the positional arguments (e.g. --jsonl reads them from stdin). */
  argsUnless?: OptionName;
  summary: string;
  /** Resolves to the exit code, or to undefined when the process keeps running (start). */
  run(input: CommandInput): Promise<number | undefined>;
}

const actions = () => import('./actions.ts');

export const commands: Command[] = [
  {
    name: 'start',
    args: [],
    options: ['admin-username'],
    summary: 'start the server (migrates first; creates the first administrator, "admin" unless named; stops cleanly on SIGTERM/SIGINT)',
    async run(input) {
      const env = input.adminUsername === undefined ? process.env : { ...process.env, PARAPET_ADMIN_USERNAME: input.adminUsername };
      const config = loadConfig(env);
      const { startServer } = await import('./start.ts');
      await startServer(config);
      return undefined;
    },
  },
  {
    name: 'migrate',
    args: [],
    options: [],
    summary: 'apply pending database migrations',
    run: async () => (await actions()).migrateCommand(),
  },
  {
    name: 'admin create',
    args: [],
    options: ['username'],
    summary: 'create an administrator; the password is read from stdin',
    run: async (input) => (await actions()).adminCreateCommand(input),
  },
  {
    name: 'users list',
    args: [],
    options: ['json'],
    summary: 'list users (--json: JSON for scripts)',
    run: async (input) => (await actions()).usersListCommand(input),
  },
  {
    name: 'groups list',
    args: [],
    options: ['json'],
    summary: 'list built-in and custom groups (--json: JSON for scripts)',
    run: async (input) => (await actions()).groupsListCommand(input),
  },
  {
    name: 'users unlock',
    args: ['NAME'],
    options: [],
    summary: 'lift the sign-in lock of user NAME (also while the server runs)',
    run: async (input) => (await actions()).usersUnlockCommand(input),
  },
  {
    name: 'backup',
    args: ['FILE'],
    options: ['encrypt'],
    summary: 'write a backup of the whole database to FILE, also while the server runs (--encrypt: with a passphrase)',
    run: async (input) => (await actions()).backupCommand(input),
  },
  {
    name: 'restore',
    args: ['FILE'],
    options: ['yes'],
    summary: "replace the database's contents with the backup in FILE; asks first (--yes: does not ask; stop the server first)",
    run: async (input) => (await actions()).restoreCommand(input),
  },
  {
    name: 'cvss',
    args: ['VECTOR'],
    options: ['jsonl'],
    argsUnless: 'jsonl',
    summary: 'score a CVSS 2.0/3.0/3.1/4.0 vector, as JSON (--jsonl: one vector a line from stdin)',
    run: async (input) => (input.jsonl ? (await import('./cvss.ts')).cvssLinesCommand() : (await import('./cvss.ts')).cvssCommand(input)),
  },
];
