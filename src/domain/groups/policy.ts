// Who may do what with groups. Pure rules over the actor's facts (src/domain/installation/policy.ts) and a
// loaded group:
// - only administrators manage groups (and read their member lists, which would tell outsiders who is on a
//   team): 401 for visitors, 403 forbidden_admin otherwise;
// - built-in groups keep their names and exist for good; Everyone and Registered users have implicit members
//   only; Administrators holds users (its membership is the administrator flag) but no nested groups
//   (409 builtin_group);
// - a product's staff group follows the product's role groups: nobody changes it by hand (409 managed_group);
// - a group that belongs to an object (a report's participants) is named after it and deleted with it; its
//   members may change.
import { ADMINISTRATORS_GROUP_ID, EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, type Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';
import {
  authorize as authorizeInstallation,
  can as canInstallation,
  installationFacts,
  type InstallationFacts,
} from '../installation/policy.ts';
import type { GroupRow } from './repository.ts';

export { ADMINISTRATORS_GROUP_ID, EVERYONE_GROUP_ID, REGISTERED_GROUP_ID };

export const GROUP_ACTIONS = ['readMembers', 'rename', 'delete', 'changeUserMembers', 'changeGroupMembers'] as const;
export type GroupAction = (typeof GROUP_ACTIONS)[number];

type GroupTarget = Pick<GroupRow, 'id' | 'kind' | 'name'>;

/** Why the group itself refuses the action (whoever asks), or undefined. */
function groupProblem(action: GroupAction, g: GroupTarget): AppError | undefined {
  if (action === 'readMembers') return undefined;
  if (g.kind === 'product') {
    return new AppError(
      'managed_group',
      `"${g.name}" is managed by Parapet: its members are the product's security team and incident managers. Change the product's role groups instead.`,
    );
  }
  if (g.kind === 'builtin') {
    if (action === 'rename' || action === 'delete') {
      return new AppError('builtin_group', `"${g.name}" is a built-in group and cannot be renamed or deleted.`);
    }
    if (action === 'changeGroupMembers') {
      return new AppError('builtin_group', `"${g.name}" is a built-in group; other groups cannot be nested in it.`);
    }
    if (g.id !== ADMINISTRATORS_GROUP_ID) {
      const who = g.id === EVERYONE_GROUP_ID ? 'session' : 'signed-in user';
      return new AppError('builtin_group', `Every ${who} is a member of "${g.name}"; it has no explicit members.`);
    }
  }
  if (g.kind === 'object' && action === 'delete') {
    return new AppError('builtin_group', 'This group belongs to an object and is deleted with it.');
  }
  if (g.kind === 'object' && action === 'rename') {
    return new AppError('builtin_group', 'This group belongs to an object and is named after it.');
  }
  return undefined;
}

export function can(f: InstallationFacts, action: GroupAction, g: GroupTarget): boolean {
  return canInstallation(f, 'manageGroups') && groupProblem(action, g) === undefined;
}

export function authorize(f: InstallationFacts, action: GroupAction, g: GroupTarget): void {
  authorizeInstallation(f, 'manageGroups');
  const problem = groupProblem(action, g);
  if (problem) throw problem;
}

/** Administrator-only actions on no particular group (creating, before a group is loaded). */
export function authorizeManageGroups(f: InstallationFacts): void {
  authorizeInstallation(f, 'manageGroups');
}

/** A user may see their own effective groups; administrators may see anyone's. */
export const mayViewEffectiveGroups = (s: Session, userId: number): boolean =>
  canInstallation(installationFacts(s), 'manageGroups') || (s.kind === 'user' && s.userId === userId);

/** Membership of Administrators is the account's administrator flag. */
export const isAdministratorAccount = (u: { is_admin: boolean }): boolean => u.is_admin;

/** The built-in groups every user is an implicit member of (Administrators too for administrators). */
export const implicitGroupIds = (u: { is_admin: boolean }): number[] =>
  isAdministratorAccount(u) ? [EVERYONE_GROUP_ID, REGISTERED_GROUP_ID, ADMINISTRATORS_GROUP_ID] : [EVERYONE_GROUP_ID, REGISTERED_GROUP_ID];

export type GroupAbilities = Record<GroupAction, boolean>;

/** What the session may do with the group, sent with it so the UI never re-derives these rules. */
export function abilities(f: InstallationFacts, g: GroupTarget): GroupAbilities {
  return Object.fromEntries(GROUP_ACTIONS.map((a) => [a, can(f, a, g)])) as Record<GroupAction, boolean>;
}

/** The same for a session (the group presenters). */
export const groupAbilities = (s: Session, g: GroupTarget): GroupAbilities => abilities(installationFacts(s), g);
