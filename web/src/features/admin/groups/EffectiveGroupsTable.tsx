// A user's effective groups: each group, how membership arises, and the nesting path that grants it.
import { Link } from 'react-router';
import type { EffectiveGroup } from '../../../api.ts';
import { GroupPath } from './GroupPath.tsx';

const VIA: Record<EffectiveGroup['via'], string> = {
  direct: 'Direct member',
  nested: 'Through nesting',
  implicit: 'Built in (every signed-in user)',
};

function viaText(g: EffectiveGroup): string {
  if (g.via === 'implicit' && g.id === 1) return 'Built in (everyone)';
  return VIA[g.via];
}

export function EffectiveGroupsTable({ groups, caption, linkGroups }: { groups: EffectiveGroup[]; caption: string; linkGroups: boolean }) {
  return (
    <table className="data-table effective-groups">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Membership</th>
          <th scope="col">Granted through (direct group first)</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.id} data-group-id={g.id}>
            <th scope="row">{linkGroups ? <Link to={`/admin/groups/${g.id}`}>{g.name}</Link> : g.name}</th>
            <td>{viaText(g)}</td>
            <td>{g.path.length > 0 ? <GroupPath path={g.path} linkGroups={linkGroups} /> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
