// Guards decide on the routed path, not on the raw request target. Over a real socket (inject() would
// normalise the target), a request line in absolute form ("GET http://host/api/users HTTP/1.1") or with a
// percent-encoded path ("/%61pi/users") reaches the same route as "/api/users", so it must meet the same
// forced password change, forced second-factor enrolment, HTTPS rule and API cache headers.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import type { TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { TEST_PASSWORD, openTestApp, setSettings, setToken, signInRaw } from './support.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request with exactly this request line and headers over a new TCP connection. */
function rawRequest(port: number, requestLine: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer to ${requestLine}`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const parsed: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        parsed[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: rest.join('\r\n\r\n') });
    });
    const all = { ...headers, connection: 'close' };
    socket.write(
      `${requestLine}\r\n${Object.entries(all)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n\r\n`,
    );
  });
}

const errorId = (a: RawAnswer): string | undefined => {
  const json = /\{.*\}/s.exec(a.body)?.[0];
  try {
    return json ? (JSON.parse(json) as { error?: { id?: string } }).error?.id : undefined;
  } catch {
    return undefined;
  }
};

describe(`guards on the routed path, over a real socket (${backendName})`, () => {
  let t: TestApp;
  let port: number;
  let host: string;

  beforeAll(async () => {
    t = await openTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    host = `127.0.0.1:${port}`;
  });
  afterAll(async () => t?.close());

  async function cookieOf(username: string, options: { isAdmin: boolean; mustChangePassword?: boolean }): Promise<string> {
    await t.services.users.create(systemSession('test'), { username, password: TEST_PASSWORD, ...options });
    const res = await signInRaw(t, username, TEST_PASSWORD, { ip: '127.0.0.1' });
    expect(res.statusCode, res.body).toBe(200);
    return `__Host-parapet=${setToken(res)}`;
  }

  const targets = (path: string) => [path, `http://${host}${path}`, `HTTP://${host}${path}`, path.replace('/api/', '/%61pi/')];

  it('a one-time password must be changed first, whatever the form of the request target', async () => {
    const cookie = await cookieOf('target-first-admin', { isAdmin: true, mustChangePassword: true });
    for (const target of targets('/api/users')) {
      const a = await rawRequest(port, `GET ${target} HTTP/1.1`, { host, cookie });
      expect([target, a.status, errorId(a)]).toEqual([target, 403, 'password_change_required']);
    }
    // The allowed step still works in absolute form.
    const session = await rawRequest(port, `GET http://${host}/api/session HTTP/1.1`, { host, cookie });
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ next: 'change_password' });
  });

  it('a required second factor must be set up first, whatever the form of the request target', async () => {
    await setSettings(t, { requireMfaForStaff: true });
    try {
      const cookie = await cookieOf('target-staff-admin', { isAdmin: true });
      for (const target of targets('/api/users')) {
        const a = await rawRequest(port, `GET ${target} HTTP/1.1`, { host, cookie });
        expect([target, a.status, errorId(a)]).toEqual([target, 403, 'mfa_enrollment_required']);
      }
    } finally {
      await setSettings(t, { requireMfaForStaff: false });
    }
  });

  it('API answers are never cacheable, whatever the form of the request target', async () => {
    for (const target of targets('/api/disclosure-policy')) {
      const a = await rawRequest(port, `GET ${target} HTTP/1.1`, { host });
      expect([target, a.status, a.headers['cache-control']]).toEqual([target, 200, 'no-store']);
    }
  });

  it('with "require HTTPS", an absolute-form API request is refused and a page request redirected with its path', async () => {
    await setSettings(t, { requireHttps: true });
    try {
      const api = await rawRequest(port, `GET http://${host}/api/disclosure-policy HTTP/1.1`, { host });
      expect([api.status, errorId(api)]).toEqual([403, 'https_required']);
      const encoded = await rawRequest(port, `GET /%61pi/disclosure-policy HTTP/1.1`, { host });
      expect([encoded.status, errorId(encoded)]).toEqual([403, 'https_required']);
      const page = await rawRequest(port, `GET http://${host}/groups/12?tab=members HTTP/1.1`, { host, accept: 'text/html' });
      expect(page.status).toBe(301);
      expect(page.headers.location).toBe('https://127.0.0.1:8080/groups/12?tab=members');
    } finally {
      await setSettings(t, { requireHttps: false });
    }
  });
});
