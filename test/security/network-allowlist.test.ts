// The per-user sign-in network allowlist holds on every request, not only at sign-in: a cookie session
// that already exists is ended when it is used from outside the allowed networks, and an API token used
// from outside is refused like an invalid one; both are security events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { TEST_PASSWORD, actorFrom, createUser, isSignedIn, openTestApp, setSignInPolicy, signInRaw } from './support.ts';

const INSIDE = '198.51.100.20';
const ALSO_INSIDE = '198.51.100.21';
const OUTSIDE = '203.0.113.5';

describe(`sign-in network allowlist on every request (${backendName})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  const securityEvents = (action: string, userId: number) =>
    t.database.db.query<{ ip: string }>(sql`
      SELECT ip FROM audit_events WHERE action = ${action} AND target_id = ${String(userId)} AND category = 'security' ORDER BY id`);

  it('a session made before the allowlist is ended when used from another network', async () => {
    const id = await createUser(t, 'allow-cookie');
    const res = await signInRaw(t, 'allow-cookie', TEST_PASSWORD, { ip: INSIDE });
    expect(res.statusCode, res.body).toBe(200);
    const session: Actor = actorFrom(res, 'allow-cookie', INSIDE);
    // Ordinary users' sessions are not bound to their IP: another address is fine while no allowlist is set.
    expect(await isSignedIn(t, session, OUTSIDE)).toBe(true);

    await setSignInPolicy(t, id, { allowedNetworks: ['198.51.100.0/24'] });
    expect(await isSignedIn(t, session, ALSO_INSIDE)).toBe(true);

    const outside = await t.request(session, { url: '/api/me/sessions', remoteAddress: OUTSIDE });
    expectError(outside, 401, 'unauthenticated');
    expect(outside.cookies.find((c) => c.name === '__Host-parapet')?.value).toBe('');
    // Ended, not just refused: it does not work from inside again either.
    expect(await isSignedIn(t, session, INSIDE)).toBe(false);
    expect(await t.database.db.query(sql`SELECT id FROM sessions WHERE user_id = ${id}`)).toEqual([]);
    expect((await securityEvents('session.ended_network_refused', id)).map((e) => e.ip)).toEqual([OUTSIDE]);
  });

  it('an API token is refused from another network, like an invalid token, and keeps working inside', async () => {
    const id = await createUser(t, 'allow-token');
    const owner = await t.signIn('allow-token', TEST_PASSWORD, { ip: INSIDE });
    const created = await t.request(owner, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'ci', scopes: ['read'], expiresInDays: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json<{ token: string }>().token;
    const use = (ip: string) => t.app.inject({ url: '/api/me/tokens', remoteAddress: ip, headers: { authorization: `Bearer ${token}` } });
    expect((await use(OUTSIDE)).statusCode).toBe(200);

    await setSignInPolicy(t, id, { allowedNetworks: ['198.51.100.0/24'] });
    // A refused use does not count as a use: "last used" stays where the last accepted request left it.
    const lastUsed = async () =>
      (
        await t.database.db.query<{ at: Date | null }>(sql`SELECT last_used_at AS at FROM api_tokens WHERE user_id = ${id}`)
      )[0]!.at?.getTime();
    const usedBefore = await lastUsed();
    t.clock.advance(5 * 60_000);
    const refused = expectError(await use(OUTSIDE), 401, 'unauthenticated');
    expect(await lastUsed()).toBe(usedBefore);
    const invalid = expectError(
      await t.app.inject({
        url: '/api/me/tokens',
        remoteAddress: OUTSIDE,
        headers: { authorization: 'Bearer ppt_not-a-real-token-at-all' },
      }),
      401,
      'unauthenticated',
    );
    expect(refused.error.message).toBe(invalid.error.message);
    expect((await use(INSIDE)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(t.clock.now().getTime());
    expect((await securityEvents('api_token.network_refused', id)).map((e) => e.ip)).toEqual([OUTSIDE]);
  });
});
