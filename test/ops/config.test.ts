// Configuration by environment variables (defaults, accepted values, and errors that name the variable and
// the accepted form), the `start` command refusing a bad configuration, and client IP resolution.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { sql } from '../../src/db/database.ts';
import { ipInList, normaliseIp, parseCidrList, resolveClientIp } from '../../src/http/client-ip.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { killChildren, runCli, STACK_LINE } from './support.ts';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

function problemOf(env: Record<string, string>, variable: string): string {
  const found = problemsOf(env).find((p) => p.variable === variable);
  if (!found) throw new Error(`no problem reported for ${variable}`);
  return found.message;
}

describe('configuration', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'parapet-config-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('has the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl.href).toBe('http://127.0.0.1:8080/');
    expect(c.trustProxy).toBe(false);
    expect(c.logLevel).toBe('info');
  });

  it('treats empty values as unset', () => {
    const c = loadConfig({
      PORT: '',
      HOST: '',
      PARAPET_DATA_DIR: '',
      DATABASE_URL: '',
      PARAPET_PUBLIC_URL: '',
      TRUST_PROXY: '',
      LOG_LEVEL: '',
    });
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', databaseUrl: undefined, trustProxy: false, logLevel: 'info' });
  });

  it('PORT: accepts 0 to 65535, refuses anything else', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ PORT: '3000' }).publicUrl.href).toBe('http://127.0.0.1:3000/');
    for (const bad of ['65536', '-1', '80.5', 'http', ' 80', '1e3']) {
      expect(problemOf({ PORT: bad }, 'PORT')).toMatch(/whole number from 0 to 65535 \(default 8080\)/);
    }
  });

  it('HOST: accepts IP addresses and host names, refuses anything else', () => {
    for (const ok of ['0.0.0.0', '::', '::1', '192.168.1.20', 'localhost', 'parapet.internal']) {
      expect(loadConfig({ HOST: ok }).host).toBe(ok);
    }
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '81' }).publicUrl.href).toBe('http://127.0.0.1:81/');
    expect(loadConfig({ HOST: '::1', PORT: '81' }).publicUrl.href).toBe('http://[::1]:81/');
    for (const bad of ['256.1.1.1', 'http://x', '[::1]', 'a b', '-bad.example', '1.2.3']) {
      expect(problemOf({ HOST: bad }, 'HOST')).toMatch(/not a host name or IP address.*\(default 127\.0\.0\.1\)/);
    }
  });

  it('PARAPET_DATA_DIR: any directory path, resolved; a file in its place is refused', async () => {
    expect(loadConfig({ PARAPET_DATA_DIR: 'some/where' }).dataDir).toBe(path.resolve('some/where'));
    expect(loadConfig({ PARAPET_DATA_DIR: scratch }).dataDir).toBe(scratch);
    const file = path.join(scratch, 'a-file');
    await writeFile(file, 'x');
    expect(problemOf({ PARAPET_DATA_DIR: file }, 'PARAPET_DATA_DIR')).toMatch(
      /is not a directory; expected a directory path \(default \.\/data\)/,
    );
    // Unused with DATABASE_URL, so not checked then.
    expect(loadConfig({ PARAPET_DATA_DIR: file, DATABASE_URL: 'postgres://u@db/parapet' }).databaseUrl).toBe('postgres://u@db/parapet');
  });

  it('DATABASE_URL: postgres:// or postgresql:// URLs; the value (which may hold a password) is not echoed', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/parapet' }).databaseUrl).toBe(
      'postgres://postgres@127.0.0.1:5432/parapet',
    );
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/x' }).databaseUrl).toBe('postgresql://u:p@db/x');
    for (const bad of ['mysql://u:secret@db/x', 'not a url secret', 'postgres:///x']) {
      const message = problemOf({ DATABASE_URL: bad }, 'DATABASE_URL');
      expect(message).toMatch(/expected postgres:\/\/user\[:password\]@host\[:port\]\/database, or unset for the embedded database/);
      expect(message).not.toContain('secret');
    }
  });

  it('PARAPET_PUBLIC_URL: an http(s) address without query, fragment or credentials', () => {
    expect(loadConfig({ PARAPET_PUBLIC_URL: 'https://security.example.com' }).publicUrl.origin).toBe('https://security.example.com');
    expect(loadConfig({ PARAPET_PUBLIC_URL: 'https://example.com/parapet/' }).publicUrl.pathname).toBe('/parapet/');
    for (const bad of [
      'ftp://example.com',
      'example.com',
      'https://example.com/?a=1',
      'https://example.com/#x',
      'https://u:p@example.com',
    ]) {
      expect(problemOf({ PARAPET_PUBLIC_URL: bad }, 'PARAPET_PUBLIC_URL')).toMatch(
        /expected the http:\/\/ or https:\/\/ address people use to reach Parapet/,
      );
    }
  });

  it('TRUST_PROXY: off, or a comma-separated list of IPs and CIDR ranges', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'OFF' }).trustProxy).toBe(false);
    const list = loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8' }).trustProxy;
    expect(list && list.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual(['10.0.0.1/32', '192.168.0.0/16', '::1/128', 'fd00::/8']);
    for (const bad of ['on', 'true', '10.0.0.1,', '10.0.0.0/33', '10', '0x0a.0.0.1', '300.1.1.1', 'fd00::/129', '10.0.0.0/abc']) {
      expect(problemOf({ TRUST_PROXY: bad }, 'TRUST_PROXY')).toMatch(
        /expected "off" \(the default\) or a comma-separated list of IP addresses or CIDR ranges/,
      );
    }
  });

  it('LOG_LEVEL: one of the pino levels, any case', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(problemOf({ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL')).toBe(
      '"verbose" is not a log level; expected one of fatal, error, warn, info, debug, trace, silent (default info).',
    );
  });

  it('reports every bad variable at once, in one error naming each', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', TRUST_PROXY: 'yes' });
    expect(problems.map((p) => p.variable)).toEqual(['PORT', 'TRUST_PROXY', 'LOG_LEVEL']);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/^PORT: "x" is not a port/);
  });
});

