// Deleting a product, with a confirmation step, offered when the product's `abilities.delete` says so (never
// the default product, explained here, nor a product that reports name). A refusal's message is shown.
import { useNavigate } from 'react-router';
import { productsApi, type Product } from './productsApi.ts';
import { DeleteSection } from '../../../ui/DeleteSection.tsx';

export function ProductDeleteSection({ product }: { product: Product }) {
  const navigate = useNavigate();

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
    <DeleteSection
      headingId="delete-product-heading"
      title="Delete this product"
      explanation="A product that any report names cannot be deleted."
      action="Delete product"
      question={`Delete the product “${product.name}” and its versions permanently? Its role groups stay.`}
      name={product.name}
      remove={() => productsApi.remove(product.id)}
      onDeleted={() => void navigate('/admin/products', { state: { deleted: product.name } })}
    />
  );
}
