// Configuration from environment variables, validated once at start.
// A bad value stops the process with a message that names the variable and the accepted form.
import path from 'node:path';
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
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function readPort(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return 8080;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError('PORT', `"${raw}" is not a port; expected a whole number from 0 to 65535 (default 8080).`);
  }
  return Number(raw);
}

function readHost(env: NodeJS.ProcessEnv): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(raw)) {
    throw new ConfigError('HOST', `"${raw}" is not a host name or IP address (default 127.0.0.1).`);
  }
  return raw;
}

function readDatabaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL; expected postgres://user[:password]@host[:port]/database, or unset for the embedded database.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `uses "${url.protocol}"; expected postgres://user[:password]@host[:port]/database, or unset for the embedded database.`);
  }
  return raw;
}

function readPublicUrl(env: NodeJS.ProcessEnv, host: string, port: number): URL {
  const raw = env.PARAPET_PUBLIC_URL;
  if (raw === undefined || raw === '') {
    const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    return new URL(`http://${h === '0.0.0.0' ? '127.0.0.1' : h}:${port}`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PARAPET_PUBLIC_URL', `"${raw}" is not a URL; expected the address people use to reach Parapet, such as https://security.example.com.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
    throw new ConfigError('PARAPET_PUBLIC_URL', `"${raw}" must be an http:// or https:// origin with an optional path, no query, fragment or credentials.`);
  }
  return url;
}

function readCidrs(env: NodeJS.ProcessEnv, name: string, offWord: boolean): CidrList | false {
  const raw = env[name];
  if (raw === undefined || raw === '' || (offWord && raw.toLowerCase() === 'off')) return false;
  try {
    return parseCidrList(raw);
  } catch (err) {
    throw new ConfigError(name, `${(err as Error).message}; expected a comma-separated list of IP addresses or CIDR ranges such as 10.0.0.1,192.168.0.0/16${offWord ? ', or "off"' : ''}.`);
  }
}

function readLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL;
  if (raw === undefined || raw === '') return 'info';
  if (!LOG_LEVELS.includes(raw as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${raw}" is not a log level; expected one of ${LOG_LEVELS.join(', ')}.`);
  }
  return raw as LogLevel;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = readPort(env);
  const host = readHost(env);
  return {
    port,
    host,
    dataDir: path.resolve(env.PARAPET_DATA_DIR || './data'),
    databaseUrl: readDatabaseUrl(env),
    publicUrl: readPublicUrl(env, host, port),
    trustProxy: readCidrs(env, 'TRUST_PROXY', true),
    logLevel: readLogLevel(env),
    developerIps: readCidrs(env, 'PARAPET_DEVELOPER_IPS', false) || [],
  };
}
