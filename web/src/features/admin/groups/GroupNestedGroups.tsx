// The groups nested in a group (its direct group members): list, remove, and nest another group.
// A nesting that would make a cycle is refused by the server (409); its message is shown here.
import { Link } from 'react-router';
import { api, type Group, type GroupMember } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { MemberPicker } from './MemberPicker.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';

interface Props {
  group: Group;
  members: GroupMember[];
  onChanged: () => void;
}

export function GroupNestedGroups({ group, members, onChanged }: Props) {
  const { run: act, error, done, alertRef } = useFormMutation({ onSuccess: onChanged });

  if (group.kind === 'builtin') {
    return (
      <section aria-labelledby="nested-groups-heading" className="card">
        <h2 id="nested-groups-heading">Nested groups</h2>
        <p>{group.name} is a built-in group; other groups cannot be nested in it.</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="nested-groups-heading" className="card">
      <h2 id="nested-groups-heading">Nested groups</h2>
      <p className="muted">Members of a nested group are members of {group.name} too.</p>
      <ErrorAlert error={error} alertRef={alertRef} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {members.length === 0 ? (
        <p className="muted">No group is nested in {group.name}.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Groups nested in {group.name}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <Link to={`/admin/groups/${m.id}`}>{m.name}</Link>
                </th>
                <td className="actions">
                  {group.abilities.changeGroupMembers ? (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => act(() => api.groups.removeGroup(group.id, m.id), `${m.name} is no longer nested in ${group.name}.`)}
                    >
                      Remove<span className="visually-hidden"> {m.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {group.abilities.changeGroupMembers ? (
        <>
          <h3>Nest a group</h3>
          <MemberPicker<Group>
            label="Find a group by name"
            search={async (q) => (await api.groups.list({ q, kind: 'custom', limit: 10 })).items}
            keyOf={(g) => g.id}
            nameOf={(g) => g.name}
            describe={(g) => <strong>{g.name}</strong>}
            actionText="Nest"
            exclude={new Set([group.id, ...members.map((m) => m.id)])}
            onPick={(g) => act(() => api.groups.addGroup(group.id, g.id), `${g.name} is now nested in ${group.name}.`)}
          />
        </>
      ) : null}
    </section>
  );
}
