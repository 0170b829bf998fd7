// The people on the report besides its security team: the reporter, co-reporters and invited collaborators
// (such as an outside organisation validating the fix). The team invites by username and removes them.
import { useState, type SubmitEvent } from 'react';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useReportAction } from './useReportAction.ts';
import { roleLabel } from './reportLabels.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

const ROLE_OPTIONS = [
  { value: 'collaborator', label: 'Collaborator (sees internal notes)' },
  { value: 'co_reporter', label: 'Co-reporter (the reporter side)' },
];

export function MembersSection({ report, onChanged }: Props) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<'collaborator' | 'co_reporter'>('collaborator');
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);

  const invite = async (e: SubmitEvent) => {
    e.preventDefault();
    const name = username.trim();
    const ok = await run(
      () => reportsApi.invite(report.id, { username: name, role }),
      `Invited ${name} as ${roleLabel(role).toLowerCase()}.`,
    );
    if (ok) setUsername('');
  };

  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="members-heading" className="card">
      <h2 id="members-heading">Members</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {report.members.length === 0 ? (
        <p className="muted">Only the product's security team{report.liveLinks ? ' and holders of a reporter link' : ''}.</p>
      ) : (
        <ul className="member-list">
          {report.members.map((m) => (
            <li key={m.userId}>
              <span>
                <strong>{m.username}</strong> <span className="muted">{roleLabel(m.role)}</span>
              </span>
              {m.abilities.remove ? (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={busy}
                  onClick={() => run(() => reportsApi.removeMember(report.id, m.userId), `Removed ${m.username}.`)}
                >
                  Remove<span className="visually-hidden"> {m.username}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {report.abilities.manageMembers ? (
        <form ref={formRef} onSubmit={invite} noValidate className="form section-gap" aria-label="Invite a member">
          <ErrorAlert error={error} alertRef={alertRef} shownFields={['username']} />
          <TextField
            label="Username to invite"
            name="inviteUsername"
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fields.username}
          />
          <SelectField
            label="As"
            name="inviteRole"
            options={ROLE_OPTIONS}
            value={role}
            onChange={(e) => setRole(e.target.value === 'co_reporter' ? 'co_reporter' : 'collaborator')}
          />
          <button type="submit" className="button-secondary" disabled={busy}>
            Invite
          </button>
        </form>
      ) : null}
    </section>
  );
}
