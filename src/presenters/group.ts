// Group responses, built field by field.
import { Type } from 'typebox';
import type { Session } from '../access/session.ts';
import { EVERYONE_GROUP_ID, GROUP_ACTIONS, groupAbilities, REGISTERED_GROUP_ID } from '../domain/groups/policy.ts';
import { abilitiesSchema } from './abilities.ts';
import type { EffectiveGroupRow, GroupMemberRow, GroupRow, GroupUse, UserMemberRow } from '../domain/groups/repository.ts';
import { DateTime } from '../http/schemas.ts';

export const GroupKind = Type.Union([Type.Literal('builtin'), Type.Literal('custom'), Type.Literal('object'), Type.Literal('product')]);

export const GroupSchema = Type.Object({
  id: Type.Integer(),
  kind: GroupKind,
  name: Type.String(),
  description: Type.String(),
  ownerObjectId: Type.Union([Type.Integer(), Type.Null()]),
  userMemberCount: Type.Integer(),
  groupMemberCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  abilities: abilitiesSchema(
    GROUP_ACTIONS,
    "What the caller may do with the group (src/domain/groups/policy.ts; a product's staff group is managed by Parapet).",
  ),
});

export function presentGroup(s: Session, g: GroupRow) {
  return {
    id: g.id,
    kind: g.kind,
    name: g.name,
    description: g.description,
    ownerObjectId: g.owner_object_id,
    userMemberCount: g.user_member_count,
    groupMemberCount: g.group_member_count,
    createdAt: g.created_at.toISOString(),
    updatedAt: g.updated_at.toISOString(),
    abilities: groupAbilities(s, g),
  };
}

export const UserMemberSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  addedAt: DateTime,
});

export function presentUserMember(m: UserMemberRow) {
  return { id: m.id, username: m.username, displayName: m.display_name, addedAt: m.added_at.toISOString() };
}

export const GroupMemberSchema = Type.Object({ id: Type.Integer(), kind: GroupKind, name: Type.String(), addedAt: DateTime });

export function presentGroupMember(m: GroupMemberRow) {
  return { id: m.id, kind: m.kind, name: m.name, addedAt: m.added_at.toISOString() };
}

export const GroupUseSchema = Type.Object({
  kind: Type.Union([Type.Literal('object'), Type.Literal('group'), Type.Literal('product')]),
  id: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
});

export function presentGroupUse(u: GroupUse) {
  return { kind: u.kind, id: u.id, name: u.name, role: u.role };
}

export const EffectiveGroupSchema = Type.Object({
  id: Type.Integer(),
  kind: GroupKind,
  name: Type.String(),
  via: Type.Union([Type.Literal('direct'), Type.Literal('nested'), Type.Literal('implicit')]),
  path: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), {
    description: 'From the group the user is a direct member of, up to this group.',
  }),
});

export function presentEffectiveGroup(g: EffectiveGroupRow) {
  return {
    id: g.id,
    kind: g.kind,
    name: g.name,
    via:
      g.path.length > 1
        ? ('nested' as const)
        : g.id === EVERYONE_GROUP_ID || g.id === REGISTERED_GROUP_ID
          ? ('implicit' as const)
          : ('direct' as const),
    path: g.path.map((id, i) => ({ id, name: g.path_names[i] ?? '' })),
  };
}