describe('parapet start with a bad configuration', () => {
  afterEach(() => killChildren());

  const cases: [string, string, RegExp][] = [
    ['PORT', '99999', /PORT: "99999" is not a port; expected a whole number from 0 to 65535/],
    ['HOST', 'bad host', /HOST: "bad host" is not a host name or IP address/],
    ['PARAPET_DATA_DIR', '/dev/null', /PARAPET_DATA_DIR: "\/dev\/null" exists and is not a directory; expected a directory path/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL: uses "mysql:"; expected postgres:\/\/user/],
    ['PARAPET_PUBLIC_URL', 'ftp://x', /PARAPET_PUBLIC_URL: "ftp:\/\/x" must have no query.*expected the http:\/\/ or https:\/\/ address/],
    ['TRUST_PROXY', '10.0.0.0/40', /TRUST_PROXY: "10\.0\.0\.0\/40" is not an IP address or CIDR range; expected "off"/],
    ['LOG_LEVEL', 'chatty', /LOG_LEVEL: "chatty" is not a log level; expected one of fatal, error/],
  ];

  it('exits non-zero naming the variable and the accepted form, without a stack trace', async () => {
    const unused = path.join(tmpdir(), `parapet-never-created-${process.pid}`);
    const results = await Promise.all(
      cases.map(([variable, value]) => runCli(['start'], { env: { PARAPET_DATA_DIR: unused, [variable]: value } })),
    );
    results.forEach((r, i) => {
      const [, , pattern] = cases[i]!;
      expect(r.code).toBe(78);
      expect(r.stderr).toMatch(/^parapet: configuration error:\n/);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stdout).toBe('');
    });
    // Refused before anything was opened or created.
    expect(existsSync(unused)).toBe(false);
  });
});

