// The fields of a product, for creating one and for changing it: name, description, disclosure period and the
// role groups; the values as typed, and the API input made of them.
import type { Group } from '../../../api.ts';
import type { FieldMessages } from '../../../lib/fieldErrors.ts';
import { NumberField } from '../../../ui/NumberField.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { daysValue, type Product, type ProductInput, type ProductRoleGroups } from './productsApi.ts';
import { NO_ROLES, ProductRoleGroupFields, roleInput, roleValuesOf, type RoleValues } from './ProductRoleGroupFields.tsx';

export interface ProductDraft {
  name: string;
  description: string;
  /** The disclosure period in days, as typed. */
  days: string;
  roles: RoleValues;
}

export const NEW_PRODUCT: ProductDraft = { name: '', description: '', days: '90', roles: NO_ROLES };

export const draftOfProduct = (p: Product): ProductDraft => ({
  name: p.name,
  description: p.description,
  days: String(p.disclosureDays),
  roles: roleValuesOf(p.roleGroups),
});

export const productInput = (d: ProductDraft, mode: 'create' | 'edit'): ProductInput => ({
  name: d.name,
  description: d.description,
  disclosureDays: daysValue(d.days),
  ...roleInput(d.roles, mode),
});

/** The fields these inputs show their messages at. */
export const PRODUCT_FIELDS = [
  'name',
  'description',
  'disclosureDays',
  'teamGroupId',
  'incidentManagerGroupId',
  'boardGroupId',
  'technicalGroupId',
];

interface Props {
  mode: 'create' | 'edit';
  draft: ProductDraft;
  onChange: (change: Partial<ProductDraft>) => void;
  groups: readonly Group[];
  /** The product's current role groups, when changing it. */
  current?: ProductRoleGroups | undefined;
  errors: FieldMessages;
}

export function ProductFields({ mode, draft, onChange, groups, current, errors }: Props) {
  return (
    <>
      <TextField
        label="Name"
        name="name"
        required
        value={draft.name}
        onChange={(e) => onChange({ name: e.target.value })}
        error={errors.name}
      />
      <TextField
        label="Description"
        name="description"
        value={draft.description}
        onChange={(e) => onChange({ description: e.target.value })}
        error={errors.description}
      />
      <NumberField
        label="Disclosure period"
        name="disclosureDays"
        value={draft.days}
        onChange={(days) => onChange({ days })}
        min={0}
        max={365}
        unit="days"
        hint={
          mode === 'create'
            ? 'Days from receipt of a report to its disclosure (usually 90; 45, 30 or 0 for some products).'
            : 'Days from receipt of a report to its disclosure.'
        }
        error={errors.disclosureDays}
      />
      <ProductRoleGroupFields
        mode={mode}
        productName={draft.name}
        values={draft.roles}
        onChange={(field, value) => onChange({ roles: { ...draft.roles, [field]: value } })}
        groups={groups}
        current={current}
        errors={errors}
      />
    </>
  );
}
