// How the command line reports a failure: one or a few plain lines for a person, never a stack trace for
// something the operator can fix (bad configuration, unreachable database, bad input, damaged backup).
import { ConfigError } from '../config.ts';
import { AppError } from '../errors/catalog.ts';
import { BackupFileError, RestoreError } from './backup-file.ts';

/** A mistake in how the command was called: reported with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A problem the operator can fix, already worded for them. */
export class OperatorError extends Error {
  override name = 'OperatorError';
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening at that address',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  '28P01': 'the password was refused',
  '28000': 'the server refused the connection for this user',
  '3D000': 'the database does not exist',
  '57P03': 'the server is starting up or shutting down',
};

/** The text of an error, including AggregateError (whose own message is often empty). */
export function errorText(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return err.errors.map(errorText).join('; ');
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  if (err instanceof AggregateError) return err.errors.map(errorCode).find(Boolean);
  return undefined;
}

/** Wraps a failure to open the database into a message that says which setting to look at. */
export function databaseOpenError(err: unknown, target: { databaseUrl: string | undefined; dataDir: string }): Error {
  if (target.databaseUrl) {
    let where = 'the PostgreSQL server';
    try {
      const u = new URL(target.databaseUrl);
      where = `PostgreSQL at ${u.hostname || 'localhost'}:${u.port || '5432'}, database "${decodeURIComponent(u.pathname.slice(1)) || '(default)'}"`;
    } catch {
      // loadConfig validated the URL; keep the generic wording.
    }
    const reason = CONNECTION_CODES[errorCode(err) ?? ''] ?? errorText(err);
    return new OperatorError(`cannot connect to ${where} (DATABASE_URL): ${reason}.`);
  }
  return new OperatorError(`cannot open the embedded database in ${target.dataDir} (PARAPET_DATA_DIR): ${errorText(err)}`);
}

export interface Report {
  lines: string[];
  exitCode: number;
}

/** One line for an operator about a failure reported by another process (the server's control channel). */
export function commandErrorText(err: unknown): string {
  if (err instanceof OperatorError || err instanceof BackupFileError || err instanceof RestoreError || err instanceof AppError)
    return err.message;
  return `the server could not do it (${errorText(err)}); its log has the details.`;
}

/** What to print, and the exit code, for an error that reached the top of a command. */
export function reportError(err: unknown, showStack: boolean): Report {
  if (err instanceof ConfigError) {
    return { lines: ['configuration error:', ...err.problems.map((p) => `  ${p.variable}: ${p.message}`)], exitCode: 78 };
  }
  if (err instanceof UsageError) return { lines: [err.message], exitCode: 2 };
  if (err instanceof OperatorError || err instanceof BackupFileError || err instanceof RestoreError || err instanceof AppError) {
    return { lines: [err.message], exitCode: 1 };
  }
  const code = errorCode(err);
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return { lines: [`cannot listen (PORT/HOST): ${errorText(err)}`], exitCode: 1 };
  }
  if (showStack && err instanceof Error && err.stack) return { lines: [err.stack], exitCode: 1 };
  return { lines: [errorText(err), '(set LOG_LEVEL=debug to see where it happened)'], exitCode: 1 };
}
