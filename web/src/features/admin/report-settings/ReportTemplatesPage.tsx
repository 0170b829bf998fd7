// Administration: the acknowledgement sent to reporters (seed 001 Appendix A) — its subject and text, the
// placeholders it may use, and a preview filled with sample values. Saving is a sensitive change (it may ask
// for the password again).
import { useState, type SubmitEvent } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ReportAdminNav } from './ReportAdminNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { reportAdminApi, type MessageTemplate, type TemplatesPreview, type TemplatesView } from './reportAdminApi.ts';
import './report-admin.css';

export function ReportTemplatesPage() {
  const view = useApiQuery(['reportAdminApi.templates'], () => reportAdminApi.templates());
  return (
    <>
      <PageHeading title="Report templates" />
      <ReportAdminNav />
      <p>
        The acknowledgement goes to the reporter when a person on the security team acknowledges a report. Placeholders in braces, such as{' '}
        <code>{'{tracking_id}'}</code>, are filled in when it is sent.
      </p>
      <ErrorAlert error={view.error} />
      {view.data ? <TemplateEditor initial={view.data} /> : view.loading ? <Loading what="Loading the templates" /> : null}
    </>
  );
}

function TemplateEditor({ initial }: { initial: TemplatesView }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<MessageTemplate>(initial.templates.acknowledgement);
  const [preview, setPreview] = useState<TemplatesPreview>({ preview: initial.preview, problems: [] });
  const action = useFormMutation<string>();
  const { error, setError, done, setDone, busy, fields, formRef, alertRef } = action;
  const saved = view.templates.acknowledgement;
  const isDefault = draft.subject === view.defaults.acknowledgement.subject && draft.body === view.defaults.acknowledgement.body;

  /** Runs the work; its result is the status message to show. */
  const run = (work: () => Promise<string>) => action.run(work, (message) => message);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (draft.subject === saved.subject && draft.body === saved.body) {
      setError(undefined);
      setDone('Nothing has changed.');
      return;
    }
    void run(async () => {
      const next = await reportAdminApi.saveTemplates({ acknowledgement: draft });
      setView(next);
      setDraft(next.templates.acknowledgement);
      setPreview({ preview: next.preview, problems: [] });
      return 'Saved the acknowledgement template.';
    });
  };

  const showPreview = () =>
    run(async () => {
      const result = await reportAdminApi.previewTemplates({ acknowledgement: draft });
      setPreview(result);
      return result.problems.length > 0 ? 'Preview updated; see the problems listed with it.' : 'Preview updated.';
    });

  const field = (part: 'subject' | 'body') => {
    const message = fields[`acknowledgement.${part}`];
    return message ? [message] : undefined;
  };

  return (
    <div className="columns">
      <section aria-labelledby="template-heading" className="column-main card">
        <h2 id="template-heading">Acknowledgement</h2>
        <form ref={formRef} onSubmit={submit} noValidate className="form">
          <ErrorAlert error={error} alertRef={alertRef} shownFields={['acknowledgement.subject', 'acknowledgement.body']} />
          {done ? <StatusMessage>{done}</StatusMessage> : null}
          <TextField
            label="Subject"
            name="subject"
            required
            hint="One line."
            value={draft.subject}
            onChange={(e) => setDraft((d) => ({ ...d, subject: e.target.value }))}
            error={field('subject')}
          />
          <TextAreaField
            label="Text"
            name="body"
            rows={16}
            hint="Plain text, sent as written with the placeholders filled in."
            value={draft.body}
            onChange={(e) => setDraft((d) => ({ ...d, body: e.target.value }))}
            error={field('body')}
          />
          <div className="button-row">
            <button type="submit" disabled={busy}>
              {busy ? 'Working…' : 'Save template'}
            </button>
            <button type="button" className="button-secondary" disabled={busy} onClick={() => void showPreview()}>
              Preview
            </button>
            <button
              type="button"
              className="button-secondary"
              disabled={busy || isDefault}
              onClick={() => {
                setDraft(view.defaults.acknowledgement);
                setDone('The default text is in the form; save to use it.');
              }}
            >
              Restore the default text
            </button>
          </div>
        </form>
      </section>
      <div className="column-side stack">
        <section aria-labelledby="placeholders-heading" className="card">
          <h2 id="placeholders-heading">Placeholders</h2>
          <dl className="details placeholder-list">
            {view.placeholders.map((p) => (
              <div key={p.name}>
                <dt>
                  <code>{`{${p.name}}`}</code>
                </dt>
                <dd>
                  {p.description} <span className="muted">Example: {p.sample}</span>
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section aria-labelledby="preview-heading" className="card">
          <h2 id="preview-heading">Preview with sample values</h2>
          {preview.problems.length > 0 ? (
            <div className="alert alert-warning">
              <ul>
                {preview.problems.map((p) => (
                  <li key={p.field + p.message}>{p.message}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <p>
            <strong>Subject:</strong> {preview.preview.acknowledgement.subject}
          </p>
          <pre className="mail-text">{preview.preview.acknowledgement.body}</pre>
        </section>
      </div>
    </div>
  );
}
