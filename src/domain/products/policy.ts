// Who may do what with the product catalogue: anyone may read it (the report form lists it, also to
// visitors who are not signed in); only administrators change it, and they see its role groups and usage.
import { assertAdministrator, isUnrestricted, type Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';
import type { GroupRow } from '../groups/repository.ts';
import type { ProductRow } from './repository.ts';

export const mayManageProducts = (s: Session): boolean => isUnrestricted(s);

export function assertManageProducts(s: Session): void {
  assertAdministrator(s, 'Only administrators may change the product catalogue.');
}

/**
 * A role group must be a custom group: a built-in group (Everyone...) would put a product's embargoed reports
 * in everyone's hands, and a group that belongs to an object (a report's participants) is not a team.
 */
export function roleGroupProblem(g: GroupRow | undefined, id: number): string | undefined {
  if (!g) return `there is no group with id ${id}.`;
  if (g.kind !== 'custom') {
    if (g.kind === 'builtin') return `"${g.name}" is a built-in group; choose a custom group (reports of the product are embargoed to its role groups).`;
    if (g.kind === 'product') return `"${g.name}" is a product's staff group, managed by Parapet; choose a custom group.`;
    return `"${g.name}" belongs to an object; choose a custom group.`;
  }
  return undefined;
}

/** The default product and products that reports name stay in the catalogue. */
export function assertDeletable(p: ProductRow, reportCount: number): void {
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
