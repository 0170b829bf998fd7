// Product catalogue responses, built field by field. Everyone sees the public part (what the report form
// needs); administrators also see the role groups, the report count and the times.
import { Type } from 'typebox';
import type { Session } from '../access/session.ts';
import { installationFacts } from '../domain/installation/policy.ts';
import { abilitiesSchema } from './abilities.ts';
import { abilities, PRODUCT_ACTIONS } from '../domain/products/policy.ts';
import type { ProductVersionRow } from '../domain/products/repository.ts';
import type { ProductView, RoleGroupRef } from '../domain/products/service.ts';
import { DateTime } from '../http/schemas.ts';

export const ProductVersionSchema = Type.Object({
  id: Type.Integer(),
  version: Type.String(),
  releasedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'YYYY-MM-DD; null when not released (yet).' }),
});

export function presentProductVersion(v: ProductVersionRow) {
  return { id: v.id, version: v.version, releasedOn: v.released_on };
}

const RoleGroup = Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]);

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  isDefault: Type.Boolean({ description: 'The "other / not sure" entry, listed last: its triage team routes the report.' }),
  disclosureDays: Type.Integer({ description: 'Days from receipt to disclosure.' }),
  versions: Type.Array(ProductVersionSchema, { description: 'Newest release first; unreleased versions last.' }),
  roleGroups: Type.Optional(
    Type.Object(
      {
        team: RoleGroup,
        incidentManagers: RoleGroup,
        board: RoleGroup,
        technical: RoleGroup,
        staff: Type.Object(
          { id: Type.Integer(), name: Type.String() },
          {
            description:
              "Managed by Parapet: the team and the incident managers, through which they read and triage the product's reports.",
          },
        ),
      },
      { description: 'Administrators only: the staff-role groups of the product.' },
    ),
  ),
  reportCount: Type.Optional(Type.Integer({ description: 'Administrators only: reports that name the product.' })),
  abilities: abilitiesSchema(PRODUCT_ACTIONS, 'What the caller may do with the product (src/domain/products/policy.ts).'),
  createdAt: Type.Optional(DateTime),
  updatedAt: Type.Optional(DateTime),
});

const ref = (g: RoleGroupRef | null) => (g ? { id: g.id, name: g.name } : null);

export function presentProduct(s: Session, p: ProductView) {
  const base = {
    id: p.row.id,
    name: p.row.name,
    description: p.row.description,
    isDefault: p.row.is_default,
    disclosureDays: p.row.disclosure_days,
    versions: p.versions.map(presentProductVersion),
    abilities: abilities(installationFacts(s), { row: p.row, reportCount: p.admin?.reportCount }),
  };
  if (!p.admin) return base;
  const roles = p.admin.roles;
  return {
    ...base,
    roleGroups: {
      team: ref(roles.teamGroupId),
      incidentManagers: ref(roles.incidentManagerGroupId),
      board: ref(roles.boardGroupId),
      technical: ref(roles.technicalGroupId),
      staff: { id: p.admin.staff.id, name: p.admin.staff.name },
    },
    reportCount: p.admin.reportCount,
    createdAt: p.row.created_at.toISOString(),
    updatedAt: p.row.updated_at.toISOString(),
  };
}
