// Who may do what with user accounts. Pure rules over the actor's facts (src/domain/installation/policy.ts)
// and a user:
// - administrators manage every account: create, change, disable, unlock, sign-in policy, invitation and
//   password-reset links, sessions;
// - a signed-in user reads their own account and manages their own sessions;
// - nobody disables their own account (an administrator would lock themself out): 409 conflict.
import { AppError } from '../../errors/catalog.ts';
import { authorize as authorizeInstallation, can as canInstallation, type InstallationFacts } from '../installation/policy.ts';

export const USER_ACTIONS = [
  'read',
  'update',
  'disable',
  'unlock',
  'setSignInPolicy',
  /** Send an invitation or a password-reset link. */
  'sendLinks',
  /** List and end the account's sessions. */
  'manageSessions',
] as const;

export type UserAction = (typeof USER_ACTIONS)[number];

/** What the rules read of a user; `locked` and `disabled` only matter for the abilities shown with it. */
export interface UserTarget {
  id: number;
  locked?: boolean;
  disabled?: boolean;
}

const self = (f: InstallationFacts, u: UserTarget) => f.kind === 'user' && f.userId === u.id;

export function can(f: InstallationFacts, action: UserAction, u: UserTarget): boolean {
  const admin = canInstallation(f, 'manageUsers');
  switch (action) {
    case 'read':
    case 'manageSessions':
      return admin || self(f, u);
    case 'disable':
      return admin && !self(f, u) && u.disabled !== true;
    case 'unlock':
      return admin && u.locked !== false;
    case 'update':
    case 'setSignInPolicy':
    case 'sendLinks':
      return admin;
  }
}

/**
 * Throws when the actor may not: 401 for visitors, 404 for reading another's account (its existence is not
 * confirmed), 409 for disabling oneself, 403 otherwise. A locked or already disabled account is the service's
 * own 409.
 */
export function authorize(f: InstallationFacts, action: UserAction, u: UserTarget): void {
  if (action === 'disable' && canInstallation(f, 'manageUsers') && self(f, u)) {
    throw new AppError('conflict', 'You cannot disable your own account.');
  }
  if (can(f, action, { id: u.id })) return;
  if (f.kind === 'anonymous') throw new AppError('unauthenticated');
  if (action === 'read') throw new AppError('not_found', 'There is no such user.');
  authorizeInstallation(f, 'manageUsers');
}

/** Administrator-only actions on no particular account (listing, creating). */
export function authorizeManageUsers(f: InstallationFacts): void {
  authorizeInstallation(f, 'manageUsers');
}

export function abilities(f: InstallationFacts, u: UserTarget): Record<UserAction, boolean> {
  return Object.fromEntries(USER_ACTIONS.map((a) => [a, can(f, a, u)])) as Record<UserAction, boolean>;
}
