// Passwords through HTTP: the first-run administrator with a one-time password that must be changed before
// anything else is reachable; every refusal of a new password says why (in the error's fields); long and
// Unicode passwords are accepted whole (no truncation, NFKC); the configurable minimum length and the
// optional composition rules apply once an administrator sets them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import { ensureFirstAdministrator } from '../../src/cli/first-admin.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { expectError } from '../helpers/factories.ts';
import { TEST_PASSWORD, actorFrom, createUser, openTestApp, setSettings, signInRaw } from './support.ts';

const STRONG = 'Tangerine observatory 4821 mosaic';

describe(`passwords over HTTP (${backendName})`, () => {
  let t: TestApp;
  let n = 0;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  const change = (actor: Actor, newPassword: string, currentPassword = TEST_PASSWORD) =>
    t.request(actor, { method: 'POST', url: '/api/me/password', payload: { currentPassword, newPassword } });

  async function freshUser(email?: string): Promise<{ name: string; actor: Actor }> {
    n += 1;
    const name = `pw-user-${n}`;
    await createUser(t, name, { email });
    return { name, actor: await t.signIn(name, TEST_PASSWORD, { ip: `10.100.0.${n}` }) };
  }

  it('first run: a one-time password for "admin", which must be changed before anything else', async () => {
    const printed: string[] = [];
    const oneTime = await ensureFirstAdministrator(systemSession('first-run'), t.database.db, t.clock, (text) => printed.push(text));
    expect(oneTime).toBeDefined();
    expect(printed.join('')).toContain(oneTime!);
    expect(await ensureFirstAdministrator(systemSession('first-run'), t.database.db, t.clock, () => {})).toBeUndefined();
    for (const guess of ['admin', 'password', 'changeme', 'parapet'])
      expectError(await signInRaw(t, 'admin', guess, { ip: '10.101.0.1' }), 401, 'sign_in_failed');

    const res = await signInRaw(t, 'admin', oneTime!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userType: 'administrator', next: 'change_password' });
    const admin = actorFrom(res, 'admin');
    expect((await t.request(admin, { url: '/api/session' })).json()).toMatchObject({ next: 'change_password' });
    for (const url of ['/api/users', '/api/groups', '/api/admin/security-settings', '/api/me/sessions']) {
      expectError(await t.request(admin, { url }), 403, 'password_change_required');
    }
    expectError(
      await t.request(admin, { method: 'POST', url: '/api/groups', payload: { name: 'Too early' } }),
      403,
      'password_change_required',
    );
    expectError(
      await t.request(admin, { method: 'POST', url: '/api/me/tokens', payload: { name: 'x', scopes: ['read'], expiresInDays: 1 } }),
      403,
      'password_change_required',
    );

    expectError(await change(admin, oneTime!, oneTime), 400, 'validation');
    expect((await change(admin, STRONG, oneTime)).statusCode).toBe(200);
    expect((await t.request(admin, { url: '/api/session' })).json()).toMatchObject({ next: 'done' });
    expect((await t.request(admin, { url: '/api/users' })).statusCode).toBe(200);
    expectError(await signInRaw(t, 'admin', oneTime!, { ip: '10.101.0.2' }), 401, 'sign_in_failed');
  });

  it.each([
    ['too short', 'Short 7!x', /at least 12 characters/],
    ['a common password', 'password1234', /commonly used/],
    ['containing the username', 'my pw-user-X is the best 9041', /username/],
    ['containing the e-mail address', 'writes to solveig.marsh every day', /e-mail/],
    ['too easy to guess', 'abcabcabcabcabc1', /easy to guess/],
  ])('refuses a new password %s, and says why', async (_what, candidate, reason) => {
    const u = await freshUser(`solveig.marsh${n + 1}@example.org`);
    const password = candidate.replace('pw-user-X', u.name).replace('solveig.marsh', `solveig.marsh${n}`);
    const body = expectError(await change(u.actor, password), 400, 'validation');
    expect(body.error.fields.length).toBeGreaterThanOrEqual(1);
    expect(body.error.fields.every((f) => f.field === 'newPassword')).toBe(true);
    expect(body.error.fields.map((f) => f.message).join(' ')).toMatch(reason);
    expect((await signInRaw(t, u.name, TEST_PASSWORD, { ip: '10.102.0.1' })).statusCode).toBe(200);
  });

  it('accepts a long password whole: no truncation', async () => {
    const u = await freshUser();
    const long = `${'Glacier harmonica 73 '.repeat(14)}end`; // 297 characters
    expect((await change(u.actor, long)).statusCode).toBe(200);
    expectError(await signInRaw(t, u.name, long.slice(0, 72), { ip: '10.103.0.1' }), 401, 'sign_in_failed');
    expectError(await signInRaw(t, u.name, long.slice(0, -1), { ip: '10.103.0.1' }), 401, 'sign_in_failed');
    expect((await signInRaw(t, u.name, long, { ip: '10.103.0.2' })).statusCode).toBe(200);
  });

  it('accepts any Unicode characters, compared after NFKC normalisation', async () => {
    const u = await freshUser();
    const unicode = 'Ωmega ﬁeld 灯台 lantern ☂ 9041';
    expect((await change(u.actor, unicode)).statusCode).toBe(200);
    expect((await signInRaw(t, u.name, 'Ωmega field 灯台 lantern ☂ 9041', { ip: '10.104.0.1' })).statusCode).toBe(200);
    expect((await signInRaw(t, u.name, unicode, { ip: '10.104.0.2' })).statusCode).toBe(200);
  });

  it('the minimum length set by an administrator applies to password changes and new accounts', async () => {
    const admin = await t.actor('pw-admin', { isAdmin: true });
    const u = await freshUser();
    const patch = await t.request(admin, { method: 'PATCH', url: '/api/admin/security-settings', payload: { passwordMinLength: 20 } });
    expect(patch.statusCode, patch.body).toBe(200);
    try {
      const body = expectError(await change(u.actor, 'Quartz falcon 7712 ok'.slice(0, 19)), 400, 'validation');
      expect(body.error.fields.map((f) => f.message).join(' ')).toMatch(/at least 20 characters/);
      expect((await change(u.actor, 'Quartz falcon 7712 okapi')).statusCode).toBe(200);
      const create = await t.request(admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'pw-new', password: 'Quartz falcon 7712' },
      });
      expect(expectError(create, 400, 'validation').error.fields.map((f) => f.field)).toEqual(['password']);
    } finally {
      await setSettings(t, { passwordMinLength: 12 });
    }
  });

  it('composition rules are off by default and apply when an administrator turns them on', async () => {
    const relaxed = await freshUser();
    const strict = await freshUser();
    expect((await change(relaxed.actor, 'orchard lantern quietly sings')).statusCode).toBe(200);
    await setSettings(t, { passwordComposition: true });
    try {
      const body = expectError(await change(strict.actor, 'orchard lantern quietly hums'), 400, 'validation');
      const reasons = body.error.fields.map((f) => f.message).join(' ');
      expect(reasons).toMatch(/upper-case and lower-case/);
      expect(reasons).toMatch(/digits and letters/);
      expect((await change(strict.actor, 'Orchard lantern quietly hums 42')).statusCode).toBe(200);
    } finally {
      await setSettings(t, { passwordComposition: false });
    }
  });
});
