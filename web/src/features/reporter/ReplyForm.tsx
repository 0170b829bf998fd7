// The reporter's reply to the team (a comment visible to both sides; Markdown).
import { useState, type SubmitEvent } from 'react';
import { asApiError, type ApiError } from '../../api.ts';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';
import { reporterApi, type ReporterReport } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';

interface Props {
  reportId: number;
  token: string | undefined;
  onReport: (report: ReporterReport) => void;
}

export function ReplyForm({ reportId, token, onReport }: Props) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const send = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    try {
      onReport(await reporterApi.comment(reportId, body, token));
      setBody('');
      setError(undefined);
      setDone(true);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form" onSubmit={send} aria-label="Reply to the security team" noValidate>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['body']} />
      {done ? <StatusMessage>Reply sent. The team has been told.</StatusMessage> : null}
      <TextAreaField
        label="Your reply"
        name="body"
        rows={5}
        hint="Markdown. The security team reads it; it is never public."
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fieldMessageLists(error).body}
      />
      <button type="submit" disabled={busy}>
        Send reply
      </button>
    </form>
  );
}
