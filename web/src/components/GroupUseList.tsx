// What uses a group: the groups it is nested in, and objects that use it as a read, edit or publish group.
import { Link } from 'react-router';
import type { GroupUse } from '../api.ts';

export function GroupUseList({ uses, groupName }: { uses: GroupUse[]; groupName: string }) {
  return (
    <ul className="use-list">
      {uses.map((u) => (
        <li key={`${u.kind}:${u.id}:${u.role}`}>
          {u.kind === 'group' ? (
            <>
              Group <Link to={`/admin/groups/${u.id}`}>{u.name}</Link> has {groupName} nested in it
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
