// User responses, built field by field (never the password hash).
import { Type } from 'typebox';
import type { UserRow } from '../domain/users/repository.ts';
import { DateTime } from '../http/schemas.ts';

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  isAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export function presentUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    isAdmin: u.is_admin,
    disabled: u.disabled,
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}
