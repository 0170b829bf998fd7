// User responses, built field by field (never the password hash).
import { Type } from 'typebox';
import type { Session } from '../access/session.ts';
import { installationFacts } from '../domain/installation/policy.ts';
import { abilities, USER_ACTIONS } from '../domain/users/policy.ts';
import type { UserRow } from '../domain/users/repository.ts';
import { abilitiesSchema } from './abilities.ts';
import { DateTime } from '../http/schemas.ts';

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  isAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  emailVerified: Type.Boolean(),
  security: Type.Object({
    locked: Type.Boolean({ description: 'Locked after failed sign-ins.' }),
    lockedUntil: Type.Union([DateTime, Type.Null()], { description: 'Set when the lock ends by itself (timed mode).' }),
    failedSignIns: Type.Integer({ description: 'Consecutive failed sign-ins.' }),
    mfaEnabled: Type.Boolean(),
    staffConsole: Type.Boolean({ description: 'May use the staff console (administrators always may).' }),
    allowedNetworks: Type.Array(Type.String(), { description: 'Networks the user may sign in from; empty = anywhere.' }),
    mustChangePassword: Type.Boolean(),
    passwordSet: Type.Boolean({ description: 'False while an invited user has not chosen a password yet.' }),
  }),
  createdAt: DateTime,
  updatedAt: DateTime,
  abilities: abilitiesSchema(USER_ACTIONS, 'What the caller may do with the account (src/domain/users/policy.ts).'),
});

export function presentUser(s: Session, u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    isAdmin: u.is_admin,
    disabled: u.disabled,
    emailVerified: u.email_verified,
    security: {
      locked: u.locked,
      lockedUntil: u.locked_until?.toISOString() ?? null,
      failedSignIns: u.failed_signins,
      mfaEnabled: u.mfa_enabled,
      staffConsole: u.staff_console,
      allowedNetworks: [...u.allowed_networks],
      mustChangePassword: u.must_change_password,
      passwordSet: u.has_password,
    },
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
    abilities: abilities(installationFacts(s), { id: u.id, locked: u.locked, disabled: u.disabled }),
  };
}
