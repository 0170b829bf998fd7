// Administration: the list of users with search, and creating a user.
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type User } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { Pager } from '../../../ui/Pager.tsx';
import { SearchForm } from '../../../ui/SearchForm.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { UserCreateForm } from './UserCreateForm.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';

const LIMIT = 50;

export function UsersPage() {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [created, setCreated] = useState<User | undefined>(undefined);
  const users = useApiQuery(['users.list', query, offset], () => api.users.list({ q: query, limit: LIMIT, offset }));

  return (
    <>
      <PageHeading title="Users" />
      <div className="columns">
        <section aria-labelledby="user-list-heading" className="column-main">
          <h2 id="user-list-heading">All users</h2>
          <SearchForm
            label="Search users by username or display name"
            onSearch={(q) => {
              setQuery(q);
              setOffset(0);
            }}
          />
          <ErrorAlert error={users.error} />
          {users.data ? (
            <>
              <table className="data-table">
                <caption>
                  {users.data.total} {users.data.total === 1 ? 'user' : 'users'}
                  {query ? ` matching “${query}”` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Username</th>
                    <th scope="col">Display name</th>
                    <th scope="col">E-mail</th>
                    <th scope="col">Role</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.items.map((u) => (
                    <tr key={u.id}>
                      <th scope="row">
                        <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                      </th>
                      <td>{u.displayName}</td>
                      <td>{u.email ?? <span className="muted">none</span>}</td>
                      <td>
                        {u.isAdmin ? 'Administrator' : 'User'}
                        {u.disabled ? ' (disabled)' : ''}
                        {u.security.locked ? ' (locked)' : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager offset={offset} limit={LIMIT} total={users.data.total} onChange={setOffset} label="User list pages" />
            </>
          ) : users.loading ? (
            <Loading what="Loading users" />
          ) : null}
        </section>
        <section className="column-side card" aria-labelledby="create-user-heading">
          {created ? (
            <StatusMessage>
              Created user <Link to={`/admin/users/${created.id}`}>{created.username}</Link>.
            </StatusMessage>
          ) : null}
          <UserCreateForm
            onCreated={(u) => {
              setCreated(u);
              users.reload();
            }}
          />
        </section>
      </div>
    </>
  );
}
