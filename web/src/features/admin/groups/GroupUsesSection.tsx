// Where a group is used: the groups it is nested in and the objects that refer to it.
import type { Group, GroupUse } from '../../../api.ts';
import { GroupUseList } from './GroupUseList.tsx';

export function GroupUsesSection({ group, uses }: { group: Group; uses: GroupUse[] }) {
  return (
    <section aria-labelledby="uses-heading" className="card">
      <h2 id="uses-heading">Where it is used</h2>
      {uses.length === 0 ? (
        <p className="muted">{group.name} is not nested in any group, and no object uses it.</p>
      ) : (
        <GroupUseList uses={uses} groupName={group.name} />
      )}
    </section>
  );
}
