// The four staff-role groups of a product (seed 001) as selects of custom groups. Creating a product offers
// a new group for each role; changing one offers "None" for the optional roles.
import type { Group } from '../../../api.ts';
import type { ProductRoleGroups, RoleField } from './productsApi.ts';
import { SelectField } from '../../../ui/SelectField.tsx';

export const ROLES: { field: RoleField; key: keyof ProductRoleGroups; label: string; suffix: string; hint: string }[] = [
  {
    field: 'teamGroupId',
    key: 'team',
    label: 'Security team',
    suffix: 'security team',
    hint: 'Reads, triages and fixes the reports; its members can be assigned.',
  },
  {
    field: 'incidentManagerGroupId',
    key: 'incidentManagers',
    label: 'Incident managers',
    suffix: 'incident managers',
    hint: 'Read and triage the reports with the security team.',
  },
  { field: 'boardGroupId', key: 'board', label: 'Board', suffix: 'board', hint: 'Told of every new report.' },
  {
    field: 'technicalGroupId',
    key: 'technical',
    label: 'Technical resources',
    suffix: 'technical resources',
    hint: 'Can be invited to help.',
  },
];

export type RoleValues = Record<RoleField, string>;

export const NO_ROLES: RoleValues = { teamGroupId: '', incidentManagerGroupId: '', boardGroupId: '', technicalGroupId: '' };

export function roleValuesOf(roles: ProductRoleGroups | undefined): RoleValues {
  const v = (g: { id: number } | null | undefined) => (g ? String(g.id) : '');
  return {
    teamGroupId: v(roles?.team),
    incidentManagerGroupId: v(roles?.incidentManagers),
    boardGroupId: v(roles?.board),
    technicalGroupId: v(roles?.technical),
  };
}

interface Props {
  mode: 'create' | 'edit';
  productName: string;
  values: RoleValues;
  onChange: (field: RoleField, value: string) => void;
  /** Custom groups to choose from. */
  groups: readonly Group[];
  /** The product's current groups (offered even when the list above does not hold them). */
  current?: ProductRoleGroups | undefined;
  errors: Record<string, string>;
}

export function ProductRoleGroupFields({ mode, productName, values, onChange, groups, current, errors }: Props) {
  const name = productName.trim() || 'Product';
  return (
    <fieldset className="fieldset">
      <legend>Role groups</legend>
      {ROLES.map((role) => {
        const known = new Map(groups.map((g) => [g.id, g.name]));
        const mine = current?.[role.key];
        if (mine && !known.has(mine.id)) known.set(mine.id, mine.name);
        const first =
          mode === 'create'
            ? [{ value: '', label: 'Create a new group' }]
            : role.field === 'teamGroupId'
              ? []
              : [{ value: '', label: 'None' }];
        const options = [...first, ...[...known].map(([id, label]) => ({ value: String(id), label }))];
        return (
          <SelectField
            key={role.field}
            label={role.label}
            name={role.field}
            hint={mode === 'create' && values[role.field] === '' ? `${role.hint} New group: “${name} ${role.suffix}”.` : role.hint}
            options={options}
            value={values[role.field]}
            onChange={(e) => onChange(role.field, e.target.value)}
            error={errors[role.field]}
          />
        );
      })}
    </fieldset>
  );
}

/** The selected groups as API input: ids, and (when changing) null for "None". */
export function roleInput(values: RoleValues, mode: 'create' | 'edit'): Partial<Record<RoleField, number | null>> {
  const out: Partial<Record<RoleField, number | null>> = {};
  for (const { field } of ROLES) {
    const v = values[field];
    if (v !== '') out[field] = Number(v);
    else if (mode === 'edit' && field !== 'teamGroupId') out[field] = null;
  }
  return out;
}
