// The direct user members of a group: list, remove, and add by username search.
import { Link } from 'react-router';
import { api, type Group, type User, type UserMember } from '../../../api.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { MemberPicker } from './MemberPicker.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';

interface Props {
  group: Group;
  members: UserMember[];
  onChanged: () => void;
}

export function GroupUserMembers({ group, members, onChanged }: Props) {
  const { run: act, error, done, alertRef } = useFormMutation({ onSuccess: onChanged });
  const implicit = group.kind === 'builtin' && group.id !== 3;

  return (
    <section aria-labelledby="user-members-heading" className="card">
      <h2 id="user-members-heading">User members</h2>
      {implicit ? (
        <p>
          Every {group.id === 1 ? 'session, signed in or not,' : 'signed-in user'} is a member of {group.name}; it has no explicit members.
        </p>
      ) : (
        <>
          <ErrorAlert error={error} alertRef={alertRef} />
          {done ? <StatusMessage>{done}</StatusMessage> : null}
          {members.length === 0 ? (
            <p className="muted">No user is a direct member.</p>
          ) : (
            <table className="data-table">
              <caption className="visually-hidden">Direct user members of {group.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Display name</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link to={`/admin/users/${m.id}`}>{m.username}</Link>
                    </th>
                    <td>{m.displayName}</td>
                    <td className="actions">
                      {group.abilities.changeUserMembers ? (
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => act(() => api.groups.removeUser(group.id, m.id), `Removed ${m.username} from ${group.name}.`)}
                        >
                          Remove<span className="visually-hidden"> {m.username}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {group.abilities.changeUserMembers ? (
            <>
              <h3>Add a user</h3>
              <MemberPicker<User>
                label="Find a user by username"
                search={async (q) => (await api.users.list({ q, limit: 10 })).items}
                keyOf={(u) => u.id}
                nameOf={(u) => u.username}
                describe={(u) => (
                  <>
                    <strong>{u.username}</strong>
                    {u.displayName !== u.username ? ` (${u.displayName})` : ''}
                  </>
                )}
                actionText="Add"
                exclude={new Set(members.map((m) => m.id))}
                onPick={(u) => act(() => api.groups.addUser(group.id, u.id), `Added ${u.username} to ${group.name}.`)}
              />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