describe('client IP resolution', () => {
  const trusted = parseCidrList('10.0.0.0/8,192.168.1.1,fd00::/8');

  it('uses the socket address when TRUST_PROXY is off, ignoring X-Forwarded-For', () => {
    expect(resolveClientIp('198.51.100.7', '203.0.113.5', false)).toBe('198.51.100.7');
    expect(resolveClientIp('10.0.0.2', '203.0.113.5', false)).toBe('10.0.0.2');
  });

  it('ignores X-Forwarded-For from a socket that is not a trusted proxy', () => {
    expect(resolveClientIp('198.51.100.7', '203.0.113.5', trusted)).toBe('198.51.100.7');
    expect(resolveClientIp('198.51.100.7', '10.0.0.9', trusted)).toBe('198.51.100.7');
  });

  it('walks X-Forwarded-For from the right past trusted proxies', () => {
    expect(resolveClientIp('10.0.0.2', '203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(resolveClientIp('10.0.0.2', '203.0.113.5, 192.168.1.1, 10.4.4.4', trusted)).toBe('203.0.113.5');
    // A client cannot choose its address by prepending entries: the rightmost untrusted hop wins.
    expect(resolveClientIp('10.0.0.2', '1.1.1.1, 203.0.113.5, 10.4.4.4', trusted)).toBe('203.0.113.5');
    expect(resolveClientIp('fd00::1', '2001:db8::5', trusted)).toBe('2001:db8::5');
  });

  it('handles IPv4-mapped IPv6 sockets and hops', () => {
    expect(resolveClientIp('::ffff:10.0.0.2', '::ffff:203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(ipInList('::ffff:10.1.2.3', trusted)).toBe(true);
  });

  it('stops at a malformed hop and uses the last trustworthy address', () => {
    expect(resolveClientIp('10.0.0.2', '203.0.113.5, not-an-ip', trusted)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', 'not-an-ip, 10.0.0.7', trusted)).toBe('10.0.0.7');
    // Loose IPv4 forms are not addresses.
    expect(resolveClientIp('10.0.0.2', '10', trusted)).toBe('10.0.0.2');
  });

  it('uses the leftmost hop when every hop is a trusted proxy, and the socket when the header is empty', () => {
    expect(resolveClientIp('10.0.0.2', '10.0.0.3, 10.0.0.4', trusted)).toBe('10.0.0.3');
    expect(resolveClientIp('10.0.0.2', '', trusted)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', undefined, trusted)).toBe('10.0.0.2');
  });
});

describe(`client IP in requests (${backendName})`, () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    [direct, proxied] = await Promise.all([createTestApp(), createTestApp({ config: { trustProxy: parseCidrList('10.0.0.0/8') } })]);
    await Promise.all([direct.createUser('root', { isAdmin: true }), proxied.createUser('root', { isAdmin: true })]);
  });
  afterAll(async () => {
    await Promise.all([direct?.close(), proxied?.close()]);
  });

  async function signInIp(t: TestApp, remoteAddress: string, forwardedFor: string): Promise<string | null> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { username: 'root', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    // The sign-in's audit event(s) carry the client IP the request was given.
    const rows = await t.database.db.query<{ ip: string | null }>(sql`
      SELECT DISTINCT ip FROM audit_events WHERE request_id = ${String(res.headers['x-request-id'])}`);
    expect(rows).toHaveLength(1);
    return rows[0]!.ip;
  }

  it('records the socket address when TRUST_PROXY is off', async () => {
    expect(await signInIp(direct, '10.1.2.3', '203.0.113.9')).toBe('10.1.2.3');
  });

  it('records the forwarded client when the socket is a trusted proxy, and ignores the header otherwise', async () => {
    expect(await signInIp(proxied, '10.1.2.3', '203.0.113.9, 10.0.0.7')).toBe('203.0.113.9');
    expect(await signInIp(proxied, '198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
  });
});
