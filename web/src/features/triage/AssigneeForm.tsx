// Assigning the report (the project architect of seed 001): to myself, to a member of the product's security
// team (picked from the list the server gives for this report), or by username; or unassigning. The server
// refuses anyone outside the product's security team.
import { useState, type SubmitEvent } from 'react';
import { ApiError, api } from '../../api.ts';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useReportAction } from './useReportAction.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

interface Candidate {
  id: number;
  username: string;
}

/** The product security team's members, direct or through nested groups: who may be assigned. */
async function teamMembers(reportId: number): Promise<Candidate[]> {
  const { items } = await reportsApi.assignees(reportId);
  return items.map((u) => ({ id: u.id, username: u.username }));
}

export function AssigneeForm({ report, onChanged }: Props) {
  const { user } = useSession();
  const mayListUsers = user?.abilities.manageUsers === true;
  const team = useApiQuery(['teamMembers', report.id], () => teamMembers(report.id));
  const [picked, setPicked] = useState('');
  const [username, setUsername] = useState('');
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);
  const assignee = report.assignee;

  const assign = (target: Candidate) => run(() => reportsApi.assign(report.id, target.id), `Assigned to ${target.username}.`);

  /** A username → a user: among the security team and the people on this report, else (for who may list users) the user list. */
  const resolve = async (name: string): Promise<Candidate> => {
    const wanted = name.trim().toLowerCase();
    if (!wanted)
      throw new ApiError(0, 'client', 'Give a username.', [
        { field: 'username', message: 'give the username of a member of the security team.' },
      ]);
    const known: Candidate[] = [
      ...(user ? [{ id: user.id, username: user.username }] : []),
      ...(team.data ?? []),
      ...report.members.map((m) => ({ id: m.userId, username: m.username })),
      ...(assignee ? [assignee] : []),
    ];
    const found = known.find((c) => c.username.toLowerCase() === wanted);
    if (found) return found;
    if (mayListUsers) {
      const match = (await api.users.list({ q: name.trim(), limit: 50 })).items.find((u) => u.username.toLowerCase() === wanted);
      if (match) return { id: match.id, username: match.username };
      throw new ApiError(0, 'client', `There is no user named “${name.trim()}”.`, [{ field: 'username', message: 'is not a username.' }]);
    }
    throw new ApiError(0, 'client', `“${name.trim()}” is not known here.`, [
      { field: 'username', message: "is not a member of the product's security team." },
    ]);
  };

  const submitName = async (e: SubmitEvent) => {
    e.preventDefault();
    // Looking the name up is part of the action: busy meanwhile, and a name not found is its error.
    let assigned = '';
    const changed = await run(
      async () => {
        const target = await resolve(username);
        assigned = target.username;
        return reportsApi.assign(report.id, target.id);
      },
      () => `Assigned to ${assigned}.`,
    );
    if (changed) setUsername('');
  };

  const fields = fieldMessages(error);
  const candidates = (team.data ?? []).filter((c) => c.id !== assignee?.id);
  return (
    <section aria-labelledby="assignee-heading" className="card">
      <h2 id="assignee-heading">Assignee</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <p>
        {assignee ? (
          <>
            Assigned to <strong>{assignee.username}</strong>.
          </>
        ) : (
          'Nobody is assigned yet.'
        )}
      </p>
      <div className="button-row">
        {user && assignee?.id !== user.id ? (
          <button type="button" disabled={busy} onClick={() => assign({ id: user.id, username: user.username })}>
            Assign to me
          </button>
        ) : null}
        {assignee ? (
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => run(() => reportsApi.assign(report.id, null), 'Unassigned.')}
          >
            Unassign
          </button>
        ) : null}
      </div>
      <form ref={formRef} onSubmit={submitName} noValidate className="form section-gap" aria-label="Assign by username">
        <ErrorAlert error={error ?? team.error} alertRef={alertRef} shownFields={['username', 'assigneeId']} />
        {candidates.length > 0 ? (
          <div className="inline-form">
            <SelectField
              label="Security team member"
              name="teamMember"
              options={[{ value: '', label: 'Choose…' }, ...candidates.map((c) => ({ value: String(c.id), label: c.username }))]}
              value={picked}
              onChange={(e) => setPicked(e.target.value)}
            />
            <button
              type="button"
              className="button-secondary"
              disabled={busy || !picked}
              onClick={async () => {
                const c = candidates.find((x) => String(x.id) === picked);
                if (c && (await assign(c))) setPicked('');
              }}
            >
              Assign member
            </button>
          </div>
        ) : null}
        <TextField
          label="Username"
          name="username"
          hint="A member of the product's security team."
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fields.username ?? fields.assigneeId}
        />
        <button type="submit" className="button-secondary" disabled={busy}>
          Assign by username
        </button>
      </form>
    </section>
  );
}
