// A signed-in reporter invites a co-reporter (a user of this installation) by username: they can then
// follow the report and talk with the team too.
import { useState, type FormEvent } from 'react';
import { asApiError, type ApiError } from '../../api.ts';
import { fieldMessages } from '../../fieldErrors.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';
import { reporterApi, type ReporterReport } from '../../reporterApi.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { StatusMessage } from '../StatusMessage.tsx';
import { TextField } from '../TextField.tsx';

interface Props {
  report: ReporterReport;
  token: string | undefined;
  onReport(report: ReporterReport): void;
}

const ROLE_NAMES: Record<string, string> = { reporter: 'Reporter', co_reporter: 'Co-reporter' };

export function CoReporterInvite({ report, token, onReport }: Props) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onReport(await reporterApi.inviteCoReporter(report.id, username.trim(), token));
      setDone(`Invited ${username.trim()} as a co-reporter.`);
      setUsername('');
      setError(undefined);
    } catch (err) {
      setDone(undefined);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const people = report.members.filter((m) => m.role === 'reporter' || m.role === 'co_reporter');
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
      <form ref={formRef} className="form" onSubmit={invite} aria-label="Invite a co-reporter" noValidate>
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['username']} />
        {done ? <StatusMessage>{done}</StatusMessage> : null}
        <TextField
          label="Username of the co-reporter"
          name="username"
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldMessages(error).username}
        />
        <button type="submit" className="button-secondary" disabled={busy}>
          Invite
        </button>
      </form>
    </>
  );
}
