// Two Parapet instances serving ONE PostgreSQL database (as behind a load balancer): a session made on
// one works on the other, a membership change on one is seen by the other at its next request, and a
// sign-out on one ends the session everywhere. Nothing an instance needs lives in process memory.
//
// PostgreSQL only (vitest.config.ts leaves this file out of the PGlite pass): the embedded PGlite database
// belongs to a single process, so there is no way to share one between two instances.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINISTRATORS_GROUP_ID } from '../../src/access/session.ts';
import { systemSession } from '../../src/access/system.ts';
import { systemClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { buildApp } from '../../src/http/app.ts';
import { createServices } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { signInOverHttp } from './server-process.ts';

const PASSWORD = 'two instances one database';

interface Instance {
  app: FastifyInstance;
  db: Database;
  base: string;
}

async function startInstance(db: Database): Promise<Instance> {
  const services = createServices({ db, clock: systemClock });
  // The public URL is the instance's own address here (no proxy in front), which the Origin check accepts.
  const app = await buildApp(
    { publicUrl: new URL('http://127.0.0.1:1'), trustProxy: false, developerIps: [], logLevel: 'silent' },
    services,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, db, base: `http://127.0.0.1:${port}` };
}

describe('two instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let one: Instance;
  let two: Instance;
  let ids: { alice: number; group: number; page: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Each instance has its own connection pool, as two processes would.
    one = await startInstance(await openPostgres(database.url!, { max: 3 }));
    two = await startInstance(await openPostgres(database.url!, { max: 3 }));
    const services = createServices({ db: database.db, clock: systemClock });
    const sys = systemSession('test');
    await services.users.create(sys, { username: 'root', password: PASSWORD, isAdmin: true });
    const alice = await services.users.create(sys, { username: 'alice', password: PASSWORD });
    const group = await services.groups.create(sys, { name: 'Responders' });
    const page = await services.pages.create(sys, {
      title: 'Responders only',
      body: 'secret',
      groups: { readGroupId: group.id, editGroupId: ADMINISTRATORS_GROUP_ID, publishGroupId: ADMINISTRATORS_GROUP_ID },
    });
    ids = { alice: alice.id, group: group.id, page: page.row.id };
  });

  afterAll(async () => {
    for (const i of [one, two]) {
      await i?.app.close();
      await i?.db.close();
    }
    await database?.close();
  });

  const get = (i: Instance, path: string, cookie: string) => fetch(`${i.base}${path}`, { headers: { cookie } });
  const send = (i: Instance, method: string, path: string, cookie: string, body?: unknown) =>
    fetch(`${i.base}${path}`, {
      method,
      headers: { cookie, origin: i.base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const sessionUser = async (i: Instance, cookie: string) =>
    ((await (await get(i, '/api/session', cookie)).json()) as { user: { username: string } | null }).user;

  it('a session signed in on one instance is valid on the other', async () => {
    const cookie = await signInOverHttp(one.base, 'alice', PASSWORD);
    expect(await sessionUser(two, cookie)).toMatchObject({ username: 'alice' });
    expect(await sessionUser(one, cookie)).toMatchObject({ username: 'alice' });
  });

  it('a membership change on one instance is seen by the other at its next request', async () => {
    const alice = await signInOverHttp(one.base, 'alice', PASSWORD);
    const root = await signInOverHttp(two.base, 'root', PASSWORD);
    expect((await get(one, `/api/pages/${ids.page}`, alice)).status).toBe(404);

    const add = await send(two, 'POST', `/api/groups/${ids.group}/members/users`, root, { userId: ids.alice });
    expect(add.status).toBe(200);
    const visible = await get(one, `/api/pages/${ids.page}`, alice);
    expect(visible.status).toBe(200);
    expect(((await visible.json()) as { title: string }).title).toBe('Responders only');

    const remove = await send(two, 'DELETE', `/api/groups/${ids.group}/members/users/${ids.alice}`, root);
    expect(remove.status).toBe(200);
    expect((await get(one, `/api/pages/${ids.page}`, alice)).status).toBe(404);
  });

  it('signing out on one instance ends the session on the other', async () => {
    const cookie = await signInOverHttp(two.base, 'alice', PASSWORD);
    expect(await sessionUser(one, cookie)).toMatchObject({ username: 'alice' });
    const out = await send(one, 'DELETE', '/api/session', cookie);
    expect(out.status).toBe(200);
    expect(await sessionUser(two, cookie)).toBeNull();
    expect(await sessionUser(one, cookie)).toBeNull();
  });
});
