// Administration: canned responses — texts the security team inserts into comments on reports (triage at
// volume). Administrators create, change and delete them; every member of a product's security team can use
// them.
import { useState } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ReportAdminNav } from './ReportAdminNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';
import { ItemForm } from '../../../ui/ItemForm.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { useAction } from '../../../hooks/useAction.ts';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { reportAdminApi, type CannedResponse } from './reportAdminApi.ts';

export function CannedResponsesPage() {
  const list = useApiQuery(['reportAdminApi.cannedResponses'], () => reportAdminApi.cannedResponses());
  const remove = useAction(list.reload);
  const [editing, setEditing] = useState<CannedResponse | undefined>(undefined);
  const [confirming, setConfirming] = useState<number | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const status = saved ?? remove.done;
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeading title="Canned responses" />
      <ReportAdminNav />
      <p>Texts the security team can insert into a comment on a report, such as a request for a proof of concept. Written in Markdown.</p>
      {status ? <StatusMessage>{status}</StatusMessage> : null}
      <div className="columns">
        <section aria-labelledby="canned-list-heading" className="column-main">
          <h2 id="canned-list-heading">All canned responses</h2>
          <ErrorAlert error={list.error ?? remove.error} alertRef={remove.alertRef} />
          {list.data ? (
            items.length === 0 ? (
              <p className="muted">No canned responses yet.</p>
            ) : (
              <ul className="mail-list" aria-labelledby="canned-list-heading">
                {items.map((c) => (
                  <li key={c.id}>
                    <article className="card mail" aria-labelledby={`canned-${c.id}`}>
                      <h3 id={`canned-${c.id}`}>{c.title}</h3>
                      <pre className="mail-text">{c.body}</pre>
                      <div className="button-row section-gap">
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => {
                            setSaved(undefined);
                            setConfirming(undefined);
                            setEditing(c);
                          }}
                        >
                          Edit<span className="visually-hidden"> “{c.title}”</span>
                        </button>
                        {confirming === c.id ? (
                          <>
                            <button
                              type="button"
                              className="button-danger"
                              disabled={remove.busy}
                              onClick={() => {
                                setSaved(undefined);
                                if (editing?.id === c.id) setEditing(undefined);
                                void remove.act(async () => {
                                  await reportAdminApi.removeCanned(c.id);
                                  setConfirming(undefined);
                                  return `Deleted “${c.title}”.`;
                                });
                              }}
                            >
                              Yes, delete “{c.title}”
                            </button>
                            <button type="button" className="button-secondary" onClick={() => setConfirming(undefined)}>
                              Cancel
                            </button>
                          </>
                        ) : (
                          <button type="button" className="button-secondary" onClick={() => setConfirming(c.id)}>
                            Delete<span className="visually-hidden"> “{c.title}”</span>
                          </button>
                        )}
                      </div>
                    </article>
                  </li>
                ))}
              </ul>
            )
          ) : list.loading ? (
            <Loading what="Loading canned responses" />
          ) : null}
        </section>
        <div className="column-side stack">
          {editing ? (
            <section className="card" aria-labelledby={`canned-form-${editing.id}`}>
              <CannedForm
                key={editing.id}
                formId={`canned-form-${editing.id}`}
                heading={`Change “${editing.title}”`}
                submitText="Save changes"
                initial={editing}
                onCancel={() => setEditing(undefined)}
                onSubmit={async (input) => {
                  const c = await reportAdminApi.updateCanned(editing.id, input);
                  setEditing(undefined);
                  setSaved(`Saved “${c.title}”.`);
                  list.reload();
                }}
              />
            </section>
          ) : null}
          <section className="card" aria-labelledby="canned-form-new">
            <CannedForm
              formId="canned-form-new"
              heading="New canned response"
              submitText="Create"
              onSubmit={async (input) => {
                const c = await reportAdminApi.createCanned(input);
                setSaved(`Created “${c.title}”.`);
                list.reload();
              }}
            />
          </section>
        </div>
      </div>
    </>
  );
}

interface FormProps {
  formId: string;
  heading: string;
  submitText: string;
  initial?: CannedResponse;
  onSubmit: (input: { title: string; body: string }) => Promise<void>;
  onCancel?: () => void;
}

function CannedForm({ formId, heading, submitText, initial, onSubmit, onCancel }: FormProps) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');

  return (
    <ItemForm
      headingId={formId}
      heading={heading}
      headingLevel="h2"
      className="form"
      submitText={submitText}
      changing={initial !== undefined}
      shownFields={['title', 'body']}
      onCancel={onCancel}
      onSubmit={async () => {
        await onSubmit({ title, body });
        if (!initial) {
          setTitle('');
          setBody('');
        }
      }}
    >
      {(fields) => (
        <>
          <TextField label="Title" name="title" required value={title} onChange={(e) => setTitle(e.target.value)} error={fields.title} />
          <TextAreaField
            label="Text"
            name="body"
            rows={8}
            hint="Markdown, inserted into the comment as written."
            value={body}
            onChange={(e) => setBody(e.target.value)}
            error={fields.body ? [fields.body] : undefined}
          />
        </>
      )}
    </ItemForm>
  );
}
