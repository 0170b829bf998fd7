// Personal API tokens through HTTP: shown once and stored as SHA-256 only, used with Authorization: Bearer
// (no cookie, so no Origin needed), scopes enforced (read: safe methods only), expired and revoked tokens
// refused, and a token can neither re-authenticate nor make sensitive changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { HOUR, TEST_PASSWORD, createUser, openTestApp, sha256, tableText } from './support.ts';

interface Created {
  token: string;
  info: { id: number; name: string; scopes: string[]; expiresAt: string; revokedAt: string | null };
}

describe(`personal API tokens (${backendName})`, () => {
  let t: TestApp;
  let owner: Actor;

  beforeAll(async () => {
    t = await openTestApp();
    await createUser(t, 'token-owner', { email: 'owner@example.org' });
    owner = await t.signIn('token-owner');
  });
  afterAll(async () => t?.close());

  async function create(name: string, scopes: string[], expiresInDays = 30): Promise<Created> {
    const res = await t.request(owner, { method: 'POST', url: '/api/me/tokens', payload: { name, scopes, expiresInDays } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Created>();
  }
  const bearer = (token: string, options: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object }) =>
    t.app.inject({ ...options, headers: { authorization: `Bearer ${token}` } });

  it('is shown once: the list and the database hold only its SHA-256', async () => {
    const created = await create('ci script', ['read']);
    expect(created.token).toMatch(/^ppt_[A-Za-z0-9_-]{40,}$/);
    expect(created.info).toMatchObject({ name: 'ci script', scopes: ['read'], revokedAt: null });
    const list = await t.request(owner, { url: '/api/me/tokens' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    expect(list.body).not.toContain(sha256(created.token));
    expect(list.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(created.info.id);

    const rows = await t.database.db.query<{ token_hash: string }>(sql`SELECT token_hash FROM api_tokens WHERE id = ${created.info.id}`);
    expect(rows[0]!.token_hash).toBe(sha256(created.token));
    expect(await tableText(t, 'api_tokens')).not.toContain(created.token);
    expect(await tableText(t, 'api_tokens')).not.toContain(created.token.slice(4));
  });

  it('Authorization: Bearer acts as the owner, with no cookie and no Origin', async () => {
    const { token } = await create('writer', ['read', 'write']);
    const me = await bearer(token, { url: '/api/session' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: 'token-owner' } });
    expect(me.cookies).toEqual([]);
    const write = await bearer(token, { method: 'POST', url: '/api/me/email/verification' });
    expect(write.statusCode, write.body).toBe(200);
  });

  it('a read-scoped token may read but not change anything (403 token_scope)', async () => {
    const { token } = await create('reader', ['read']);
    expect((await bearer(token, { url: '/api/me/tokens' })).statusCode).toBe(200);
    expectError(await bearer(token, { method: 'POST', url: '/api/me/email/verification' }), 403, 'token_scope');
    expectError(await bearer(token, { method: 'DELETE', url: '/api/me/sessions' }), 403, 'token_scope');
    const before = await tableText(t, 'api_tokens');
    const own = (await t.request(owner, { url: '/api/me/tokens' })).json<{ items: { id: number }[] }>();
    expectError(await bearer(token, { method: 'DELETE', url: `/api/me/tokens/${own.items[0]!.id}` }), 403, 'token_scope');
    expect(await tableText(t, 'api_tokens')).toBe(before);
  });

  it('an expired token is refused with 401', async () => {
    const { token } = await create('short-lived', ['read'], 1);
    expect((await bearer(token, { url: '/api/me/tokens' })).statusCode).toBe(200);
    t.clock.advance(24 * HOUR - 1000);
    expect((await bearer(token, { url: '/api/me/tokens' })).statusCode).toBe(200);
    t.clock.advance(1000);
    expectError(await bearer(token, { url: '/api/me/tokens' }), 401, 'unauthenticated');
    // The owner's cookie session expired meanwhile too; sign in again for the tests that follow.
    owner = await t.signIn('token-owner');
  });

  it('a revoked token is refused with 401', async () => {
    const created = await create('to revoke', ['read', 'write']);
    const revoke = await t.request(owner, { method: 'DELETE', url: `/api/me/tokens/${created.info.id}` });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expectError(await bearer(created.token, { url: '/api/me/tokens' }), 401, 'unauthenticated');
    const listed = (await t.request(owner, { url: '/api/me/tokens' })).json<{ items: { id: number; revokedAt: string | null }[] }>();
    expect(listed.items.find((i) => i.id === created.info.id)!.revokedAt).not.toBeNull();
  });

  it('unknown or malformed tokens are refused with 401', async () => {
    expectError(await bearer('ppt_' + 'A'.repeat(43), { url: '/api/me/tokens' }), 401, 'unauthenticated');
    expectError(await t.app.inject({ url: '/api/me/tokens', headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthenticated');
  });

  it('a token cannot re-authenticate, nor make changes that need a recent password proof', async () => {
    const { token } = await create('full', ['read', 'write']);
    expectError(
      await bearer(token, { method: 'POST', url: '/api/session/reauthenticate', payload: { password: TEST_PASSWORD } }),
      401,
      'unauthenticated',
    );
    expectError(
      await bearer(token, { method: 'POST', url: '/api/me/tokens', payload: { name: 'minted', scopes: ['write'], expiresInDays: 30 } }),
      403,
      'reauthentication_required',
    );
    expectError(
      await bearer(token, { method: 'PUT', url: '/api/me/email', payload: { email: 'thief@example.org' } }),
      403,
      'reauthentication_required',
    );
    expectError(await bearer(token, { method: 'POST', url: '/api/me/mfa/totp' }), 403, 'reauthentication_required');
    const names = (await t.request(owner, { url: '/api/me/tokens' })).json<{ items: { name: string }[] }>().items.map((i) => i.name);
    expect(names).not.toContain('minted');
  });

  it("a token keeps working when its owner's account is locked after failed sign-ins (the lock stops guessing only)", async () => {
    const { token } = await create('lock check', ['read']);
    await t.database.db.query(sql`UPDATE users SET locked_at = ${t.clock.now()} WHERE id = ${owner.userId!}`);
    try {
      const res = await bearer(token, { url: '/api/me/tokens' });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await t.database.db.query(sql`UPDATE users SET locked_at = NULL WHERE id = ${owner.userId!}`);
    }
  });
});
