// The people of a report seen from the reporter side: its reporter and co-reporters, and the pending
// invitations. A reporter with an account invites a co-reporter by username; the invitee accepts from their own
// account. The answer is the same whether or not the username exists, so the page says only that an invitation
// was sent. Whether the viewer may invite is the server's decision (report.abilities.invite).
import { useState, type SubmitEvent } from 'react';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reporterApi, type ReporterReport } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { Time } from '../../ui/Time.tsx';

interface Props {
  report: ReporterReport;
  token: string | undefined;
  onReport: (report: ReporterReport) => void;
}

const ROLE_NAMES: Record<string, string> = { reporter: 'Reporter', co_reporter: 'Co-reporter' };

export function CoReporterInvite({ report, token, onReport }: Props) {
  const [username, setUsername] = useState('');
  const { run: act, error, done, busy, fields, formRef, alertRef } = useFormMutation<ReporterReport>({ onSuccess: onReport });

  const invite = async (e: SubmitEvent) => {
    e.preventDefault();
    const name = username.trim();
    const changed = await act(
      () => reporterApi.inviteCoReporter(report.id, name, token),
      `Invitation sent to ${name}. If that account exists, it becomes a co-reporter once its owner accepts.`,
    );
    if (changed) setUsername('');
  };

  const people = report.members.filter((m) => m.role === 'reporter' || m.role === 'co_reporter');
  const canInvite = report.abilities.invite;
  return (
    <>
      {people.length > 0 ? (
        <ul className="link-list">
          {people.map((m) => (
            <li key={m.userId}>
              {m.username} <span className="muted">({ROLE_NAMES[m.role] ?? m.role})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {report.invitations.length > 0 ? (
        <>
          <h3>Invited</h3>
          <ul className="link-list">
            {report.invitations.map((i) => (
              <li key={i.id}>
                {i.username}{' '}
                <span className="muted">
                  (waiting for an answer until <Time value={i.expiresAt} />)
                </span>{' '}
                {canInvite ? (
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={busy}
                    onClick={() =>
                      act(() => reporterApi.withdrawInvitation(report.id, i.id, token), `Withdrew the invitation of ${i.username}.`)
                    }
                  >
                    Withdraw<span className="visually-hidden"> the invitation of {i.username}</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canInvite ? (
        <form ref={formRef} className="form" onSubmit={invite} aria-label="Invite a co-reporter" noValidate>
          <ErrorAlert error={error} alertRef={alertRef} shownFields={['username']} />
          {done ? <StatusMessage>{done}</StatusMessage> : null}
          <TextField
            label="Username of the co-reporter"
            name="username"
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fields.username}
          />
          <button type="submit" className="button-secondary" disabled={busy}>
            Invite
          </button>
        </form>
      ) : (
        <>
          <ErrorAlert error={error} alertRef={alertRef} />
          {done ? <StatusMessage>{done}</StatusMessage> : null}
          <p className="muted">Only the reporter and co-reporters, signed in to their accounts, can invite co-reporters.</p>
        </>
      )}
    </>
  );
}
