// The product changes that touch its role groups, each one command in one change: creating a product (the
// role groups not given, its staff group, the product row, the audit events), changing it (the staff group
// follows the new security team and incident managers, and with it the product's reports) and deleting it
// (with its staff group). Each takes the nesting lock first, since it changes group nesting.
import { addClosureRow, lockNesting } from '../../access/read-keys-repository.ts';
import { AppError, notFound, throwFields, type FieldError } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import type { ChangeContext } from '../change.ts';
import { findGroup, insertGroup } from '../groups/repository.ts';
import { GROUP_NAME_MAX } from '../groups/service.ts';
import { cleanName } from '../names.ts';
import { assertDeletable, assertManageProducts, roleGroupProblem } from './policy.ts';
import * as repo from './repository.ts';
import { ROLE_FIELDS, roleGroupsOf, type ProductRoleGroups, type ProductRow, type RoleField } from './repository.ts';
import { createStaffGroup, deleteStaffGroup, syncStaffGroup } from './staff-group.ts';

/** How the role groups created for a product are named and described. */
export const ROLE_GROUPS: Record<RoleField, { suffix: string; describe(product: string): string }> = {
  teamGroupId: {
    suffix: 'security team',
    describe: (p) => `Security team of ${p}: reads, triages and fixes its reports; its members can be assigned to them.`,
  },
  incidentManagerGroupId: {
    suffix: 'incident managers',
    describe: (p) => `Incident managers of ${p}: read and triage its reports with the security team.`,
  },
  boardGroupId: { suffix: 'board', describe: (p) => `Board (management) of ${p}: told of every new report.` },
  technicalGroupId: {
    suffix: 'technical resources',
    describe: (p) => `Technical resources of ${p}: people who can be invited to help with its reports.`,
  },
};

export interface RoleGroupRef {
  id: number;
  name: string;
}

/** A product's fields as cleaned by the service. */
export interface ProductFields {
  name: string;
  nameKey: string;
  description: string;
  disclosureDays: number;
}

export type RoleGroupChoice = Partial<Record<RoleField, number | null>>;

export const productNotFound = () => notFound('There is no such product.');

export function nameTaken(name: string): AppError {
  return new AppError('name_taken', `A product named "${name}" already exists.`, {
    fields: [{ field: 'name', message: 'is already used by another product.' }],
  });
}

/** The product, locked for the change, for someone who may manage products. */
export async function loadProductForChange(ctx: ChangeContext, id: number): Promise<ProductRow> {
  assertManageProducts(ctx.session);
  const p = await repo.findProduct(ctx.session, ctx.tx, id, { forUpdate: true });
  if (!p) throw productNotFound();
  return p;
}

/** The given role groups must exist and be custom groups; each problem is a field error. */
async function checkRoleGroups(ctx: ChangeContext, given: RoleGroupChoice): Promise<void> {
  const fields: FieldError[] = [];
  for (const field of ROLE_FIELDS) {
    const id = given[field];
    if (id === undefined || id === null) continue;
    const problem = roleGroupProblem(await findGroup(ctx.session, ctx.tx, id), id);
    if (problem) fields.push({ field, message: problem });
  }
  throwFields(fields);
}

/** A free group name for a role group of a new product: "<Product> security team", else with " (2)"... */
async function freeGroupName(ctx: ChangeContext, base: string): Promise<{ name: string; key: string }> {
  for (let n = 1; n < 100; n++) {
    const candidate = cleanName('name', n === 1 ? base : `${base} (${n})`, GROUP_NAME_MAX);
    if (!(await repo.groupNameKeyTaken(ctx.session, ctx.tx, candidate.key))) return candidate;
  }
  throw new AppError('conflict', `Groups named "${base}" (and numbered up to 99) already exist; choose the role groups yourself.`);
}

/** Creates a custom group the way the groups service does: its row, its closure row and its audit event. */
async function createRoleGroup(ctx: ChangeContext, field: RoleField, product: string): Promise<RoleGroupRef> {
  const { session: s, tx, at } = ctx;
  const role = ROLE_GROUPS[field];
  const { name, key } = await freeGroupName(ctx, `${product} ${role.suffix}`);
  const description = role.describe(product);
  const id = await insertGroup(s, tx, at, { kind: 'custom', name, nameKey: key, description });
  await addClosureRow(tx, id);
  await recordAudit(s, tx, at, { action: 'group.created', targetType: 'group', targetId: id, after: { name, description, product } });
  return { id, name };
}

type ProductState = { name: string; description: string; disclosureDays: number } & ProductRoleGroups;

