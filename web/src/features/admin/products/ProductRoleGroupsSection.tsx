// The staff-role groups of a product, each linked to its group page (where its members are managed).
import { Link } from 'react-router';
import type { Product } from './productsApi.ts';
import { ROLES } from './ProductRoleGroupFields.tsx';

export function ProductRoleGroupsSection({ product }: { product: Product }) {
  const roles = product.roleGroups;
  return (
    <section aria-labelledby="roles-heading" className="card">
      <h2 id="roles-heading">Who works on its reports</h2>
      {roles ? (
        <dl className="details details-compact">
          {ROLES.map((role) => {
            const g = roles[role.key];
            return (
              <div key={role.field}>
                <dt>{role.label}</dt>
                <dd>
                  {g ? <Link to={`/admin/groups/${g.id}`}>{g.name}</Link> : <span className="muted">None</span>}
                  <span className="row-note">{role.hint}</span>
                </dd>
              </div>
            );
          })}
        </dl>
      ) : null}
      {roles?.staff ? (
        <p>
          Reports of this product are read and triaged through <Link to={`/admin/groups/${roles.staff.id}`}>{roles.staff.name}</Link>, which
          Parapet keeps equal to the security team and the incident managers: a change of these groups applies to every report of the
          product at once.
        </p>
      ) : null}
      <p className="muted">Add people to these groups on their group pages.</p>
    </section>
  );
}
