// "Staff must use a second factor" covers everyone who reads non-public reports on the team side: members
// (direct or nested) of a product's security team or incident-manager group, and collaborators on a report.
// Derived on every request, for cookie sessions and API tokens: joining restricts the next request to
// setting up a second factor, leaving ends the restriction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSession } from '../../src/access/system.ts';
import type { Actor, TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { adminApi, expectError } from '../helpers/factories.ts';
import { createProduct, submission, submitAnonymously } from '../helpers/reports.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { TEST_PASSWORD, createUser, enrolTotp, openTestApp, reauthenticate, setSettings, signInRaw } from './support.ts';

const system = systemSession('test');

describe(`second factor for readers of non-public reports (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let product: { id: number; teamGroupId: number };
  let imGroupId: number;
  let report: { id: number };

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.actor('mfa-readers-admin', { isAdmin: true });
    // The setting covers the administrator too.
    await enrolTotp(t, admin);
    product = await createProduct(t, 'Readers product');
    imGroupId = (await t.services.groups.create(system, { name: 'Readers incident managers' })).id;
    await t.services.products.update(system, product.id, { incidentManagerGroupId: imGroupId });
    report = await submitAnonymously(t, submission(product.id));
    await t.buildInbox();
    await setSettings(t, { requireMfaForStaff: true });
  });
  afterAll(async () => t?.close());

  const next = async (actor: Actor) => (await t.request(actor, { url: '/api/session' })).json<{ next: string }>().next;
  const acknowledgedAt = async () => {
    const res = await t.request(admin, { url: `/api/reports/${report.id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ acknowledgedAt: string | null }>().acknowledgedAt;
  };

  it('a team member without a second factor cannot acknowledge an embargoed report, and is asked to set one up', async () => {
    const nested = (await t.services.groups.create(system, { name: 'Readers nested team' })).id;
    await t.services.groups.addGroup(system, product.teamGroupId, nested);
    const id = await createUser(t, 'readers-member');
    await t.services.groups.addUser(system, nested, id);

    const signIn = await signInRaw(t, 'readers-member', TEST_PASSWORD);
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(signIn.json()).toMatchObject({ next: 'enrol_second_factor' });
    const member = await t.signIn('readers-member');
    expect(await next(member)).toBe('enrol_second_factor');
    expectError(await t.request(member, { method: 'POST', url: `/api/reports/${report.id}/acknowledge` }), 403, 'mfa_enrollment_required');
    expectError(await t.request(member, { url: `/api/reports/${report.id}` }), 403, 'mfa_enrollment_required');
    expect(await acknowledgedAt()).toBeNull();

    // Setting up the second factor lifts the restriction; the setting then keeps it from being turned off.
    const { secret } = await enrolTotp(t, member);
    expect(await next(member)).toBe('done');
    expect((await reauthenticate(t, member, totpCode(secret, t.clock.now()))).statusCode).toBe(200);
    expect(expectError(await t.request(member, { method: 'DELETE', url: '/api/me/mfa' }), 409, 'conflict').error.message).toMatch(
      /non-public reports/,
    );
  });

  it('joining a team restricts the next request, of a session and of an API token; leaving ends it', async () => {
    const id = await createUser(t, 'readers-joiner');
    const joiner = await t.signIn('readers-joiner');
    const created = await t.request(joiner, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'ci', scopes: ['read'], expiresInDays: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json<{ token: string }>().token;
    const viaToken = () => t.app.inject({ url: '/api/reports', headers: { authorization: `Bearer ${token}` } });
    expect(await next(joiner)).toBe('done');
    expect((await viaToken()).statusCode).toBe(200);

    await t.services.groups.addUser(system, imGroupId, id);
    expect(await next(joiner)).toBe('enrol_second_factor');
    expectError(await t.request(joiner, { url: '/api/reports' }), 403, 'mfa_enrollment_required');
    expectError(await viaToken(), 403, 'mfa_enrollment_required');

    await t.services.groups.removeUser(system, imGroupId, id);
    expect(await next(joiner)).toBe('done');
    expect((await viaToken()).statusCode).toBe(200);
  });

  it('covers collaborators on a report while they are collaborators', async () => {
    const id = await createUser(t, 'readers-collaborator');
    const collaborator = await t.signIn('readers-collaborator');
    const api = adminApi(t, admin);
    const invite = await api.call('POST', `/api/reports/${report.id}/members`, { username: 'readers-collaborator', role: 'collaborator' });
    expect(invite.statusCode, invite.body).toBe(200);
    expect(await next(collaborator)).toBe('enrol_second_factor');
    expectError(await t.request(collaborator, { url: `/api/reports/${report.id}` }), 403, 'mfa_enrollment_required');

    const removed = await api.call('DELETE', `/api/reports/${report.id}/members/${id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await next(collaborator)).toBe('done');
  });

  it('does not cover users who read no team-side reports, nor anyone while the setting is off', async () => {
    const outsider = await t.actor('readers-outsider');
    expect(await next(outsider)).toBe('done');
    expect((await t.request(outsider, { url: '/api/reports' })).statusCode).toBe(200);

    const id = await createUser(t, 'readers-off');
    await t.services.groups.addUser(system, product.teamGroupId, id);
    const member = await t.signIn('readers-off');
    expect(await next(member)).toBe('enrol_second_factor');
    await setSettings(t, { requireMfaForStaff: false });
    try {
      expect(await next(member)).toBe('done');
      const ack = await t.request(member, { method: 'POST', url: `/api/reports/${report.id}/acknowledge` });
      expect(ack.statusCode, ack.body).toBe(200);
    } finally {
      await setSettings(t, { requireMfaForStaff: true });
    }
  });
});
