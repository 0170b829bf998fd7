// Who may do what with the product catalogue: anyone may read it (the report form lists it, also to
// visitors who are not signed in); only administrators change it, and they see its role groups and usage.
// The default product and products that reports name stay in the catalogue (409 default_product and
// product_in_use).
import type { Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';
import type { GroupRow } from '../groups/repository.ts';
import {
  authorize as authorizeInstallation,
  can as canInstallation,
  installationFacts,
  type InstallationFacts,
} from '../installation/policy.ts';
import type { ProductRow } from './repository.ts';

export const PRODUCT_ACTIONS = ['read', 'update', 'delete', 'manageVersions'] as const;
export type ProductAction = (typeof PRODUCT_ACTIONS)[number];

/** A product and, when known, how many reports name it (deleting needs none). */
export interface ProductTarget {
  row: Pick<ProductRow, 'is_default' | 'name'>;
  reportCount?: number;
}

const CATALOGUE_MESSAGE = 'Only administrators may change the product catalogue.';

export function can(f: InstallationFacts, action: ProductAction, p: ProductTarget): boolean {
  if (action === 'read') return true;
  if (!canInstallation(f, 'manageProducts')) return false;
  if (action === 'delete') return !p.row.is_default && (p.reportCount ?? 0) === 0;
  return true;
}

export function authorize(f: InstallationFacts, action: ProductAction, p: ProductTarget): void {
  if (action !== 'read') authorizeInstallation(f, 'manageProducts', CATALOGUE_MESSAGE);
  if (action === 'delete') assertDeletable(p.row, p.reportCount ?? 0);
}

export function abilities(f: InstallationFacts, p: ProductTarget): Record<ProductAction, boolean> {
  return Object.fromEntries(PRODUCT_ACTIONS.map((a) => [a, can(f, a, p)])) as Record<ProductAction, boolean>;
}

export const mayManageProducts = (s: Session): boolean => canInstallation(installationFacts(s), 'manageProducts');

/** Changing the catalogue (creating, or a product not loaded yet). */
export function assertManageProducts(s: Session): void {
  authorizeInstallation(installationFacts(s), 'manageProducts', CATALOGUE_MESSAGE);
}

/**
 * A role group must be a custom group: a built-in group (Everyone...) would put a product's embargoed reports
 * in everyone's hands, and a group that belongs to an object (a report's participants) is not a team.
 */
export function roleGroupProblem(g: GroupRow | undefined, id: number): string | undefined {
  if (!g) return `there is no group with id ${id}.`;
  if (g.kind !== 'custom') {
    if (g.kind === 'builtin')
      return `"${g.name}" is a built-in group; choose a custom group (reports of the product are embargoed to its role groups).`;
    if (g.kind === 'product') return `"${g.name}" is a product's staff group, managed by Parapet; choose a custom group.`;
    return `"${g.name}" belongs to an object; choose a custom group.`;
  }
  return undefined;
}

/** The default product and products that reports name stay in the catalogue. */
export function assertDeletable(p: Pick<ProductRow, 'is_default' | 'name'>, reportCount: number): void {
  if (p.is_default) {
    throw new AppError(
      'default_product',
      `"${p.name}" is the default product: reports whose product the reporter does not know go to it, so it cannot be deleted. You may rename it or change its team.`,
    );
  }
  if (reportCount > 0) {
    throw new AppError(
      'product_in_use',
      `"${p.name}" cannot be deleted: ${reportCount} ${reportCount === 1 ? 'report names' : 'reports name'} it. Reports keep their product for good.`,
      { details: { reportCount } },
    );
  }
}
