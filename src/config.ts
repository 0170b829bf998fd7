// Configuration from environment variables, validated once at start.
// Every bad value is reported (not just the first), each with the variable's name and the accepted form.
import { statSync } from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { cleanUsername } from './domain/users/username.ts';
import { AppError } from './errors/catalog.ts';
import { parseCidrList, type CidrList } from './http/client-ip.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: URL;
  trustProxy: CidrList | false;
  logLevel: LogLevel;
  developerIps: CidrList;
  /** smtp:// or smtps:// URL of the mail server; unset = mail is written to <dataDir>/outbox. */
  smtpUrl: string | undefined;
  /** PARAPET_MAIL_FROM: overrides the From address of Parapet's mail (unset: the contact address of the disclosure settings). */
  mailFrom: string | undefined;
  /** Serve plain HTTP on a non-loopback address (refused at start otherwise). */
  allowInsecureHttp: boolean;
  /** The username of the administrator created at first start (when there is none): PARAPET_ADMIN_USERNAME. */
  adminUsername: string;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }

  /** The first bad variable's name. */
  get variable(): string {
    return this.problems[0]?.variable ?? '';
  }
}

/** Thrown by a reader; collected by loadConfig. */
class Problem extends Error {}

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const DATABASE_URL_FORM = 'expected postgres://user[:password]@host[:port]/database, or unset for the embedded database';
const CIDR_FORM = 'a comma-separated list of IP addresses or CIDR ranges such as 10.0.0.1,192.168.0.0/16';

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8080;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new Problem(`"${raw}" is not a port; expected a whole number from 0 to 65535 (default 8080).`);
  }
  return Number(raw);
}

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

function readHost(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '127.0.0.1';
  const isIpv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(raw) && raw.split('.').every((o) => Number(o) <= 255);
  const isIpv6 = raw.includes(':') && !raw.includes('%') && ipaddr.IPv6.isValid(raw);
  const isName = !/^[\d.]+$/.test(raw) && raw.length <= 253 && raw.split('.').every((l) => HOST_LABEL.test(l));
  if (!isIpv4 && !isIpv6 && !isName) {
    throw new Problem(
      `"${raw}" is not a host name or IP address to listen on; expected for example 127.0.0.1, 0.0.0.0, ::, or localhost (default 127.0.0.1).`,
    );
  }
  return raw;
}

function readDataDir(raw: string | undefined, embedded: boolean): string {
  const dir = path.resolve(raw || './data');
  if (raw?.includes('\0')) throw new Problem('contains a NUL character; expected a directory path (default ./data).');
  if (!embedded) return dir;
  let isFile = false;
  try {
    isFile = !statSync(dir).isDirectory();
  } catch {
    // Missing: created at start.
  }
  if (isFile) throw new Problem(`"${dir}" exists and is not a directory; expected a directory path (default ./data).`);
  return dir;
}

function readDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  // The value is not repeated in messages: it may hold a password.
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Problem(`is not a URL; ${DATABASE_URL_FORM}.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Problem(`uses "${url.protocol}"; ${DATABASE_URL_FORM}.`);
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new Problem(`names no host; ${DATABASE_URL_FORM}.`);
  }
  return raw;
}

function readPublicUrl(raw: string | undefined, host: string, port: number): URL {
  if (raw === undefined || raw === '') {
    const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    const h = local.includes(':') ? `[${local}]` : local;
    return new URL(`http://${h}:${port}`);
  }
  const form =
    'expected the http:// or https:// address people use to reach Parapet, such as https://security.example.com (default http://HOST:PORT).';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Problem(`"${raw}" is not a URL; ${form}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new Problem(`"${raw}" must have no query, fragment or credentials; ${form}`);
  }
  return url;
}

function readCidrs(raw: string | undefined, offWord: boolean): CidrList | false {
  if (raw === undefined || raw.trim() === '' || (offWord && raw.trim().toLowerCase() === 'off')) return false;
  try {
    return parseCidrList(raw);
  } catch (err) {
    throw new Problem(`${(err as Error).message}; expected ${offWord ? `"off" (the default) or ` : ''}${CIDR_FORM}.`);
  }
}

function readLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === '') return 'info';
  const level = raw.toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new Problem(`"${raw}" is not a log level; expected one of ${LOG_LEVELS.join(', ')} (default info).`);
  }
  return level;
}

function readSmtpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Problem(
      'is not a URL; expected smtp://[user:password@]host[:port] or smtps://..., or unset to write mail to the outbox folder.',
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Problem(
      `uses "${url.protocol}"; expected smtp://[user:password@]host[:port] or smtps://..., or unset to write mail to the outbox folder.`,
    );
  }
  return raw;
}

function readMailFrom(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(raw)) {
    throw new Problem(`"${raw}" is not an address; expected security@example.com or "Name <security@example.com>".`);
  }
  return raw;
}

export const DEFAULT_ADMIN_USERNAME = 'admin';

function readAdminUsername(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return DEFAULT_ADMIN_USERNAME;
  try {
    return cleanUsername(raw);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new Problem(`"${raw}" is not a username: it ${err.fields[0]?.message ?? 'is not valid.'} (default ${DEFAULT_ADMIN_USERNAME}).`);
  }
}

function readFlag(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  throw new Problem(`"${raw}" is not a yes/no value; expected true or false (default false).`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: ConfigProblem[] = [];
  function read<T>(variable: string, fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      problems.push({ variable, message: err.message });
      return fallback;
    }
  }
  const port = read('PORT', () => readPort(env.PORT), 8080);
  const host = read('HOST', () => readHost(env.HOST), '127.0.0.1');
  const databaseUrl = read('DATABASE_URL', () => readDatabaseUrl(env.DATABASE_URL), undefined);
  const config: Config = {
    port,
    host,
    dataDir: read('PARAPET_DATA_DIR', () => readDataDir(env.PARAPET_DATA_DIR, !env.DATABASE_URL), ''),
    databaseUrl,
    publicUrl: read('PARAPET_PUBLIC_URL', () => readPublicUrl(env.PARAPET_PUBLIC_URL, host, port), new URL('http://127.0.0.1')),
    trustProxy: read('TRUST_PROXY', () => readCidrs(env.TRUST_PROXY, true), false),
    logLevel: read('LOG_LEVEL', () => readLogLevel(env.LOG_LEVEL), 'info'),
    developerIps: read('PARAPET_DEVELOPER_IPS', () => readCidrs(env.PARAPET_DEVELOPER_IPS, false) || [], []),
    smtpUrl: read('SMTP_URL', () => readSmtpUrl(env.SMTP_URL), undefined),
    mailFrom: read('PARAPET_MAIL_FROM', () => readMailFrom(env.PARAPET_MAIL_FROM), undefined),
    allowInsecureHttp: read('PARAPET_ALLOW_INSECURE_HTTP', () => readFlag(env.PARAPET_ALLOW_INSECURE_HTTP), false),
    adminUsername: read('PARAPET_ADMIN_USERNAME', () => readAdminUsername(env.PARAPET_ADMIN_USERNAME), DEFAULT_ADMIN_USERNAME),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
