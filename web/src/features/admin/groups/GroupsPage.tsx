// Administration: the list of groups with search, and creating a group.
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, type Group } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { GroupCreateForm } from './GroupCreateForm.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { Pager } from '../../../ui/Pager.tsx';
import { SearchForm } from '../../../ui/SearchForm.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';

const LIMIT = 50;
const KIND: Record<Group['kind'], string> = { builtin: 'Built-in', custom: 'Custom', object: 'Object', product: 'Product staff (managed)' };

export function GroupsPage() {
  const location = useLocation();
  const deleted = (location.state as { deleted?: unknown } | null)?.deleted;
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [created, setCreated] = useState<Group | undefined>(undefined);
  const groups = useApiQuery(['groups.list', query, offset], () => api.groups.list({ q: query, limit: LIMIT, offset }));

  return (
    <>
      <PageHeading title="Groups" />
      {typeof deleted === 'string' && !created ? <StatusMessage>Deleted the group “{deleted}”.</StatusMessage> : null}
      <div className="columns">
        <section aria-labelledby="group-list-heading" className="column-main">
          <h2 id="group-list-heading">All groups</h2>
          <SearchForm
            label="Search groups by name"
            onSearch={(q) => {
              setQuery(q);
              setOffset(0);
            }}
          />
          <ErrorAlert error={groups.error} />
          {groups.data ? (
            <>
              <table className="data-table">
                <caption>
                  {groups.data.total} {groups.data.total === 1 ? 'group' : 'groups'}
                  {query ? ` matching “${query}”` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="numeric">
                      User members
                    </th>
                    <th scope="col" className="numeric">
                      Nested groups
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {groups.data.items.map((g) => (
                    <tr key={g.id}>
                      <th scope="row">
                        <Link to={`/admin/groups/${g.id}`}>{g.name}</Link>
                        {g.description ? <span className="row-note">{g.description}</span> : null}
                      </th>
                      <td>{KIND[g.kind]}</td>
                      <td className="numeric">{g.kind === 'builtin' && g.id !== 3 ? 'all' : g.userMemberCount}</td>
                      <td className="numeric">{g.groupMemberCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager offset={offset} limit={LIMIT} total={groups.data.total} onChange={setOffset} label="Group list pages" />
            </>
          ) : groups.loading ? (
            <Loading what="Loading groups" />
          ) : null}
        </section>
        <section className="column-side card" aria-labelledby="create-group-heading">
          {created ? (
            <StatusMessage>
              Created the group <Link to={`/admin/groups/${created.id}`}>{created.name}</Link>.
            </StatusMessage>
          ) : null}
          <GroupCreateForm
            onCreated={(g) => {
              setCreated(g);
              groups.reload();
            }}
          />
        </section>
      </div>
    </>
  );
}
