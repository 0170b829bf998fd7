// Administration: the product catalogue (the products reporters choose from, the default one last) and
// creating a product.
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ProductCreateForm } from './ProductCreateForm.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { productsApi, type Product } from './productsApi.ts';

export function ProductsPage() {
  const location = useLocation();
  const deleted = (location.state as { deleted?: unknown } | null)?.deleted;
  const [created, setCreated] = useState<Product | undefined>(undefined);
  const products = useApiQuery(['productsApi.list'], () => productsApi.list());
  const groups = useApiQuery(['groups.list', 'custom'], () => api.groups.list({ kind: 'custom', limit: 200 }));

  return (
    <>
      <PageHeading title="Products" />
      <p className="subtitle">The catalogue reporters choose from. Each product has a security team and a disclosure period.</p>
      {typeof deleted === 'string' && !created ? <StatusMessage>Deleted the product “{deleted}”.</StatusMessage> : null}
      <div className="columns">
        <section aria-labelledby="product-list-heading" className="column-main">
          <h2 id="product-list-heading">All products</h2>
          <ErrorAlert error={products.error} />
          {products.data ? (
            <table className="data-table">
              <caption>
                {products.data.items.length} {products.data.items.length === 1 ? 'product' : 'products'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Security team</th>
                  <th scope="col" className="numeric">
                    Disclosure
                  </th>
                  <th scope="col" className="numeric">
                    Versions
                  </th>
                  <th scope="col" className="numeric">
                    Reports
                  </th>
                </tr>
              </thead>
              <tbody>
                {products.data.items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/admin/products/${p.id}`}>{p.name}</Link>
                      {p.isDefault ? <span className="badge">Default</span> : null}
                      {p.description ? <span className="row-note">{p.description}</span> : null}
                    </th>
                    <td>
                      {p.roleGroups?.team ? <Link to={`/admin/groups/${p.roleGroups.team.id}`}>{p.roleGroups.team.name}</Link> : null}
                    </td>
                    <td className="numeric">{p.disclosureDays} days</td>
                    <td className="numeric">{p.versions.length}</td>
                    <td className="numeric">{p.reportCount ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : products.loading ? (
            <Loading what="Loading products" />
          ) : null}
        </section>
        <section className="column-side card" aria-labelledby="create-product-heading">
          {created ? (
            <StatusMessage>
              Created the product <Link to={`/admin/products/${created.id}`}>{created.name}</Link>.
            </StatusMessage>
          ) : null}
          <ErrorAlert error={groups.error} />
          <ProductCreateForm
            groups={groups.data?.items ?? []}
            onCreated={(p) => {
              setCreated(p);
              products.reload();
              groups.reload();
            }}
          />
        </section>
      </div>
    </>
  );
}
