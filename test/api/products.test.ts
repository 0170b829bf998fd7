// The product catalogue through the API: the public list (also for anonymous visitors, the default product
// last), administrators creating products with their role groups created and the product's staff group holding
// the security team and the incident managers (checked through the groups API), who may change the catalogue, field errors in the
// one error shape, unknown ids, unique names, version CRUD with release dates, deletion refused for the
// default product and for a product a report names, and the audit events of every change.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/database.ts';
import { anonymous, createTestApp, type Actor, type TestApp } from '../helpers/app.ts';
import { backendName } from '../helpers/db.ts';
import { EVERYONE, adminApi, expectError, type AdminApi } from '../helpers/factories.ts';

/** What a visitor or a non-administrator may do with a product (src/domain/products/policy.ts). */
const READ_ONLY = { read: true, update: false, delete: false, manageVersions: false };

interface VersionJson {
  id: number;
  version: string;
  releasedOn: string | null;
}

interface RoleJson {
  id: number;
  name: string;
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

interface ProductJson {
  id: number;
  name: string;
  description: string;
  isDefault: boolean;
  disclosureDays: number;
  versions: VersionJson[];
  roleGroups?: { team: RoleJson; incidentManagers: RoleJson | null; board: RoleJson | null; technical: RoleJson | null; staff?: RoleJson };
  reportCount?: number;
  createdAt?: string;
  updatedAt?: string;
}

interface AuditJson {
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
}

const DEFAULT_PRODUCT = 1;
const TRIAGE_TEAM = 10;

describe(`products API (${backendName})`, () => {
  let t: TestApp;
  let admin: Actor;
  let member: Actor;
  let api: AdminApi;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.actor('products-admin', { isAdmin: true });
    member = await t.actor('products-member');
    api = adminApi(t, admin);
  });
  afterAll(async () => t?.close());
  // Sessions end after 30 idle minutes; keep the clock moving in small steps.
  beforeEach(async () => {
    t.clock.advance(60_000);
    // Changes in the staff console need a password proof within 10 minutes.
    await t.reauthenticate(admin);
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, actor: Actor = admin) =>
    t.request(actor, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const expectStatus = (res: LightMyRequestResponse, status = 200): LightMyRequestResponse => {
    expect(res.statusCode, res.body).toBe(status);
    return res;
  };
  const create = async (payload: Record<string, unknown>) =>
    expectStatus(await call('POST', '/api/products', payload), 201).json<ProductJson>();
  const auditOf = async (type: string, id: number) =>
    expectStatus(await call('GET', `/api/audit?targetType=${type}&targetId=${id}&limit=100`)).json<{ items: AuditJson[] }>().items;
  const memberGroupIds = async (groupId: number) =>
    expectStatus(await call('GET', `/api/groups/${groupId}/members`))
      .json<{ groups: { id: number }[] }>()
      .groups.map((g) => g.id);

  describe('the public catalogue', () => {
    it('lists the default product to anonymous visitors, without role groups', async () => {
      const items = expectStatus(await call('GET', '/api/products', undefined, anonymous)).json<{ items: ProductJson[] }>().items;
      const other = items.find((p) => p.id === DEFAULT_PRODUCT);
      expect(other).toEqual({
        id: DEFAULT_PRODUCT,
        name: 'Other / not sure',
        description: 'Not sure which product is affected? Choose this: the triage team routes it.',
        isDefault: true,
        disclosureDays: 90,
        versions: [],
        abilities: READ_ONLY,
      });
      expect(expectStatus(await call('GET', `/api/products/${DEFAULT_PRODUCT}`, undefined, anonymous)).json<ProductJson>()).toEqual(other);
    });

    it('lists products by name with their versions, the default product last', async () => {
      const zeta = await create({ name: 'Zeta Server', disclosureDays: 45 });
      const alpha = await create({ name: 'alpha client', description: 'The desktop client.' });
      expectStatus(await call('POST', `/api/products/${alpha.id}/versions`, { version: '1.0', releasedOn: '2025-01-15' }), 201).json();
      expectStatus(await call('POST', `/api/products/${alpha.id}/versions`, { version: '2.0', releasedOn: '2026-02-01' }), 201).json();
      expectStatus(await call('POST', `/api/products/${alpha.id}/versions`, { version: '3.0-beta' }), 201).json();

      for (const actor of [anonymous, member]) {
        const items = expectStatus(await call('GET', '/api/products', undefined, actor)).json<{ items: ProductJson[] }>().items;
        expect(items.map((p) => p.name)).toEqual(['alpha client', 'Zeta Server', 'Other / not sure']);
        const a = items[0]!;
        expect(a).toEqual({
          id: alpha.id,
          name: 'alpha client',
          description: 'The desktop client.',
          isDefault: false,
          disclosureDays: 90,
          versions: [
            { id: expect.any(Number), version: '2.0', releasedOn: '2026-02-01' },
            { id: expect.any(Number), version: '1.0', releasedOn: '2025-01-15' },
            { id: expect.any(Number), version: '3.0-beta', releasedOn: null },
          ],
          abilities: READ_ONLY,
        });
        expect(items[1]).toMatchObject({ id: zeta.id, disclosureDays: 45, versions: [] });
        expect(items[1]).not.toHaveProperty('roleGroups');
      }
    });

    it('answers 404 for an unknown product, also to administrators', async () => {
      expectError(await call('GET', '/api/products/999999', undefined, anonymous), 404, 'not_found');
      expectError(await call('GET', '/api/products/999999'), 404, 'not_found');
      expectError(await call('PATCH', '/api/products/999999', { name: 'Ghost' }), 404, 'not_found');
      expectError(await call('DELETE', '/api/products/999999'), 404, 'not_found');
      expectError(await call('POST', '/api/products/999999/versions', { version: '1' }), 404, 'not_found');
      const body = expectError(await call('GET', '/api/products/0'), 400, 'validation');
      expect(body.error.fields.map((f) => f.field)).toEqual(['id']);
    });
  });

  describe('creating products', () => {
    it('creates the four role groups and the staff group holding the security team and the incident managers', async () => {
      const createdAt = t.clock.now().toISOString();
      const p = await create({ name: '  Widget Cloud  ', description: 'Hosted widgets', disclosureDays: 30 });
      expect(p).toMatchObject({
        name: 'Widget Cloud',
        description: 'Hosted widgets',
        isDefault: false,
        disclosureDays: 30,
        versions: [],
        reportCount: 0,
        createdAt,
        updatedAt: createdAt,
      });
      const roles = p.roleGroups!;
      expect(roles.team.name).toBe('Widget Cloud security team');
      expect(roles.incidentManagers?.name).toBe('Widget Cloud incident managers');
      expect(roles.board?.name).toBe('Widget Cloud board');
      expect(roles.technical?.name).toBe('Widget Cloud technical resources');
      expect(new Set([roles.team.id, roles.incidentManagers!.id, roles.board!.id, roles.technical!.id]).size).toBe(4);

      for (const g of [roles.team, roles.incidentManagers!, roles.board!, roles.technical!]) {
        const group = expectStatus(await call('GET', `/api/groups/${g.id}`)).json<{ id: number; kind: string; name: string }>();
        expect(group).toMatchObject({ id: g.id, kind: 'custom', name: g.name });
      }
      // The role groups stay as they are; the staff group (managed by Parapet) holds the team and the incident managers.
      expect(await memberGroupIds(roles.team.id)).toEqual([]);
      expect(await memberGroupIds(roles.board!.id)).toEqual([]);
      const staff = roles.staff!;
      expect(expectStatus(await call('GET', `/api/groups/${staff.id}`)).json<{ kind: string; name: string }>()).toMatchObject({
        kind: 'product',
        name: 'Staff of Widget Cloud',
      });
      expect(sorted(await memberGroupIds(staff.id))).toEqual(sorted([roles.team.id, roles.incidentManagers!.id]));

      // A member of the incident managers is, through nesting, a member of the staff group (not of the team).
      const manager = await t.createUser('widget-manager');
      await t.reauthenticate(admin);
      await api.addUser(roles.incidentManagers!.id, manager);
      const effective = expectStatus(await call('GET', `/api/users/${manager}/effective-groups`)).json<{
        groups: { id: number; via: string; path: { id: number }[] }[];
      }>().groups;
      expect(effective.find((g) => g.id === roles.team.id)).toBeUndefined();
      expect(effective.find((g) => g.id === staff.id)).toMatchObject({
        via: 'nested',
        path: [{ id: roles.incidentManagers!.id }, { id: staff.id }],
      });

      // The anonymous view of the same product carries no role groups.
      const pub = expectStatus(await call('GET', `/api/products/${p.id}`, undefined, anonymous)).json<ProductJson>();
      expect(Object.keys(pub).sort()).toEqual(['abilities', 'description', 'disclosureDays', 'id', 'isDefault', 'name', 'versions']);
    });

    it('audits the product and each group it created, in one go', async () => {
      const p = await create({ name: 'Audited Product' });
      const events = await auditOf('product', p.id);
      expect(events.map((e) => e.action)).toEqual(['product.created']);
      const roles = p.roleGroups!;
      expect(events[0]!.after).toEqual({
        name: 'Audited Product',
        description: '',
        disclosureDays: 90,
        teamGroupId: roles.team.id,
        incidentManagerGroupId: roles.incidentManagers!.id,
        boardGroupId: roles.board!.id,
        technicalGroupId: roles.technical!.id,
        staffGroupId: roles.staff!.id,
        createdGroups: [roles.team.id, roles.incidentManagers!.id, roles.board!.id, roles.technical!.id],
      });
      expect((await auditOf('group', roles.team.id)).map((e) => e.action)).toEqual(['group.created']);
      expect((await auditOf('group', roles.board!.id)).map((e) => e.action)).toEqual(['group.created']);
    });

    it('uses the role groups it is given and creates only the others', async () => {
      const team = await api.group('Shared platform team');
      const managers = await api.group('Shared incident managers');
      const p = await create({ name: 'Platform API', teamGroupId: team, incidentManagerGroupId: managers });
      expect(p.roleGroups).toMatchObject({
        team: { id: team, name: 'Shared platform team' },
        incidentManagers: { id: managers, name: 'Shared incident managers' },
        board: { name: 'Platform API board' },
        technical: { name: 'Platform API technical resources' },
      });
      expect(await memberGroupIds(team)).toEqual([]);
      expect(sorted(await memberGroupIds(p.roleGroups!.staff!.id))).toEqual(sorted([team, managers]));

      // A second product with the same team has a staff group of its own with the same members.
      const q = await create({
        name: 'Platform CLI',
        teamGroupId: team,
        incidentManagerGroupId: managers,
        boardGroupId: p.roleGroups!.board!.id,
      });
      expect(q.roleGroups!.board!.id).toBe(p.roleGroups!.board!.id);
      expect(q.roleGroups!.staff!.id).not.toBe(p.roleGroups!.staff!.id);
      expect(sorted(await memberGroupIds(q.roleGroups!.staff!.id))).toEqual(sorted([team, managers]));
      expect(await memberGroupIds(team)).toEqual([]);
    });

    it('names role groups so they do not clash with existing groups', async () => {
      await api.group('Gadget security team');
      const p = await create({ name: 'Gadget' });
      expect(p.roleGroups!.team.name).toBe('Gadget security team (2)');
      expect(p.roleGroups!.board!.name).toBe('Gadget board');
    });

    it('refuses role groups that do not exist, are built in or are a staff group; nested role groups are fine', async () => {
      let body = expectError(
        await call('POST', '/api/products', { name: 'Bad roles', teamGroupId: 999999, boardGroupId: EVERYONE }),
        400,
        'validation',
      );
      expect(body.error.fields).toEqual([
        { field: 'teamGroupId', message: 'there is no group with id 999999.' },
        { field: 'boardGroupId', message: expect.stringContaining('"Everyone" is a built-in group') },
      ]);
      const outer = await api.group('Outer managers');
      const inner = await api.group('Inner team');
      await t.reauthenticate(admin);
      await api.nest(outer, inner);
      // The team nested in the incident managers: both are members of the staff group, no cycle is made.
      const nested = await create({ name: 'Nested roles', teamGroupId: inner, incidentManagerGroupId: outer });
      expect(sorted(await memberGroupIds(nested.roleGroups!.staff!.id))).toEqual(sorted([inner, outer]));
      body = expectError(
        await call('POST', '/api/products', { name: 'Staff as team', teamGroupId: nested.roleGroups!.staff!.id }),
        400,
        'validation',
      );
      expect(body.error.fields).toEqual([{ field: 'teamGroupId', message: expect.stringContaining("is a product's staff group") }]);
      // Nothing of the refused products was kept.
      const names = expectStatus(await call('GET', '/api/products'))
        .json<{ items: ProductJson[] }>()
        .items.map((p) => p.name);
      expect(names).not.toContain('Bad roles');
      expect(names).not.toContain('Staff as team');
      expect(expectStatus(await call('GET', '/api/groups?q=bad%20roles')).json<{ total: number }>().total).toBe(0);
    });

    it('refuses a duplicate name, ignoring case and compatibility forms', async () => {
      await create({ name: 'Gizmo Pro' });
      for (const name of ['gizmo pro', 'ＧＩＺＭＯ Pro']) {
        const body = expectError(await call('POST', '/api/products', { name }), 409, 'name_taken');
        expect(body.error.fields).toEqual([{ field: 'name', message: 'is already used by another product.' }]);
      }
      expectError(await call('POST', '/api/products', { name: 'Other / NOT sure' }), 409, 'name_taken');
    });

    it('names each bad field in the error shape', async () => {
      let body = expectError(await call('POST', '/api/products', { name: '   ', description: 'x'.repeat(2001) }), 400, 'validation');
      expect(body.error.fields).toEqual([
        { field: 'name', message: 'must not be empty.' },
        { field: 'description', message: 'must be at most 2000 characters long (it has 2001).' },
      ]);
      body = expectError(await call('POST', '/api/products', { name: 'Days', disclosureDays: 366 }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'disclosureDays', message: 'must be at most 365.' }]);
      body = expectError(await call('POST', '/api/products', { name: 'Days', disclosureDays: -1 }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'disclosureDays', message: 'must be at least 0.' }]);
      body = expectError(await call('POST', '/api/products', { name: 'Days', disclosureDays: '30' }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'disclosureDays', message: 'must be a whole number.' }]);
      body = expectError(await call('POST', '/api/products', { name: 'Line\nbreak' }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'name', message: 'must not contain control characters or line breaks.' }]);
      body = expectError(await call('POST', '/api/products', { name: 'x'.repeat(151) }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'name', message: 'must be at most 150 characters long (it has 151).' }]);
      body = expectError(await call('POST', '/api/products', { name: 'Extra', owner: 'me' }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'owner', message: 'is not a field this endpoint accepts.' }]);
      body = expectError(await call('POST', '/api/products', {}), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'name', message: 'is required.' }]);
      const zero = await create({ name: 'Zero-day product', disclosureDays: 0 });
      expect(zero.disclosureDays).toBe(0);
    });
  });

  describe('who may change the catalogue', () => {
    it('refuses members (403) and anonymous visitors (401), changing nothing', async () => {
      const p = await create({ name: 'Guarded' });
      const attempts: [Actor, number, string][] = [
        [member, 403, 'staff_only'],
        [anonymous, 401, 'unauthenticated'],
      ];
      for (const [actor, status, id] of attempts) {
        expectError(await call('POST', '/api/products', { name: 'Sneaky' }, actor), status, id);
        expectError(await call('PATCH', `/api/products/${p.id}`, { name: 'Renamed' }, actor), status, id);
        expectError(await call('DELETE', `/api/products/${p.id}`, undefined, actor), status, id);
        expectError(await call('POST', `/api/products/${p.id}/versions`, { version: '9' }, actor), status, id);
      }
      const after = expectStatus(await call('GET', `/api/products/${p.id}`)).json<ProductJson>();
      expect(after).toMatchObject({ name: 'Guarded', versions: [] });
      const names = expectStatus(await call('GET', '/api/products'))
        .json<{ items: ProductJson[] }>()
        .items.map((x) => x.name);
      expect(names).not.toContain('Sneaky');
    });
  });

  describe('changing products', () => {
    it('renames, changes the period and the role groups, audited with before and after', async () => {
      const p = await create({ name: 'Sprocket' });
      const newTeam = await api.group('Sprocket core team');
      t.clock.advance(60_000);
      const updatedAt = t.clock.now().toISOString();
      const changed = expectStatus(
        await call('PATCH', `/api/products/${p.id}`, {
          name: 'Sprocket 2',
          disclosureDays: 45,
          teamGroupId: newTeam,
          technicalGroupId: null,
        }),
      ).json<ProductJson>();
      expect(changed).toMatchObject({ name: 'Sprocket 2', disclosureDays: 45, updatedAt, createdAt: p.createdAt });
      expect(changed.roleGroups).toMatchObject({
        team: { id: newTeam },
        incidentManagers: p.roleGroups!.incidentManagers,
        technical: null,
      });
      // The staff group now holds the new team (and still the incident managers); the old team is out.
      expect(await memberGroupIds(newTeam)).toEqual([]);
      expect(sorted(await memberGroupIds(p.roleGroups!.staff!.id))).toEqual(sorted([newTeam, p.roleGroups!.incidentManagers!.id]));

      const events = await auditOf('product', p.id);
      expect(events[0]).toMatchObject({
        action: 'product.updated',
        before: { name: 'Sprocket', disclosureDays: 90, teamGroupId: p.roleGroups!.team.id, technicalGroupId: p.roleGroups!.technical!.id },
        after: {
          name: 'Sprocket 2',
          disclosureDays: 45,
          teamGroupId: newTeam,
          technicalGroupId: null,
          staffGroup: { id: p.roleGroups!.staff!.id, removed: [p.roleGroups!.team.id], added: [newTeam] },
        },
      });

      // A change to the same values writes nothing.
      expectStatus(await call('PATCH', `/api/products/${p.id}`, { name: 'Sprocket 2' })).json();
      expect((await auditOf('product', p.id)).length).toBe(events.length);

      // Renaming only the case of the name is allowed; taking another product's name is not.
      expect(expectStatus(await call('PATCH', `/api/products/${p.id}`, { name: 'SPROCKET 2' })).json<ProductJson>().name).toBe(
        'SPROCKET 2',
      );
      await create({ name: 'Cog' });
      expectError(await call('PATCH', `/api/products/${p.id}`, { name: 'cog' }), 409, 'name_taken');
    });

    it('refuses bad changes field by field', async () => {
      const p = await create({ name: 'Flange' });
      let body = expectError(await call('PATCH', `/api/products/${p.id}`, { teamGroupId: null }), 400, 'validation');
      expect(body.error.fields.map((f) => f.field)).toEqual(['teamGroupId']);
      body = expectError(await call('PATCH', `/api/products/${p.id}`, { boardGroupId: 999999, name: '' }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'name', message: 'must not be empty.' }]);
      body = expectError(await call('PATCH', `/api/products/${p.id}`, { boardGroupId: 999999 }), 400, 'validation');
      expect(body.error.fields).toEqual([{ field: 'boardGroupId', message: 'there is no group with id 999999.' }]);
    });

    it('lets the default product be renamed and given another team, never deleted', async () => {
      const team = await api.group('Front desk');
      const d = expectStatus(
        await call('PATCH', `/api/products/${DEFAULT_PRODUCT}`, { description: 'Not sure? Pick this.', teamGroupId: team }),
      ).json<ProductJson>();
      expect(d).toMatchObject({
        isDefault: true,
        description: 'Not sure? Pick this.',
        roleGroups: { team: { id: team }, incidentManagers: null },
      });
      const body = expectError(await call('DELETE', `/api/products/${DEFAULT_PRODUCT}`), 409, 'default_product');
      expect(body.error.message).toContain('is the default product');
      expectStatus(await call('PATCH', `/api/products/${DEFAULT_PRODUCT}`, { teamGroupId: TRIAGE_TEAM })).json();
      expect(expectStatus(await call('GET', `/api/products/${DEFAULT_PRODUCT}`)).json<ProductJson>().roleGroups!.team).toEqual({
        id: TRIAGE_TEAM,
        name: 'Triage team',
      });
    });
  });

  describe('versions', () => {
    it('adds, changes and deletes versions with release dates, each audited', async () => {
      const p = await create({ name: 'Versioned' });
      const v1 = expectStatus(
        await call('POST', `/api/products/${p.id}/versions`, { version: ' 1.0.0 ', releasedOn: '2024-02-29' }),
        201,
      ).json<VersionJson>();
      expect(v1).toEqual({ id: expect.any(Number), version: '1.0.0', releasedOn: '2024-02-29' });
      const v2 = expectStatus(
        await call('POST', `/api/products/${p.id}/versions`, { version: '1.1.0', releasedOn: '' }),
        201,
      ).json<VersionJson>();
      expect(v2.releasedOn).toBeNull();

      expect(
        expectStatus(await call('PATCH', `/api/products/${p.id}/versions/${v2.id}`, { releasedOn: '2024-06-30' })).json<VersionJson>(),
      ).toEqual({
        id: v2.id,
        version: '1.1.0',
        releasedOn: '2024-06-30',
      });
      expect(
        expectStatus(
          await call('PATCH', `/api/products/${p.id}/versions/${v1.id}`, { version: '1.0.1', releasedOn: null }),
        ).json<VersionJson>(),
      ).toEqual({
        id: v1.id,
        version: '1.0.1',
        releasedOn: null,
      });
      expect(expectStatus(await call('GET', `/api/products/${p.id}`, undefined, anonymous)).json<ProductJson>().versions).toEqual([
        { id: v2.id, version: '1.1.0', releasedOn: '2024-06-30' },
        { id: v1.id, version: '1.0.1', releasedOn: null },
      ]);

      expect(expectStatus(await call('DELETE', `/api/products/${p.id}/versions/${v1.id}`)).json()).toEqual({ ok: true });
      expect(
        expectStatus(await call('GET', `/api/products/${p.id}`))
          .json<ProductJson>()
          .versions.map((v) => v.id),
      ).toEqual([v2.id]);
      expectError(await call('DELETE', `/api/products/${p.id}/versions/${v1.id}`), 404, 'not_found');

      const actions = (await auditOf('product', p.id)).map((e) => e.action);
      expect(actions).toEqual([
        'product.version_deleted',
        'product.version_updated',
        'product.version_updated',
        'product.version_added',
        'product.version_added',
        'product.created',
      ]);
    });

    it('refuses duplicate versions, bad dates and versions of another product', async () => {
      const p = await create({ name: 'Dated' });
      const other = await create({ name: 'Undated' });
      const v = expectStatus(await call('POST', `/api/products/${p.id}/versions`, { version: 'v2.0' }), 201).json<VersionJson>();
      let body = expectError(await call('POST', `/api/products/${p.id}/versions`, { version: 'V2.0' }), 409, 'name_taken');
      expect(body.error.fields).toEqual([{ field: 'version', message: 'is already a version of this product.' }]);
      // The same version text in another product is fine.
      expectStatus(await call('POST', `/api/products/${other.id}/versions`, { version: 'v2.0' }), 201).json();

      body = expectError(
        await call('POST', `/api/products/${p.id}/versions`, { version: '', releasedOn: '31/03/2026' }),
        400,
        'validation',
      );
      expect(body.error.fields).toEqual([
        { field: 'version', message: 'must not be empty.' },
        { field: 'releasedOn', message: 'must be a date in the form YYYY-MM-DD (such as 2026-03-31).' },
      ]);
      body = expectError(
        await call('POST', `/api/products/${p.id}/versions`, { version: 'v3', releasedOn: '2025-02-29' }),
        400,
        'validation',
      );
      expect(body.error.fields).toEqual([{ field: 'releasedOn', message: 'is not a date in the calendar (2025-02-29).' }]);
      body = expectError(await call('POST', `/api/products/${p.id}/versions`, { version: 'v3', releasedOn: 20250101 }), 400, 'validation');
      expect(body.error.fields.map((f) => f.field)).toContain('releasedOn');

      expectError(await call('PATCH', `/api/products/${other.id}/versions/${v.id}`, { version: 'v9' }), 404, 'not_found');
      expectError(await call('DELETE', `/api/products/${other.id}/versions/${v.id}`), 404, 'not_found');
      expectError(await call('PATCH', `/api/products/${p.id}/versions/999999`, { version: 'v9' }), 404, 'not_found');
      expect(expectStatus(await call('GET', `/api/products/${p.id}`)).json<ProductJson>().versions).toEqual([v]);
    });
  });

  describe('deleting products', () => {
    it('deletes a product and its versions, keeping its groups, audited', async () => {
      const p = await create({ name: 'Short-lived' });
      expectStatus(await call('POST', `/api/products/${p.id}/versions`, { version: '0.1', releasedOn: '2026-01-01' }), 201).json();
      expect(expectStatus(await call('DELETE', `/api/products/${p.id}`)).json()).toEqual({ ok: true });
      expectError(await call('GET', `/api/products/${p.id}`, undefined, anonymous), 404, 'not_found');
      const events = await auditOf('product', p.id);
      expect(events[0]).toMatchObject({
        action: 'product.deleted',
        before: { name: 'Short-lived', versions: [{ version: '0.1', releasedOn: '2026-01-01' }] },
        after: null,
      });
      // The role groups stay (they may have members); an administrator deletes them as groups.
      expectStatus(await call('GET', `/api/groups/${p.roleGroups!.team.id}`)).json();
    });

    it('refuses to delete a product a report names', async () => {
      const p = await create({ name: 'Reported' });
      const team = p.roleGroups!.team.id;
      await t.database.db.transaction(async (tx) => {
        const at = t.clock.now();
        const [o] = await tx.query<{ id: number }>(sql`
          INSERT INTO objects (type, title, read_group_id, edit_group_id, publish_group_id, read_keys, created_at, updated_at)
          VALUES ('report', 'A report', ${team}, ${team}, ${team}, ARRAY[${team}]::int[], ${at}, ${at}) RETURNING id`);
        await tx.query(sql`
          INSERT INTO reports (object_id, tracking_id, product_id, participants_group_id, state, state_changed_at, description, disclosure_days, received_at)
          VALUES (${o!.id}, 'TEST-1', ${p.id}, ${team}, 'new', ${at}, 'Something', 90, ${at})`);
      });
      expect(expectStatus(await call('GET', `/api/products/${p.id}`)).json<ProductJson>().reportCount).toBe(1);
      const body = expectError(await call('DELETE', `/api/products/${p.id}`), 409, 'product_in_use');
      expect(body.error.message).toBe('"Reported" cannot be deleted: 1 report names it. Reports keep their product for good.');
      expect(body.error.details).toEqual({ reportCount: 1 });
      expectStatus(await call('GET', `/api/products/${p.id}`, undefined, anonymous)).json();
    });

    it('refuses to delete a group a product uses for a role, naming the product', async () => {
      const p = await create({ name: 'Role holder' });
      const board = p.roleGroups!.board!.id;
      await t.reauthenticate(admin);
      const body = expectError(await call('DELETE', `/api/groups/${board}`), 409, 'group_in_use');
      expect(body.error.details).toEqual({ uses: [{ kind: 'product', id: p.id, name: 'Role holder', role: 'board' }] });
    });
  });
});
