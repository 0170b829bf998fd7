// Adding to the conversation: a Markdown comment, either an internal note (the team only) or visible to the
// reporter; canned responses, when the server offers them, can be inserted into the text.
import { useState, type SubmitEvent } from 'react';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useReportAction } from './useReportAction.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

export function CommentForm({ report, onChanged }: Props) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [canned, setCanned] = useState('');
  const responses = useApiQuery(['reportsApi.cannedResponses'], () => reportsApi.cannedResponses());
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const ok = await run(
      () => reportsApi.comment(report.id, { body, internal }),
      internal ? 'Internal note added (the reporter does not see it).' : 'Comment added; the reporter sees it.',
    );
    if (ok) setBody('');
  };

  const insertCanned = () => {
    const c = responses.data?.find((r) => String(r.id) === canned);
    if (!c) return;
    setBody((b) => (b.trim() ? `${b.replace(/\s+$/, '')}\n\n${c.body}` : c.body));
  };

  const fields = fieldMessages(error);
  const cannedList = responses.data ?? [];
  return (
    <section aria-labelledby="comment-heading" className={internal ? 'card comment-form comment-form-internal' : 'card comment-form'}>
      <h2 id="comment-heading">Add a comment</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="comment-heading">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['body']} />
        {cannedList.length > 0 ? (
          <div className="inline-form">
            <SelectField
              label="Canned response"
              name="canned"
              options={[{ value: '', label: 'Choose…' }, ...cannedList.map((c) => ({ value: String(c.id), label: c.title }))]}
              value={canned}
              onChange={(e) => setCanned(e.target.value)}
            />
            <button type="button" className="button-secondary" disabled={!canned} onClick={insertCanned}>
              Insert
            </button>
          </div>
        ) : null}
        <TextAreaField
          label="Comment"
          name="body"
          hint="Markdown."
          rows={5}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          error={fields.body ? [fields.body] : undefined}
        />
        {report.abilities.commentInternal ? (
          <CheckboxField label="Internal note: only the team sees it" name="internal" checked={internal} onChange={setInternal} />
        ) : null}
        <p className={internal ? 'comment-audience comment-audience-internal' : 'comment-audience'}>
          {internal ? 'Internal note: not shown to the reporter.' : 'Visible to the reporter, who is told by e-mail.'}
        </p>
        <button type="submit" disabled={busy}>
          {internal ? 'Add internal note' : 'Send comment to the reporter'}
        </button>
      </form>
    </section>
  );
}
