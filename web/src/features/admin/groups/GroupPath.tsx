// The nesting path that grants a group: the user's direct group first, then each group it is nested in,
// up to the granted group. Shown as an ordered list; CSS draws the arrows.
import { Link } from 'react-router';

export function GroupPath({ path, linkGroups }: { path: { id: number; name: string }[]; linkGroups: boolean }) {
  return (
    <ol className="group-path">
      {path.map((step) => (
        <li key={step.id}>{linkGroups ? <Link to={`/admin/groups/${step.id}`}>{step.name}</Link> : step.name}</li>
      ))}
    </ol>
  );
}
