// The product catalogue: products (with their disclosure period and their four staff-role groups of seed
// 001) and their versions. Creating a product creates the role groups not given, and its staff group (the
// security team and the incident managers, see staff-group.ts), through which they read and triage the
// product's reports; changing the team or the incident managers changes the staff group in the same
// transaction, so the product's reports follow at once. Every change is audited in its transaction.
import { addClosureRow, lockNesting } from '../../access/read-keys-repository.ts';
import type { Session } from '../../access/session.ts';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError, notFound, type FieldError, collectFieldErrors, throwFields } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { GROUP_NAME_MAX } from '../groups/service.ts';
import { findGroup, insertGroup } from '../groups/repository.ts';
import { createStaffGroup, deleteStaffGroup, syncStaffGroup } from './staff-group.ts';
import { cleanName } from '../names.ts';
import { assertDeletable, assertManageProducts, mayManageProducts, roleGroupProblem } from './policy.ts';
import * as repo from './repository.ts';
import { ROLE_FIELDS, roleGroupsOf, type ProductRoleGroups, type ProductRow, type ProductVersionRow, type RoleField } from './repository.ts';

export { defaultProduct, findProduct, productRoleGroups, type ProductRoleGroups, type ProductRow } from './repository.ts';

// Short enough that "<name> technical resources (99)" still fits a group name.
export const PRODUCT_NAME_MAX = 150;
export const PRODUCT_DESCRIPTION_MAX = 2000;
export const VERSION_MAX = 100;
export const DISCLOSURE_DAYS_MAX = 365;
export const DEFAULT_DISCLOSURE_DAYS = 90;

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
  technicalGroupId: { suffix: 'technical resources', describe: (p) => `Technical resources of ${p}: people who can be invited to help with its reports.` },
};

export interface ProductInput {
  name: string;
  description?: string;
  disclosureDays?: number;
  teamGroupId?: number;
  incidentManagerGroupId?: number | null;
  boardGroupId?: number | null;
  technicalGroupId?: number | null;
}

export type ProductPatch = Partial<ProductInput>;

export interface VersionInput {
  version: string;
  releasedOn?: string | null;
}

export interface RoleGroupRef {
  id: number;
  name: string;
}

/** A product as shown: public fields and versions for everyone; role groups and usage for administrators. */
export interface ProductView {
  row: ProductRow;
  versions: ProductVersionRow[];
  admin: { roles: Record<RoleField, RoleGroupRef | null>; staff: RoleGroupRef; reportCount: number } | undefined;
}

const productNotFound = () => notFound('There is no such product.');
const versionNotFound = () => notFound('The product has no such version.');

function cleanDescription(description: string): string {
  const d = description.normalize('NFC').trim();
  const length = [...d].length;
  if (length > PRODUCT_DESCRIPTION_MAX) throw fieldError('description', `must be at most ${PRODUCT_DESCRIPTION_MAX} characters long (it has ${length}).`);
  return d;
}

function checkDisclosureDays(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > DISCLOSURE_DAYS_MAX) {
    throw fieldError('disclosureDays', `must be a whole number of days from 0 to ${DISCLOSURE_DAYS_MAX}.`);
  }
  return days;
}

/** A calendar date as YYYY-MM-DD; empty means none. */
export function cleanDate(field: string, value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  if (v === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw fieldError(field, 'must be a date in the form YYYY-MM-DD (such as 2026-03-31).');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (year < 1000 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw fieldError(field, `is not a date in the calendar (${v}).`);
  }
  return v;
}

function cleanVersion(value: string): string {
  return cleanName('version', value, VERSION_MAX).name;
}

function nameTaken(name: string): AppError {
  return new AppError('name_taken', `A product named "${name}" already exists.`, {
    fields: [{ field: 'name', message: 'is already used by another product.' }],
  });
}

function versionTaken(version: string): AppError {
  return new AppError('name_taken', `The product already has a version "${version}".`, {
    fields: [{ field: 'version', message: 'is already a version of this product.' }],
  });
}

/** A unique-key violation that slipped past the checks (a concurrent change) answers like the check would. */
async function mapUnique<T>(fn: () => Promise<T>, taken: () => AppError): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw taken();
    throw err;
  }
}

