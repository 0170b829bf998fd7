// Creating a product: name, description, disclosure period, and its role groups (new ones by default).
import { useState, type SubmitEvent } from 'react';
import { asApiError, type ApiError, type Group } from '../../../api.ts';
import { fieldMessages } from '../../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { daysValue, productsApi, type Product } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { NumberField } from '../../../ui/NumberField.tsx';
import { NO_ROLES, ProductRoleGroupFields, roleInput, type RoleValues } from './ProductRoleGroupFields.tsx';
import { TextField } from '../../../ui/TextField.tsx';

const SHOWN = ['name', 'description', 'disclosureDays', 'teamGroupId', 'incidentManagerGroupId', 'boardGroupId', 'technicalGroupId'];

export function ProductCreateForm({ groups, onCreated }: { groups: readonly Group[]; onCreated: (product: Product) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [days, setDays] = useState('90');
  const [roles, setRoles] = useState<RoleValues>(NO_ROLES);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const product = await productsApi.create({ name, description, disclosureDays: daysValue(days), ...roleInput(roles, 'create') });
      setError(undefined);
      setName('');
      setDescription('');
      setDays('90');
      setRoles(NO_ROLES);
      onCreated(product);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <h2 id="create-product-heading">Create a product</h2>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={SHOWN} />
      <TextField label="Name" name="name" required value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
      <TextField
        label="Description"
        name="description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fields.description}
      />
      <NumberField
        label="Disclosure period"
        name="disclosureDays"
        value={days}
        onChange={setDays}
        min={0}
        max={365}
        unit="days"
        hint="Days from receipt of a report to its disclosure (usually 90; 45, 30 or 0 for some products)."
        error={fields.disclosureDays}
      />
      <ProductRoleGroupFields
        mode="create"
        productName={name}
        values={roles}
        onChange={(field, value) => setRoles((r) => ({ ...r, [field]: value }))}
        groups={groups}
        errors={fields}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create product'}
      </button>
    </form>
  );
}
