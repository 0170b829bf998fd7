// Who may do what with groups. Pure rules over the session and a loaded group.
import { ADMINISTRATORS_GROUP_ID, assertAdministrator, isUnrestricted, type Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';
import type { GroupRow } from './repository.ts';

export const mayManageGroups = (s: Session): boolean => isUnrestricted(s);

/** A user may see their own effective groups; administrators may see anyone's. */
export const mayViewEffectiveGroups = (s: Session, userId: number): boolean =>
  isUnrestricted(s) || (s.kind === 'user' && s.userId === userId);

export function assertManageGroups(s: Session): void {
  assertAdministrator(s);
}

/** Built-in groups keep their names and their implicit membership. */
export function assertRenamable(g: GroupRow): void {
  assertNotManaged(g);
  if (g.kind === 'builtin') throw new AppError('builtin_group', `"${g.name}" is a built-in group and cannot be renamed or deleted.`);
}

/**
 * A product's staff group follows the product's role groups (its security team and incident managers); nobody
 * changes its members, name or existence by hand.
 */
export function assertNotManaged(g: GroupRow): void {
  if (g.kind === 'product') {
    throw new AppError(
      'managed_group',
      `"${g.name}" is managed by Parapet: its members are the product's security team and incident managers. Change the product's role groups instead.`,
    );
  }
}

export function assertCanHoldUsers(g: GroupRow): void {
  assertNotManaged(g);
  if (g.kind === 'builtin' && g.id !== ADMINISTRATORS_GROUP_ID) {
    throw new AppError('builtin_group', `Every ${g.id === 1 ? 'session' : 'signed-in user'} is a member of "${g.name}"; it has no explicit members.`);
  }
}

export function assertCanHoldGroups(g: GroupRow): void {
  assertNotManaged(g);
  if (g.kind === 'builtin') {
    throw new AppError('builtin_group', `"${g.name}" is a built-in group; other groups cannot be nested in it.`);
  }
}

export interface GroupAbilities {
  rename: boolean;
  delete: boolean;
  changeUserMembers: boolean;
  changeGroupMembers: boolean;
}

/** What the session may do with the group, sent with it so the UI never re-derives these rules. */
export function groupAbilities(s: Session, g: GroupRow): GroupAbilities {
  const admin = mayManageGroups(s);
  return {
    rename: admin && g.kind === 'custom',
    delete: admin && g.kind === 'custom',
    changeUserMembers: admin && g.kind !== 'product' && (g.kind !== 'builtin' || g.id === ADMINISTRATORS_GROUP_ID),
    changeGroupMembers: admin && g.kind !== 'product' && g.kind !== 'builtin',
  };
}
