// A product's staff group: the one group through which the product's people read and triage its reports.
// Its only members are the product's current security team group and incident-manager group; every report of
// the product nests it in its participants group and uses it as edit and publish group. Changing a product's
// role groups therefore changes this group's nesting, and the closure and the reports' read keys follow in the
// same transaction (derived access: nothing is copied onto the reports). Each step runs in the caller's change
// (product-commands.ts), which holds the nesting lock.
import { addClosureRow, closureAddEdge, closureRemoveEdge } from '../../access/read-keys-repository.ts';
import type { ChangeContext } from '../change.ts';
import { deleteGroupMember, deleteGroupRow, insertGroup, insertGroupMember, listGroupMembers, updateGroup } from '../groups/repository.ts';

export interface StaffMembers {
  teamGroupId: number;
  incidentManagerGroupId: number | null;
}

const nameOf = (product: string) => `Staff of ${product}`;
const descriptionOf = (product: string) =>
  `Managed by Parapet: the security team and the incident managers of ${product}. Nested in every report of the product; change the product's role groups to change it.`;

function wanted(m: StaffMembers): number[] {
  return [...new Set([m.teamGroupId, ...(m.incidentManagerGroupId === null ? [] : [m.incidentManagerGroupId])])];
}

/** Creates the staff group of a new product with its members; returns its id. */
export async function createStaffGroup(ctx: ChangeContext, product: string, members: StaffMembers): Promise<number> {
  const { session: s, tx, at } = ctx;
  const id = await insertGroup(s, tx, at, {
    kind: 'product',
    name: nameOf(product),
    nameKey: nameOf(product).toLowerCase(),
    description: descriptionOf(product),
  });
  await addClosureRow(tx, id);
  for (const member of wanted(members)) {
    await insertGroupMember(s, tx, at, id, member);
    await closureAddEdge(tx, id, member);
  }
  return id;
}

/**
 * Makes the staff group's members exactly the product's current team and incident managers (and its name follow
 * the product's). Returns the member groups removed and added.
 */
export async function syncStaffGroup(
  ctx: ChangeContext,
  staffGroupId: number,
  product: string,
  members: StaffMembers,
): Promise<{ removed: number[]; added: number[] }> {
  const { session: s, tx, at } = ctx;
  const current = (await listGroupMembers(s, tx, staffGroupId, 1000, 0)).map((g) => g.id);
  const target = wanted(members);
  const removed = current.filter((id) => !target.includes(id));
  const added = target.filter((id) => !current.includes(id));
  for (const id of removed) {
    await deleteGroupMember(s, tx, staffGroupId, id);
    await closureRemoveEdge(tx, staffGroupId, id);
  }
  for (const id of added) {
    await insertGroupMember(s, tx, at, staffGroupId, id);
    await closureAddEdge(tx, staffGroupId, id);
  }
  await updateGroup(s, tx, at, staffGroupId, {
    name: nameOf(product),
    nameKey: nameOf(product).toLowerCase(),
    description: descriptionOf(product),
  });
  return { removed, added };
}

/** Deletes the staff group of a deleted product (no report nests it: products with reports are kept). */
export async function deleteStaffGroup(ctx: ChangeContext, staffGroupId: number): Promise<void> {
  const { session: s, tx } = ctx;
  for (const g of await listGroupMembers(s, tx, staffGroupId, 1000, 0)) {
    await deleteGroupMember(s, tx, staffGroupId, g.id);
    await closureRemoveEdge(tx, staffGroupId, g.id);
  }
  await deleteGroupRow(s, tx, staffGroupId);
}
