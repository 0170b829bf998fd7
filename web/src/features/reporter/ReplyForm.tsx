// The reporter's reply to the team (a comment visible to both sides; Markdown).
import { useState, type SubmitEvent } from 'react';
import { fieldMessageLists } from '../../lib/fieldErrors.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
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
  const reply = useFormMutation<ReporterReport>({
    onSuccess: (report) => {
      onReport(report);
      setBody('');
    },
  });
  const { error, done, busy, formRef, alertRef } = reply;

  const send = (e: SubmitEvent) => {
    e.preventDefault();
    reply.setDone(undefined);
    void reply.run(() => reporterApi.comment(reportId, body, token), 'Reply sent. The team has been told.');
  };

  return (
    <form ref={formRef} className="form" onSubmit={send} aria-label="Reply to the security team" noValidate>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['body']} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
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
