// Administration: one group — rename, members, nested groups, delete.
import { Link } from 'react-router';
import { api } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { GroupDeleteSection } from './GroupDeleteSection.tsx';
import { GroupNestedGroups } from './GroupNestedGroups.tsx';
import { GroupRenameForm } from './GroupRenameForm.tsx';
import { GroupUserMembers } from './GroupUserMembers.tsx';
import { GroupUsesSection } from './GroupUsesSection.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useIdParam } from '../../../hooks/useIdParam.ts';

const KIND = {
  builtin: 'Built-in group',
  custom: 'Custom group',
  object: 'Group owned by an object',
  product: "A product's staff group, managed by Parapet",
} as const;

export function GroupDetailPage() {
  const id = useIdParam();
  const loaded = useApiQuery(['groups.members', id], async () => {
    const [members, uses] = await Promise.all([api.groups.members(id), api.groups.uses(id)]);
    return { ...members, uses: uses.items };
  });
  const breadcrumb = (
    <p className="breadcrumb">
      <Link to="/admin/groups">All groups</Link>
    </p>
  );

  if (!loaded.data) {
    return (
      <>
        {breadcrumb}
        {loaded.error ? (
          <>
            <PageHeading title="Group not available" />
            <ErrorAlert error={loaded.error} />
          </>
        ) : (
          <Loading what="Loading the group" />
        )}
      </>
    );
  }

  const { group, users, groups, uses } = loaded.data;
  return (
    <>
      {breadcrumb}
      <PageHeading title={`Group ${group.name}`} />
      <p className="subtitle">
        {KIND[group.kind]}
        {group.description ? ` — ${group.description}` : ''}
      </p>
      {loaded.error ? <ErrorAlert error={loaded.error} /> : null}
      <div className="columns">
        <div className="column-main stack">
          <GroupUserMembers key={group.id} group={group} members={users} onChanged={loaded.reload} />
          <GroupNestedGroups key={group.id} group={group} members={groups} onChanged={loaded.reload} />
        </div>
        <div className="column-side stack">
          <GroupUsesSection group={group} uses={uses} />
          {group.abilities.rename ? <GroupRenameForm key={group.id} group={group} onSaved={loaded.reload} /> : null}
          {group.abilities.delete ? <GroupDeleteSection key={group.id} group={group} /> : null}
          {group.kind === 'builtin' ? (
            <section className="card" aria-labelledby="builtin-heading">
              <h2 id="builtin-heading">Built-in</h2>
              <p>Built-in groups cannot be renamed or deleted.</p>
            </section>
          ) : null}
          {group.kind === 'product' ? (
            <section className="card" aria-labelledby="managed-heading">
              <h2 id="managed-heading">Managed by Parapet</h2>
              <p>
                Its members are always the product&apos;s security team and incident managers. Change the product&apos;s role groups to
                change it; every report of the product follows at once.
              </p>
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}
