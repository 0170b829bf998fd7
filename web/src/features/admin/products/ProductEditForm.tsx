// Changing a product: name, description, disclosure period and role groups.
import { useState, type SubmitEvent } from 'react';
import type { Group } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { productsApi, type Product } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { draftOfProduct, PRODUCT_FIELDS, ProductFields, productInput } from './ProductFields.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';

export function ProductEditForm({
  product,
  groups,
  onSaved,
}: {
  product: Product;
  groups: readonly Group[];
  onSaved: (product: Product) => void;
}) {
  const [draft, setDraft] = useState(() => draftOfProduct(product));
  const { run, error, done, busy, fields, formRef, alertRef } = useFormMutation<Product>({ onSuccess: onSaved });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() => productsApi.update(product.id, productInput(draft, 'edit')), 'Saved.');
  };

  return (
    <section aria-labelledby="edit-product-heading" className="card">
      <h2 id="edit-product-heading">Details and role groups</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={PRODUCT_FIELDS} />
        {done ? <StatusMessage>{done}</StatusMessage> : null}
        <ProductFields
          mode="edit"
          draft={draft}
          onChange={(change) => setDraft((d) => ({ ...d, ...change }))}
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