export function productService({ db, clock }: Deps) {
  async function view(s: Session, rows: ProductRow[]): Promise<ProductView[]> {
    const ids = rows.map((r) => r.id);
    const versions = await repo.listVersions(s, db, ids);
    const byProduct = new Map<number, ProductVersionRow[]>();
    for (const v of versions) byProduct.set(v.product_id, [...(byProduct.get(v.product_id) ?? []), v]);
    let admin: (row: ProductRow) => ProductView['admin'] = () => undefined;
    if (mayManageProducts(s)) {
      const groupIds = [...new Set(rows.flatMap((r) => [r.staff_group_id, ...Object.values(roleGroupsOf(r)).filter((g): g is number => g !== null)]))];
      const [names, counts] = await Promise.all([repo.groupNames(s, db, groupIds), repo.productReportCounts(s, db, ids)]);
      const ref = (id: number | null): RoleGroupRef | null => (id === null ? null : { id, name: names.get(id)?.name ?? `#${id}` });
      admin = (row) => {
        const roles = roleGroupsOf(row);
        return {
          roles: {
            teamGroupId: ref(roles.teamGroupId),
            incidentManagerGroupId: ref(roles.incidentManagerGroupId),
            boardGroupId: ref(roles.boardGroupId),
            technicalGroupId: ref(roles.technicalGroupId),
          },
          staff: ref(row.staff_group_id)!,
          reportCount: counts.get(row.id) ?? 0,
        };
      };
    }
    return rows.map((row) => ({ row, versions: byProduct.get(row.id) ?? [], admin: admin(row) }));
  }

  /** The given role groups must exist and be custom groups; each problem is a field error. */
  async function checkRoleGroups(s: Session, tx: Tx, given: Partial<Record<RoleField, number | null>>): Promise<void> {
    const fields: FieldError[] = [];
    for (const field of ROLE_FIELDS) {
      const id = given[field];
      if (id === undefined || id === null) continue;
      const problem = roleGroupProblem(await findGroup(s, tx, id), id);
      if (problem) fields.push({ field, message: problem });
    }
    throwFields(fields);
  }

  /** A free group name for a role group of a new product: "<Product> security team", else with " (2)"... */
  async function freeGroupName(s: Session, tx: Tx, base: string): Promise<{ name: string; key: string }> {
    for (let n = 1; n < 100; n++) {
      const candidate = cleanName('name', n === 1 ? base : `${base} (${n})`, GROUP_NAME_MAX);
      if (!(await repo.groupNameKeyTaken(s, tx, candidate.key))) return candidate;
    }
    throw new AppError('conflict', `Groups named "${base}" (and numbered up to 99) already exist; choose the role groups yourself.`);
  }

  /** Creates a custom group the way the groups service does: its row, its closure row and its audit event. */
  async function createRoleGroup(s: Session, tx: Tx, at: Date, field: RoleField, product: string): Promise<RoleGroupRef> {
    const role = ROLE_GROUPS[field];
    const { name, key } = await freeGroupName(s, tx, `${product} ${role.suffix}`);
    const description = role.describe(product);
    const id = await insertGroup(s, tx, at, { kind: 'custom', name, nameKey: key, description });
    await addClosureRow(tx, id);
    await recordAudit(s, tx, at, { action: 'group.created', targetType: 'group', targetId: id, after: { name, description, product } });
    return { id, name };
  }

  async function loadForChange(s: Session, tx: Tx, id: number): Promise<ProductRow> {
    assertManageProducts(s);
    const p = await repo.findProduct(s, tx, id, { forUpdate: true });
    if (!p) throw productNotFound();
    return p;
  }

  const auditState = (p: { name: string; description: string; disclosureDays: number } & ProductRoleGroups) => ({
    name: p.name,
    description: p.description,
    disclosureDays: p.disclosureDays,
    teamGroupId: p.teamGroupId,
    incidentManagerGroupId: p.incidentManagerGroupId,
    boardGroupId: p.boardGroupId,
    technicalGroupId: p.technicalGroupId,
  });

  const stateOf = (p: ProductRow) => ({ name: p.name, description: p.description, disclosureDays: p.disclosure_days, ...roleGroupsOf(p) });

  return {
    /** The whole catalogue, the default product last. */
    async list(s: Session): Promise<ProductView[]> {
      return view(s, await repo.listProducts(s, db));
    },

    async get(s: Session, id: number): Promise<ProductView> {
      const p = await repo.findProduct(s, db, id);
      if (!p) throw productNotFound();
      return (await view(s, [p]))[0]!;
    },

    async create(s: Session, input: ProductInput): Promise<ProductView> {
      assertManageProducts(s);
      let cleaned = { name: '', key: '' };
      let description = '';
      let disclosureDays = DEFAULT_DISCLOSURE_DAYS;
      collectFieldErrors([
        () => (cleaned = cleanName('name', input.name, PRODUCT_NAME_MAX)),
        () => (description = cleanDescription(input.description ?? '')),
        () => (disclosureDays = checkDisclosureDays(input.disclosureDays ?? DEFAULT_DISCLOSURE_DAYS)),
      ]);
      const { name, key } = cleaned;
      const at = clock.now();
      const id = await mapUnique(
        () =>
          db.transaction(async (tx) => {
            await lockNesting(tx);
            if ((await repo.productIdByNameKey(s, tx, key)) !== undefined) throw nameTaken(name);
            await checkRoleGroups(s, tx, input);
            const roles: ProductRoleGroups = { teamGroupId: 0, incidentManagerGroupId: null, boardGroupId: null, technicalGroupId: null };
            const created: Partial<Record<RoleField, RoleGroupRef>> = {};
            for (const field of ROLE_FIELDS) {
              const given = input[field];
              if (given !== undefined && given !== null) roles[field] = given;
              else roles[field] = (created[field] = await createRoleGroup(s, tx, at, field, name)).id;
            }
            const staffGroupId = await createStaffGroup(s, tx, at, name, roles);
            const id = await repo.insertProduct(s, tx, at, { name, nameKey: key, description, disclosureDays, staffGroupId, ...roles });
            await recordAudit(s, tx, at, {
              action: 'product.created',
              targetType: 'product',
              targetId: id,
              after: { ...auditState({ name, description, disclosureDays, ...roles }), staffGroupId, createdGroups: Object.values(created).map((g) => g.id) },
            });
            return id;
          }),
        () => nameTaken(name),
      );
      return this.get(s, id);
    },

    async update(s: Session, id: number, patch: ProductPatch): Promise<ProductView> {
      assertManageProducts(s);
      let cleaned: { name: string; key: string } | undefined;
      let description: string | undefined;
      collectFieldErrors([
        () => (cleaned = patch.name === undefined ? undefined : cleanName('name', patch.name, PRODUCT_NAME_MAX)),
        () => (description = patch.description === undefined ? undefined : cleanDescription(patch.description)),
        () => patch.disclosureDays === undefined || checkDisclosureDays(patch.disclosureDays),
        () => {
          if (patch.teamGroupId === null) throw fieldError('teamGroupId', 'is required: every product has a security team.');
        },
      ]);
      const at = clock.now();
      await mapUnique(
        () =>
          db.transaction(async (tx) => {
            await lockNesting(tx);
            const p = await loadForChange(s, tx, id);
            if (cleaned && cleaned.key !== p.name_key) {
              const other = await repo.productIdByNameKey(s, tx, cleaned.key);
              if (other !== undefined && other !== id) throw nameTaken(cleaned.name);
            }
            await checkRoleGroups(s, tx, patch);
            const before = stateOf(p);
            const after = {
              name: cleaned?.name ?? p.name,
              description: description ?? p.description,
              disclosureDays: patch.disclosureDays ?? p.disclosure_days,
              teamGroupId: patch.teamGroupId ?? p.team_group_id,
              incidentManagerGroupId: patch.incidentManagerGroupId === undefined ? p.incident_manager_group_id : patch.incidentManagerGroupId,
              boardGroupId: patch.boardGroupId === undefined ? p.board_group_id : patch.boardGroupId,
              technicalGroupId: patch.technicalGroupId === undefined ? p.technical_group_id : patch.technicalGroupId,
            };
            if (JSON.stringify(auditState(before)) === JSON.stringify(auditState(after))) return;
            // The staff group follows the new team and incident managers: the product's reports with it.
            const staff = await syncStaffGroup(s, tx, at, p.staff_group_id, after.name, after);
            await repo.updateProduct(s, tx, at, id, { ...after, nameKey: cleaned?.key ?? p.name_key });
            await recordAudit(s, tx, at, {
              action: 'product.updated',
              targetType: 'product',
              targetId: id,
              before: auditState(before),
              after: { ...auditState(after), ...(staff.removed.length + staff.added.length > 0 ? { staffGroup: { id: p.staff_group_id, ...staff } } : {}) },
            });
          }),
        () => nameTaken(cleaned?.name ?? ''),
      );
      return this.get(s, id);
    },

    /** Deletes a product and its versions; refused for the default product and for products reports name. */
    async remove(s: Session, id: number): Promise<void> {
      const at = clock.now();
      try {
        await db.transaction(async (tx) => {
          await lockNesting(tx);
          const p = await loadForChange(s, tx, id);
          assertDeletable(p, await repo.productReportCount(s, tx, id));
          const versions = await repo.listVersions(s, tx, [id]);
          await repo.deleteProductRow(s, tx, id);
          await deleteStaffGroup(s, tx, p.staff_group_id);
          await recordAudit(s, tx, at, {
            action: 'product.deleted',
            targetType: 'product',
            targetId: id,
            before: { ...auditState(stateOf(p)), versions: versions.map((v) => ({ id: v.id, version: v.version, releasedOn: v.released_on })) },
          });
        });
      } catch (err) {
        // A report filed against the product while it was being deleted.
        if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION) {
          throw new AppError('product_in_use', 'The product cannot be deleted: a report names it.');
        }
        throw err;
      }
    },

    async addVersion(s: Session, productId: number, input: VersionInput): Promise<ProductVersionRow> {
      assertManageProducts(s);
      let version = '';
      let releasedOn: string | null = null;
      collectFieldErrors([() => (version = cleanVersion(input.version)), () => (releasedOn = cleanDate('releasedOn', input.releasedOn ?? null))]);
      const at = clock.now();
      const id = await mapUnique(
        () =>
          db.transaction(async (tx) => {
            await loadForChange(s, tx, productId);
            if ((await repo.versionIdByText(s, tx, productId, version)) !== undefined) throw versionTaken(version);
            const id = await repo.insertVersion(s, tx, at, { productId, version, releasedOn });
            await repo.touchProduct(s, tx, at, productId);
            await recordAudit(s, tx, at, {
              action: 'product.version_added',
              targetType: 'product',
              targetId: productId,
              after: { versionId: id, version, releasedOn },
            });
            return id;
          }),
        () => versionTaken(version),
      );
      return (await repo.findVersion(s, db, productId, id))!;
    },

    async updateVersion(s: Session, productId: number, versionId: number, patch: Partial<VersionInput>): Promise<ProductVersionRow> {
      assertManageProducts(s);
      let version: string | undefined;
      let releasedOn: string | null | undefined;
      collectFieldErrors([
        () => (version = patch.version === undefined ? undefined : cleanVersion(patch.version)),
        () => (releasedOn = patch.releasedOn === undefined ? undefined : cleanDate('releasedOn', patch.releasedOn)),
      ]);
      const at = clock.now();
      await mapUnique(
        () =>
          db.transaction(async (tx) => {
            await loadForChange(s, tx, productId);
            const v = await repo.findVersion(s, tx, productId, versionId, { forUpdate: true });
            if (!v) throw versionNotFound();
            const after = { version: version ?? v.version, releasedOn: releasedOn === undefined ? v.released_on : releasedOn };
            if (after.version === v.version && after.releasedOn === v.released_on) return;
            const other = await repo.versionIdByText(s, tx, productId, after.version);
            if (other !== undefined && other !== versionId) throw versionTaken(after.version);
            await repo.updateVersion(s, tx, versionId, after);
            await repo.touchProduct(s, tx, at, productId);
            await recordAudit(s, tx, at, {
              action: 'product.version_updated',
              targetType: 'product',
              targetId: productId,
              before: { versionId, version: v.version, releasedOn: v.released_on },
              after: { versionId, ...after },
            });
          }),
        () => versionTaken(version ?? ''),
      );
      return (await repo.findVersion(s, db, productId, versionId))!;
    },

    async removeVersion(s: Session, productId: number, versionId: number): Promise<void> {
      const at = clock.now();
      await db.transaction(async (tx) => {
        await loadForChange(s, tx, productId);
        const v = await repo.findVersion(s, tx, productId, versionId, { forUpdate: true });
        if (!v) throw versionNotFound();
        await repo.deleteVersion(s, tx, versionId);
        await repo.touchProduct(s, tx, at, productId);
        await recordAudit(s, tx, at, {
          action: 'product.version_deleted',
          targetType: 'product',
          targetId: productId,
          before: { versionId, version: v.version, releasedOn: v.released_on },
        });
      });
    },
  };
}

export type ProductService = ReturnType<typeof productService>;
