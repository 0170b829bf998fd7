// The start page after sign-in: a greeting, the way into administration and into the user's own account,
// and the user's own groups.
import { Link, useLocation } from 'react-router';
import { api } from '../api.ts';
import { EffectiveGroupsTable } from '../features/admin/groups/EffectiveGroupsTable.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { StatusMessage } from '../ui/StatusMessage.tsx';
import { useApiQuery } from '../hooks/useApi.ts';
import { useSession } from '../session.tsx';

export function HomePage() {
  const { user } = useSession();
  const userId = user?.id ?? 0;
  const groups = useApiQuery(['users.effectiveGroups', userId], () => api.users.effectiveGroups(userId));
  const passwordChanged = (useLocation().state as { passwordChanged?: unknown } | null)?.passwordChanged === true;
  if (!user) return null;
  return (
    <>
      <PageHeading title="Home">Welcome, {user.username}</PageHeading>
      {passwordChanged ? <StatusMessage>Your new password is saved.</StatusMessage> : null}
      {user.abilities.administer ? (
        <section aria-labelledby="admin-heading" className="card">
          <h2 id="admin-heading">Administration</h2>
          <ul className="link-list">
            <li>
              <Link to="/admin/users">Users</Link>: create accounts and see each user's effective groups.
            </li>
            <li>
              <Link to="/admin/groups">Groups</Link>: create, rename and delete groups; manage members and nesting.
            </li>
            <li>
              <Link to="/admin/security">Security settings</Link>, the <Link to="/admin/security/events">security event log</Link> and the{' '}
              <Link to="/admin/security/outbox">outbox</Link> of mail sent.
            </li>
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="account-heading" className="card">
        <h2 id="account-heading">Your account</h2>
        <ul className="link-list">
          <li>
            <Link to="/account">Password and e-mail address</Link>
          </li>
          <li>
            <Link to="/account/two-factor">Second factor</Link> (authenticator app and recovery codes)
          </li>
          <li>
            <Link to="/account/sessions">Sessions</Link>: where you are signed in
          </li>
          <li>
            <Link to="/account/api-tokens">API tokens</Link> for scripts
          </li>
        </ul>
      </section>
      <section aria-labelledby="my-groups-heading">
        <h2 id="my-groups-heading">Your groups</h2>
        <ErrorAlert error={groups.error} />
        {groups.data ? (
          <EffectiveGroupsTable
            groups={groups.data.groups}
            caption="Groups you belong to, directly or through nesting"
            linkGroups={user.abilities.administer}
          />
        ) : groups.loading ? (
          <Loading what="Loading your groups" />
        ) : null}
      </section>
    </>
  );
}
