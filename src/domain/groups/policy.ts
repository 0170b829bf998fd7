// Who may do what with groups. Pure rules over the session and a loaded group.
import { assertAdministrator, isUnrestricted, type Session } from '../../access/session.ts';
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
  if (g.kind === 'builtin') throw new AppError('builtin_group', `"${g.name}" is a built-in group and cannot be renamed or deleted.`);
}

export function assertCanHoldUsers(g: GroupRow): void {
  if (g.kind === 'builtin' && g.id !== 3) {
    throw new AppError('builtin_group', `Every ${g.id === 1 ? 'session' : 'signed-in user'} is a member of "${g.name}"; it has no explicit members.`);
  }
}

export function assertCanHoldGroups(g: GroupRow): void {
  if (g.kind === 'builtin') {
    throw new AppError('builtin_group', `"${g.name}" is a built-in group; other groups cannot be nested in it.`);
  }
}
