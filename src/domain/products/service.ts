// The product catalogue: products (with their disclosure period and their four staff-role groups of seed
// 001) and their versions. Creating a product creates the role groups not given, and its staff group (the
// security team and the incident managers, see staff-group.ts), through which they read and triage the
// product's reports; changing the team or the incident managers changes the staff group in the same
// transaction, so the product's reports follow at once (these changes are commands: product-commands.ts).
// Every change is audited in its transaction.
import type { Session } from '../../access/session.ts';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError, notFound, collectFieldErrors } from '../../errors/catalog.ts';
import { codePointCount } from '../../shared/text.ts';
import { recordAudit } from '../audit/repository.ts';
import { withChange } from '../change.ts';
import { cleanName } from '../names.ts';
import { assertManageProducts, mayManageProducts } from './policy.ts';
import {
  changeProduct,
  createProduct,
  deleteProduct,
  loadProductForChange,
  nameTaken,
  productNotFound,
  type RoleGroupRef,
} from './product-commands.ts';
import * as repo from './repository.ts';
import { roleGroupsOf, type ProductRow, type ProductVersionRow, type RoleField } from './repository.ts';

export { defaultProduct, findProduct, productRoleGroups, type ProductRoleGroups, type ProductRow } from './repository.ts';

// Short enough that "<name> technical resources (99)" still fits a group name.
export const PRODUCT_NAME_MAX = 150;
export const PRODUCT_DESCRIPTION_MAX = 2000;
export const VERSION_MAX = 100;
export const DISCLOSURE_DAYS_MAX = 365;
export const DEFAULT_DISCLOSURE_DAYS = 90;

export { ROLE_GROUPS, type RoleGroupRef } from './product-commands.ts';

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

/** A product as shown: public fields and versions for everyone; role groups and usage for administrators. */
export interface ProductView {
  row: ProductRow;
  versions: ProductVersionRow[];
  admin: { roles: Record<RoleField, RoleGroupRef | null>; staff: RoleGroupRef; reportCount: number } | undefined;
}

const versionNotFound = () => notFound('The product has no such version.');

function cleanDescription(description: string): string {
  const d = description.normalize('NFC').trim();
  const length = codePointCount(d);
  if (length > PRODUCT_DESCRIPTION_MAX)
    throw fieldError('description', `must be at most ${PRODUCT_DESCRIPTION_MAX} characters long (it has ${length}).`);
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
      const groupIds = [
        ...new Set(rows.flatMap((r) => [r.staff_group_id, ...Object.values(roleGroupsOf(r)).filter((g): g is number => g !== null)])),
      ];
      const [names, counts] = await Promise.all([repo.groupNames(s, db, groupIds), repo.productReportCounts(s, db, ids)]);
      const named = (id: number): RoleGroupRef => ({ id, name: names.get(id)?.name ?? `#${id}` });
      const ref = (id: number | null): RoleGroupRef | null => (id === null ? null : named(id));
      admin = (row) => {
        const roles = roleGroupsOf(row);
        return {
          roles: {
            teamGroupId: ref(roles.teamGroupId),
            incidentManagerGroupId: ref(roles.incidentManagerGroupId),
            boardGroupId: ref(roles.boardGroupId),
            technicalGroupId: ref(roles.technicalGroupId),
          },
          staff: named(row.staff_group_id),
          reportCount: counts.get(row.id) ?? 0,
        };
      };
    }
    return rows.map((row) => ({ row, versions: byProduct.get(row.id) ?? [], admin: admin(row) }));
  }

  return {
    /** The whole catalogue, the default product last. */
    async list(s: Session): Promise<ProductView[]> {
      return view(s, await repo.listProducts(s, db));
    },

    async get(s: Session, id: number): Promise<ProductView> {
      const p = await repo.findProduct(s, db, id);
      if (!p) throw productNotFound();
      const [product] = await view(s, [p]); // one view for each row
      if (!product) throw new Error('Internal error: a product row had no view.');
      return product;
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
      const id = await mapUnique(
        () => withChange(s, { db, clock }, (ctx) => createProduct(ctx, { name, nameKey: key, description, disclosureDays }, input)),
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
      ]);
      const fields = {
        ...(cleaned ? { name: cleaned.name, nameKey: cleaned.key } : {}),
        description,
        disclosureDays: patch.disclosureDays,
      };
      await mapUnique(
        () => withChange(s, { db, clock }, (ctx) => changeProduct(ctx, id, fields, patch)),
        () => nameTaken(cleaned?.name ?? ''),
      );
      return this.get(s, id);
    },

    /** Deletes a product and its versions; refused for the default product and for products reports name. */
    async remove(s: Session, id: number): Promise<void> {
      try {
        await withChange(s, { db, clock }, (ctx) => deleteProduct(ctx, id));
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
      collectFieldErrors([
        () => (version = cleanVersion(input.version)),
        () => (releasedOn = cleanDate('releasedOn', input.releasedOn ?? null)),
      ]);
      const id = await mapUnique(
        () =>
          withChange(s, { db, clock }, async (ctx) => {
            const { tx, at } = ctx;
            await loadProductForChange(ctx, productId);
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
      // Read after the commit: a removal in between finds nothing.
      const added = await repo.findVersion(s, db, productId, id);
      if (!added) throw versionNotFound();
      return added;
    },

    async updateVersion(s: Session, productId: number, versionId: number, patch: Partial<VersionInput>): Promise<ProductVersionRow> {
      assertManageProducts(s);
      let version: string | undefined;
      let releasedOn: string | null | undefined;
      collectFieldErrors([
        () => (version = patch.version === undefined ? undefined : cleanVersion(patch.version)),
        () => (releasedOn = patch.releasedOn === undefined ? undefined : cleanDate('releasedOn', patch.releasedOn)),
      ]);
      await mapUnique(
        () =>
          withChange(s, { db, clock }, async (ctx) => {
            const { tx, at } = ctx;
            await loadProductForChange(ctx, productId);
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
      const changed = await repo.findVersion(s, db, productId, versionId);
      if (!changed) throw versionNotFound();
      return changed;
    },

    async removeVersion(s: Session, productId: number, versionId: number): Promise<void> {
      await withChange(s, { db, clock }, async (ctx) => {
        const { tx, at } = ctx;
        await loadProductForChange(ctx, productId);
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
