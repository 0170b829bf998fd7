// Changing a product: name, description, disclosure period and role groups.
import { useState, type SubmitEvent } from 'react';
import { asApiError, type ApiError, type Group } from '../../../api.ts';
import { fieldMessages } from '../../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { daysValue, productsApi, type Product } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { NumberField } from '../../../ui/NumberField.tsx';
import { ProductRoleGroupFields, roleInput, roleValuesOf, type RoleValues } from './ProductRoleGroupFields.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextField } from '../../../ui/TextField.tsx';

const SHOWN = ['name', 'description', 'disclosureDays', 'teamGroupId', 'incidentManagerGroupId', 'boardGroupId', 'technicalGroupId'];

export function ProductEditForm({
  product,
  groups,
  onSaved,
}: {
  product: Product;
  groups: readonly Group[];
  onSaved: (product: Product) => void;
}) {
  const [name, setName] = useState(product.name);
  const [description, setDescription] = useState(product.description);
  const [days, setDays] = useState(String(product.disclosureDays));
  const [roles, setRoles] = useState<RoleValues>(roleValuesOf(product.roleGroups));
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const updated = await productsApi.update(product.id, {
        name,
        description,
        disclosureDays: daysValue(days),
        ...roleInput(roles, 'edit'),
      });
      setError(undefined);
      setSaved(true);
      onSaved(updated);
    } catch (err) {
      setSaved(false);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="edit-product-heading" className="card">
      <h2 id="edit-product-heading">Details and role groups</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={SHOWN} />
        {saved ? <StatusMessage>Saved.</StatusMessage> : null}
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
          hint="Days from receipt of a report to its disclosure."
          error={fields.disclosureDays}
        />
        <ProductRoleGroupFields
          mode="edit"
          productName={name}
          values={roles}
          onChange={(field, value) => setRoles((r) => ({ ...r, [field]: value }))}
          groups={groups}
          current={product.roleGroups}
          errors={fields}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </form>
    </section>
  );
}
