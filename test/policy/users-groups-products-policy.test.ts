// The policies of users, groups and products, table-driven.
import { describe, expect, it } from 'vitest';
import {
  ADMINISTRATORS_GROUP_ID,
  EVERYONE_GROUP_ID,
  REGISTERED_GROUP_ID,
  anonymousSession,
  userSession,
} from '../../src/access/session.ts';
import { AppError } from '../../src/errors/catalog.ts';
import * as groups from '../../src/domain/groups/policy.ts';
import { installationFacts } from '../../src/domain/installation/policy.ts';
import * as products from '../../src/domain/products/policy.ts';
import * as users from '../../src/domain/users/policy.ts';

const visitor = installationFacts(anonymousSession('10.0.0.1'));
const user = installationFacts(userSession({ id: 7, username: 'una', isAdmin: false }, '10.0.0.1'));
const admin = installationFacts(userSession({ id: 1, username: 'ada', isAdmin: true }, '10.0.0.1'));

function refusal(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as AppError).id;
  }
}

describe('users policy', () => {
  const other = { id: 9, locked: true, disabled: false };
  const self = { id: 7, locked: false, disabled: false };
  const adminSelf = { id: 1, locked: false, disabled: false };
  it.each([
    // who, target, action, can, refusal
    ['visitor', visitor, other, 'read', false, 'unauthenticated'],
    ['user', user, self, 'read', true, undefined],
    ['user', user, other, 'read', false, 'not_found'],
    ['user', user, self, 'manageSessions', true, undefined],
    ['user', user, other, 'manageSessions', false, 'forbidden_admin'],
    ['user', user, self, 'update', false, 'forbidden_admin'],
    ['user', user, other, 'unlock', false, 'forbidden_admin'],
    ['admin', admin, other, 'read', true, undefined],
    ['admin', admin, other, 'update', true, undefined],
    ['admin', admin, other, 'disable', true, undefined],
    ['admin', admin, adminSelf, 'disable', false, 'conflict'],
    ['admin', admin, other, 'unlock', true, undefined],
    ['admin', admin, self, 'unlock', false, undefined],
    ['admin', admin, other, 'setSignInPolicy', true, undefined],
    ['admin', admin, other, 'sendLinks', true, undefined],
    ['admin', admin, other, 'manageSessions', true, undefined],
  ] as const)('%s on %o: %s → %s', (_who, facts, target, action, allowed, error) => {
    expect(users.can(facts, action, target)).toBe(allowed);
    expect(users.abilities(facts, target)[action]).toBe(allowed);
    // Whether the account is locked is the service's own 409 (the ability only hides the button).
    expect(refusal(() => users.authorize(facts, action, { id: target.id }))).toBe(error);
  });
});

describe('groups policy', () => {
  const g = (id: number, kind: 'builtin' | 'custom' | 'object' | 'product') => ({ id, kind, name: `g${id}` });
  const everyone = g(EVERYONE_GROUP_ID, 'builtin');
  const registered = g(REGISTERED_GROUP_ID, 'builtin');
  const administrators = g(ADMINISTRATORS_GROUP_ID, 'builtin');
  const custom = g(10, 'custom');
  const object = g(11, 'object');
  const staff = g(12, 'product');
  // readMembers, rename, delete, changeUserMembers, changeGroupMembers for an administrator
  const table: [ReturnType<typeof g>, (string | undefined)[]][] = [
    [everyone, [undefined, 'builtin_group', 'builtin_group', 'builtin_group', 'builtin_group']],
    [registered, [undefined, 'builtin_group', 'builtin_group', 'builtin_group', 'builtin_group']],
    [administrators, [undefined, 'builtin_group', 'builtin_group', undefined, 'builtin_group']],
    [custom, [undefined, undefined, undefined, undefined, undefined]],
    [object, [undefined, 'builtin_group', 'builtin_group', undefined, undefined]],
    [staff, [undefined, 'managed_group', 'managed_group', 'managed_group', 'managed_group']],
  ];
  for (const [group, errors] of table) {
    it(`group ${group.id} (${group.kind})`, () => {
      groups.GROUP_ACTIONS.forEach((action, i) => {
        expect(
          refusal(() => groups.authorize(admin, action, group)),
          action,
        ).toBe(errors[i]);
        expect(groups.abilities(admin, group)[action], action).toBe(errors[i] === undefined);
        expect(groups.can(user, action, group)).toBe(false);
        expect(refusal(() => groups.authorize(user, action, group))).toBe('forbidden_admin');
        expect(refusal(() => groups.authorize(visitor, action, group))).toBe('unauthenticated');
      });
    });
  }
  it('implicit groups follow the administrator flag', () => {
    expect(groups.implicitGroupIds({ is_admin: false })).toEqual([EVERYONE_GROUP_ID, REGISTERED_GROUP_ID]);
    expect(groups.implicitGroupIds({ is_admin: true })).toEqual([EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, ADMINISTRATORS_GROUP_ID]);
  });
});

describe('products policy', () => {
  const plain = { row: { is_default: false, name: 'Widget' }, reportCount: 0 };
  const used = { row: { is_default: false, name: 'Widget' }, reportCount: 3 };
  const fallback = { row: { is_default: true, name: 'Other' }, reportCount: 0 };
  it.each([
    [visitor, plain, { read: true, update: false, delete: false, manageVersions: false }],
    [user, plain, { read: true, update: false, delete: false, manageVersions: false }],
    [admin, plain, { read: true, update: true, delete: true, manageVersions: true }],
    [admin, used, { read: true, update: true, delete: false, manageVersions: true }],
    [admin, fallback, { read: true, update: true, delete: false, manageVersions: true }],
  ] as const)('abilities %#', (facts, product, expected) => {
    expect(products.abilities(facts, product)).toEqual(expected);
  });
  it('refuses with the catalogue errors', () => {
    expect(refusal(() => products.authorize(visitor, 'update', plain))).toBe('unauthenticated');
    expect(refusal(() => products.authorize(user, 'delete', plain))).toBe('forbidden_admin');
    expect(refusal(() => products.authorize(admin, 'delete', used))).toBe('product_in_use');
    expect(refusal(() => products.authorize(admin, 'delete', fallback))).toBe('default_product');
    expect(refusal(() => products.authorize(admin, 'delete', plain))).toBe(undefined);
  });
});
