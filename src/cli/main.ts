// `parapet` command line: start, migrate, admin create, users list, groups list, backup, restore.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { commands } from './commands.ts';

const USAGE = `Usage: parapet <command>

  start                          start the server (migrates first)
  migrate                        apply pending database migrations
  admin create --username NAME   create an administrator; the password is read from stdin
  users list [--json]            list users
  groups list [--json]           list groups
  backup FILE                    write a backup of the whole database to FILE
  restore FILE                   replace the database's contents with the backup in FILE

Configuration comes from environment variables: PORT, HOST, PARAPET_DATA_DIR, DATABASE_URL,
PARAPET_PUBLIC_URL, TRUST_PROXY, LOG_LEVEL (see README.md).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { username: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const [first, second, ...rest] = positionals;
  if (values.help || !first) {
    process.stdout.write(`${USAGE}\n`);
    return first ? 0 : 2;
  }
  const key = [`${first} ${second ?? ''}`.trim(), first].find((k) => k in commands);
  if (!key) {
    process.stderr.write(`parapet: unknown command "${positionals.join(' ')}"\n\n${USAGE}\n`);
    return 2;
  }
  const args = key.includes(' ') ? rest : [second, ...rest].filter((x): x is string => x !== undefined);
  return commands[key]!({ args, username: values.username, json: values.json ?? false });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`parapet: configuration error: ${err.message}\n`);
      process.exitCode = 78;
      return;
    }
    process.stderr.write(`parapet: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
