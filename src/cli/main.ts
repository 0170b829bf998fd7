// `parapet` command line: parses the arguments, runs one command, and turns failures into a short message
// on stderr and an exit code (0 ok, 1 failed, 2 bad usage, 78 bad configuration). No stack traces for
// mistakes an operator can fix; LOG_LEVEL=debug or trace shows them for anything unexpected.
import { parseArgs } from 'node:util';
import { OWNER_ONLY_UMASK } from '../db/private-files.ts';
import { commands, type Command, type OptionName } from './commands.ts';
import { reportError, UsageError } from './errors.ts';

// Everything a command creates (data directory, database files, mail, backups, the control socket) is for this
// account only, whatever the shell's umask.
process.umask(OWNER_ONLY_UMASK);

function usage(): string {
  const rows = commands.map((c) => {
    const opts = c.options.map((o) =>
      o === 'username' ? '--username NAME' : o === 'admin-username' ? '[--admin-username NAME]' : `[--${o}]`,
    );
    return [[c.name, ...c.args, ...opts].join(' '), c.summary] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return `Usage: parapet <command>

${rows.map(([left, summary]) => `  ${left.padEnd(width)}${summary}`).join('\n')}

Configuration comes from environment variables: PORT (8080), HOST (127.0.0.1), PARAPET_DATA_DIR (./data),
DATABASE_URL (unset: the embedded database under PARAPET_DATA_DIR), PARAPET_PUBLIC_URL, TRUST_PROXY (off),
LOG_LEVEL (info); PARAPET_ADMIN_USERNAME (admin: the administrator created at first start);
PARAPET_BACKUP_PASSPHRASE (backup encrypts with it, restore decrypts with it). See README.md.`;
}

interface Parsed {
  command: Command;
  args: string[];
  username: string | undefined;
  adminUsername: string | undefined;
  json: boolean;
  jsonl: boolean;
  encrypt: boolean;
  yes: boolean;
}

/** Parses argv into a command and its input; undefined for --help. Throws UsageError. */
function parseCommandLine(argv: string[]): Parsed | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        username: { type: 'string' },
        'admin-username': { type: 'string' },
        json: { type: 'boolean' },
        jsonl: { type: 'boolean' },
        encrypt: { type: 'boolean' },
        yes: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  const { positionals, values } = parsed;
  if (values.help || positionals[0] === 'help') return undefined;
  if (positionals.length === 0) throw new UsageError('no command given.');
  const command = commands.find((c) => c.name === positionals.slice(0, 2).join(' ')) ?? commands.find((c) => c.name === positionals[0]);
  if (!command) throw new UsageError(`unknown command "${positionals.join(' ')}".`);
  const args = positionals.slice(command.name.split(' ').length);
  const expectedArgs = command.argsUnless && values[command.argsUnless] ? [] : command.args;
  if (args.length !== expectedArgs.length) {
    throw new UsageError(
      expectedArgs.length === 0
        ? `"${command.name}${expectedArgs === command.args ? '' : ` --${command.argsUnless}`}" takes no arguments (got "${args.join(' ')}").`
        : `"${command.name}" needs ${command.args.join(' ')}.`,
    );
  }
  for (const name of ['username', 'admin-username', 'json', 'jsonl', 'encrypt', 'yes'] as OptionName[]) {
    if (values[name] !== undefined && !command.options.includes(name)) {
      throw new UsageError(`"${command.name}" has no --${name} option.`);
    }
  }
  return {
    command,
    args,
    username: values.username,
    adminUsername: values['admin-username'],
    json: values.json ?? false,
    jsonl: values.jsonl ?? false,
    encrypt: values.encrypt ?? false,
    yes: values.yes ?? false,
  };
}

async function main(argv: string[]): Promise<number | undefined> {
  const parsed = parseCommandLine(argv);
  if (!parsed) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  return parsed.command.run(parsed);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    const debug = ['debug', 'trace'].includes((process.env.LOG_LEVEL ?? '').toLowerCase());
    const { lines, exitCode } = reportError(err, debug);
    process.stderr.write(`parapet: ${lines.join('\n')}\n`);
    if (err instanceof UsageError) process.stderr.write(`\n${usage()}\n`);
    process.exitCode = exitCode;
  },
);
