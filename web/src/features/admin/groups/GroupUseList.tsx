// What uses a group: the groups it is nested in, objects that use it as a read, edit or publish group, and
// products that use it for one of their roles.
import { Link } from 'react-router';
import type { GroupUse } from '../../../api.ts';

export function GroupUseList({ uses, groupName }: { uses: GroupUse[]; groupName: string }) {
  return (
    <ul className="use-list">
      {uses.map((u) => (
        <li key={`${u.kind}:${u.id}:${u.role}`}>
          {u.kind === 'group' ? (
            <>
              Group <Link to={`/admin/groups/${u.id}`}>{u.name}</Link> has {groupName} nested in it
            </>
          ) : u.kind === 'product' ? (
            <>
              Product <Link to={`/admin/products/${u.id}`}>{u.name}</Link> uses it as its {u.role}
            </>
          ) : (
            <>
              “{u.name}” uses it as {u.role}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
