// Administration: one product — its role groups (linked to their group pages), versions with release dates,
// details, and deleting it.
import { Link } from 'react-router';
import { api } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ProductDeleteSection } from './ProductDeleteSection.tsx';
import { ProductEditForm } from './ProductEditForm.tsx';
import { ProductRoleGroupsSection } from './ProductRoleGroupsSection.tsx';
import { ProductVersions } from './ProductVersions.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useIdParam } from '../../../hooks/useIdParam.ts';
import { productsApi, type Product } from './productsApi.ts';
import './products.css';

function summary(product: Product): string {
  return [
    product.isDefault ? 'The default product, for reporters who are not sure' : '',
    product.description,
    product.disclosureDays === 0 ? 'Disclosure at once' : `Disclosure ${product.disclosureDays} days after receipt`,
    product.reportCount === undefined ? '' : `${product.reportCount} ${product.reportCount === 1 ? 'report' : 'reports'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function ProductDetailPage() {
  const id = useIdParam();
  const loaded = useApiQuery(['productsApi.get', id], async () => {
    const [product, groups] = await Promise.all([productsApi.get(id), api.groups.list({ kind: 'custom', limit: 200 })]);
    return { product, groups: groups.items };
  });
  const breadcrumb = (
    <p className="breadcrumb">
      <Link to="/admin/products">All products</Link>
    </p>
  );

  if (!loaded.data) {
    return (
      <>
        {breadcrumb}
        {loaded.error ? (
          <>
            <PageHeading title="Product not available" />
            <ErrorAlert error={loaded.error} />
          </>
        ) : (
          <Loading what="Loading the product" />
        )}
      </>
    );
  }

  const { product, groups } = loaded.data;
  return (
    <>
      {breadcrumb}
      <PageHeading title={`Product ${product.name}`} />
      <p className="subtitle">{summary(product)}</p>
      {loaded.error ? <ErrorAlert error={loaded.error} /> : null}
      <div className="columns">
        <div className="column-main stack">
          <ProductRoleGroupsSection product={product} />
          <ProductVersions product={product} onChanged={loaded.reload} />
        </div>
        <div className="column-side stack">
          <ProductEditForm key={product.id} product={product} groups={groups} onSaved={loaded.reload} />
          <ProductDeleteSection key={product.id} product={product} />
        </div>
      </div>
    </>
  );
}
