// Creating a product: name, description, disclosure period, and its role groups (new ones by default).
import { useState, type SubmitEvent } from 'react';
import type { Group } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { productsApi, type Product } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { NEW_PRODUCT, PRODUCT_FIELDS, ProductFields, productInput } from './ProductFields.tsx';

export function ProductCreateForm({ groups, onCreated }: { groups: readonly Group[]; onCreated: (product: Product) => void }) {
  const [draft, setDraft] = useState(NEW_PRODUCT);
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation<Product>({
    onSuccess: (product) => {
      setDraft(NEW_PRODUCT);
      onCreated(product);
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() => productsApi.create(productInput(draft, 'create')));
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <h2 id="create-product-heading">Create a product</h2>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={PRODUCT_FIELDS} />
      <ProductFields
        mode="create"
        draft={draft}
        onChange={(change) => setDraft((d) => ({ ...d, ...change }))}
        groups={groups}
        errors={fields}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create product'}
      </button>
    </form>
  );
}
