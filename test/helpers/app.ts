// An in-process Parapet for API tests: a fresh database, the real services and routes, a manual clock,
// and helpers to create users and act as them through HTTP (fastify.inject).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { outboxTransport } from '../../src/mail/transport.ts';
import { systemSession } from '../../src/access/system.ts';
import { ManualClock } from '../../src/clock.ts';
import { buildApp, type AppConfig } from '../../src/http/app.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const ORIGIN = 'http://127.0.0.1:8080';
export const TEST_PASSWORD = 'correct horse battery staple 42';

export interface Actor {
  /** The session cookie header value, or undefined for anonymous. */
  cookie: string | undefined;
  userId: number | undefined;
  username: string | undefined;
  /** The client IP the actor signed in from; its requests come from there unless told otherwise. */
  ip?: string;
}

export const anonymous: Actor = { cookie: undefined, userId: undefined, username: undefined };

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: ManualClock;
  database: TestDatabase;
  /** The folder mail is written to (no SMTP in tests). */
  outboxDir: string;
  /**
   * Builds the reports of submissions waiting in the inbox (as the inbox worker would), runs pending jobs,
   * then returns every mail written so far, oldest first (full text, not redacted).
   */
  mails(): Promise<ParsedMail[]>;
  /** Builds every submission waiting in the report inbox (as the inbox worker would); returns how many. */
  buildInbox(): Promise<number>;
  /** Sends a request as `actor` (state-changing requests carry a same-origin Origin header). */
  request(actor: Actor, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Creates a user directly through the services (as System) and returns its id. */
  createUser(username: string, options?: { isAdmin?: boolean; password?: string }): Promise<number>;
  /** Signs in through the API (from `ip`, default 127.0.0.1) and returns the actor. */
  signIn(username: string, password?: string, options?: { ip?: string }): Promise<Actor>;
  /** Proves the actor's password again (sensitive changes need a proof within 10 minutes). */
  reauthenticate(actor: Actor, password?: string): Promise<void>;
  /** Creates a user and signs in as them. */
  actor(username: string, options?: { isAdmin?: boolean; ip?: string }): Promise<Actor>;
  close(): Promise<void>;
}

export const TEST_CONFIG: AppConfig = {
  publicUrl: new URL(ORIGIN),
  trustProxy: false,
  developerIps: [],
  logLevel: 'silent',
};

export async function createTestApp(options: { config?: Partial<AppConfig>; clock?: ManualClock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = options.clock ?? new ManualClock();
  const outboxDir = await mkdtemp(path.join(tmpdir(), 'parapet-outbox-'));
  const services = createServices({
    db: database.db,
    clock,
    mail: { transport: outboxTransport(outboxDir), publicUrl: new URL(ORIGIN), outboxDir },
  });
  const app = await buildApp({ ...TEST_CONFIG, ...options.config }, services, { logger: false });
  await app.ready();

  const request = (actor: Actor, opts: InjectOptions) => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
    if (actor.cookie) headers.cookie = actor.cookie;
    const method = (opts.method ?? 'GET').toUpperCase();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !('origin' in headers)) headers.origin = ORIGIN;
    return app.inject({ ...(actor.ip ? { remoteAddress: actor.ip } : {}), ...opts, headers });
  };

  const createUser: TestApp['createUser'] = async (username, o = {}) => {
    const u = await services.users.create(systemSession('test'), {
      username,
      password: o.password ?? TEST_PASSWORD,
      isAdmin: o.isAdmin ?? false,
    });
    return u.id;
  };

  const signIn: TestApp['signIn'] = async (username, password = TEST_PASSWORD, o = {}) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
      ...(o.ip ? { remoteAddress: o.ip } : {}),
    });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === '__Host-parapet');
    if (!cookie) throw new Error('no session cookie');
    const body = res.json<{ user: { id: number } }>();
    return { cookie: `${cookie.name}=${cookie.value}`, userId: body.user.id, username, ...(o.ip ? { ip: o.ip } : {}) };
  };

  const inboxBuilder = systemSession('test-inbox');
  const buildInbox = async () => {
    let n = 0;
    while (await services.reports.intake.buildNext(inboxBuilder)) n += 1;
    return n;
  };

  return {
    app,
    services,
    clock,
    database,
    request,
    createUser,
    signIn,
    async reauthenticate(actor, password = TEST_PASSWORD) {
      const res = await request(actor, { method: 'POST', url: '/api/session/reauthenticate', payload: { password } });
      if (res.statusCode !== 200) throw new Error(`re-authentication of ${actor.username} failed: ${res.statusCode} ${res.body}`);
    },
    async actor(username, o = {}) {
      await createUser(username, o);
      return signIn(username, TEST_PASSWORD, { ip: o.ip });
    },
    outboxDir,
    buildInbox,
    async mails() {
      await buildInbox();
      await services.deps.jobs.runPending();
      const names = (await readdir(outboxDir)).filter((n) => n.endsWith('.eml')).sort();
      return Promise.all(names.map(async (n) => await simpleParser(await readFile(path.join(outboxDir, n)))));
    },
    async close() {
      await app.close();
      await services.deps.jobs.stop();
      await database.close();
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}