const auditState = (p: ProductState) => ({
  name: p.name,
  description: p.description,
  disclosureDays: p.disclosureDays,
  teamGroupId: p.teamGroupId,
  incidentManagerGroupId: p.incidentManagerGroupId,
  boardGroupId: p.boardGroupId,
  technicalGroupId: p.technicalGroupId,
});

const stateOf = (p: ProductRow): ProductState => ({
  name: p.name,
  description: p.description,
  disclosureDays: p.disclosure_days,
  ...roleGroupsOf(p),
});

/** Creates the product with its role groups (the ones not given are created) and its staff group; returns its id. */
export async function createProduct(ctx: ChangeContext, fields: ProductFields, given: RoleGroupChoice): Promise<number> {
  const { session: s, tx, at } = ctx;
  assertManageProducts(s);
  await lockNesting(tx);
  if ((await repo.productIdByNameKey(s, tx, fields.nameKey)) !== undefined) throw nameTaken(fields.name);
  await checkRoleGroups(ctx, given);
  const roles: ProductRoleGroups = { teamGroupId: 0, incidentManagerGroupId: null, boardGroupId: null, technicalGroupId: null };
  const created: Partial<Record<RoleField, RoleGroupRef>> = {};
  for (const field of ROLE_FIELDS) {
    const id = given[field];
    if (id !== undefined && id !== null) roles[field] = id;
    else roles[field] = (created[field] = await createRoleGroup(ctx, field, fields.name)).id;
  }
  const staffGroupId = await createStaffGroup(ctx, fields.name, roles);
  const id = await repo.insertProduct(s, tx, at, { ...fields, staffGroupId, ...roles });
  await recordAudit(s, tx, at, {
    action: 'product.created',
    targetType: 'product',
    targetId: id,
    after: { ...auditState({ ...fields, ...roles }), staffGroupId, createdGroups: Object.values(created).map((g) => g.id) },
  });
  return id;
}

/**
 * Changes the product's fields and role groups (a field not given stays); the staff group follows the new
 * security team and incident managers, and the product's reports with it. Nothing changes, and nothing is
 * audited, when the result equals the product.
 */
export async function changeProduct(ctx: ChangeContext, id: number, fields: Partial<ProductFields>, given: RoleGroupChoice): Promise<void> {
  const { session: s, tx, at } = ctx;
  await lockNesting(tx);
  const p = await loadProductForChange(ctx, id);
  if (fields.nameKey !== undefined && fields.nameKey !== p.name_key) {
    const other = await repo.productIdByNameKey(s, tx, fields.nameKey);
    if (other !== undefined && other !== id) throw nameTaken(fields.name ?? '');
  }
  await checkRoleGroups(ctx, given);
  const before = stateOf(p);
  const after: ProductState = {
    name: fields.name ?? p.name,
    description: fields.description ?? p.description,
    disclosureDays: fields.disclosureDays ?? p.disclosure_days,
    teamGroupId: given.teamGroupId ?? p.team_group_id,
    incidentManagerGroupId: given.incidentManagerGroupId === undefined ? p.incident_manager_group_id : given.incidentManagerGroupId,
    boardGroupId: given.boardGroupId === undefined ? p.board_group_id : given.boardGroupId,
    technicalGroupId: given.technicalGroupId === undefined ? p.technical_group_id : given.technicalGroupId,
  };
  if (JSON.stringify(auditState(before)) === JSON.stringify(auditState(after))) return;
  const staff = await syncStaffGroup(ctx, p.staff_group_id, after.name, after);
  await repo.updateProduct(s, tx, at, id, { ...after, nameKey: fields.nameKey ?? p.name_key });
  await recordAudit(s, tx, at, {
    action: 'product.updated',
    targetType: 'product',
    targetId: id,
    before: auditState(before),
    after: {
      ...auditState(after),
      ...(staff.removed.length + staff.added.length > 0 ? { staffGroup: { id: p.staff_group_id, ...staff } } : {}),
    },
  });
}

/** Deletes a product, its versions and its staff group; refused for the default product and products reports name. */
export async function deleteProduct(ctx: ChangeContext, id: number): Promise<void> {
  const { session: s, tx, at } = ctx;
  await lockNesting(tx);
  const p = await loadProductForChange(ctx, id);
  assertDeletable(p, await repo.productReportCount(s, tx, id));
  const versions = await repo.listVersions(s, tx, [id]);
  await repo.deleteProductRow(s, tx, id);
  await deleteStaffGroup(ctx, p.staff_group_id);
  await recordAudit(s, tx, at, {
    action: 'product.deleted',
    targetType: 'product',
    targetId: id,
    before: { ...auditState(stateOf(p)), versions: versions.map((v) => ({ id: v.id, version: v.version, releasedOn: v.released_on })) },
  });
}
