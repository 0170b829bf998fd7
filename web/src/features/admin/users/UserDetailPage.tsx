// Administration: one user — details, the account (disable or enable; reset and invitation links), sign-in
// state (lock, with Unlock), sessions, sign-in policy, and their effective groups with the nesting path that
// grants each.
import { Link } from 'react-router';
import { api } from '../../../api.ts';
import { EffectiveGroupsTable } from '../groups/EffectiveGroupsTable.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { SignInPolicyForm } from './SignInPolicyForm.tsx';
import { UserAccountSection } from './UserAccountSection.tsx';
import { UserLockSection } from './UserLockSection.tsx';
import { UserSessionsSection } from './UserSessionsSection.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useIdParam } from '../../../hooks/useIdParam.ts';
import { Time } from '../../../ui/Time.tsx';

export function UserDetailPage() {
  const id = useIdParam();
  const loaded = useApiQuery(['users.effectiveGroups', id], () => api.users.effectiveGroups(id));

  if (!loaded.data) {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/admin/users">All users</Link>
        </p>
        {loaded.error ? (
          <>
            <PageHeading title="User not available" />
            <ErrorAlert error={loaded.error} />
          </>
        ) : (
          <Loading what="Loading the user" />
        )}
      </>
    );
  }

  const { user, groups, objectGroupCount } = loaded.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/users">All users</Link>
      </p>
      <PageHeading title={`User ${user.username}`} />
      <dl className="details card">
        <div>
          <dt>Display name</dt>
          <dd>{user.displayName}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>{user.email ?? 'none'}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{user.isAdmin ? 'Administrator' : 'User'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{user.disabled ? 'Disabled' : user.security.locked ? 'Locked' : 'Active'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time value={user.createdAt} />
          </dd>
        </div>
      </dl>
      <UserAccountSection key={`account-${user.id}`} user={user} onChanged={loaded.reload} />
      <div className="columns-even security-columns">
        <UserLockSection key={`lock-${user.id}`} user={user} onChanged={loaded.reload} />
        <SignInPolicyForm key={`policy-${user.id}`} user={user} onSaved={loaded.reload} />
      </div>
      <UserSessionsSection key={`sessions-${user.id}`} user={user} />
      <section aria-labelledby="effective-groups-heading" className="section-gap">
        <h2 id="effective-groups-heading">Effective groups</h2>
        <p>
          Membership through nesting counts exactly like direct membership. The path starts at the group {user.username} is a direct member
          of.
        </p>
        <EffectiveGroupsTable groups={groups} caption={`Groups ${user.username} belongs to`} linkGroups />
        <p className="muted">
          {objectGroupCount === 0
            ? `${user.username} belongs to no groups owned by objects.`
            : `${user.username} also belongs to ${objectGroupCount} ${objectGroupCount === 1 ? 'group' : 'groups'} owned by objects (such as report participants), not listed here.`}
        </p>
      </section>
    </>
  );
}
