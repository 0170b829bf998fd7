// Deleting a product, with a confirmation step, offered when the product's `abilities.delete` says so (never
// the default product, explained here, nor a product that reports name). A refusal's message is shown.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { asApiError, type ApiError } from '../../../api.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { productsApi, type Product } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

export function ProductDeleteSection({ product }: { product: Product }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { alertRef } = useErrorFocus(error);
  const questionRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (confirming) questionRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    try {
      await productsApi.remove(product.id);
      void navigate('/admin/products', { state: { deleted: product.name } });
    } catch (err) {
      setConfirming(false);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  if (product.isDefault) {
    return (
      <section aria-labelledby="delete-product-heading" className="card">
        <h2 id="delete-product-heading">The default product</h2>
        <p>Reports whose product the reporter does not know go to this product's security team, so it cannot be deleted.</p>
      </section>
    );
  }

  // The server says whether the product may go (never while reports name it).
  if (!product.abilities.delete) return null;

  return (
    <section aria-labelledby="delete-product-heading" className="card card-danger">
      <h2 id="delete-product-heading">Delete this product</h2>
      <ErrorAlert error={error} alertRef={alertRef} />
      {confirming ? (
        <div className="confirm">
          <p tabIndex={-1} ref={questionRef}>
            Delete the product “{product.name}” and its versions permanently? Its role groups stay.
          </p>
          <div className="button-row">
            <button type="button" className="button-danger" onClick={remove} disabled={busy}>
              Yes, delete {product.name}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <p>A product that any report names cannot be deleted.</p>
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              setError(undefined);
              setConfirming(true);
            }}
          >
            Delete product
          </button>
        </>
      )}
    </section>
  );
}
