// Administration: the disclosure policy text (Markdown) shown at /disclosure-policy. "Use the default text"
// goes back to Parapet's text, which follows the contact address and the deadline.
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { disclosureApi, type DisclosureSettings } from './disclosureApi.ts';
import { fieldMessageLists } from '../../../lib/fieldErrors.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';

export function DisclosurePolicyForm({
  settings,
  onSaved,
}: {
  settings: DisclosureSettings;
  onSaved: (settings: DisclosureSettings) => void;
}) {
  const [text, setText] = useState(settings.policyMarkdown);
  const [isDefault, setIsDefault] = useState(settings.policyIsDefault);
  const { run, error, done, busy, formRef, alertRef } = useFormMutation<DisclosureSettings>({
    onSuccess: (next) => {
      setText(next.policyMarkdown);
      setIsDefault(next.policyIsDefault);
      onSaved(next);
    },
  });

  const save = (policyMarkdown: string | null) =>
    run(
      () => disclosureApi.updateSettings({ policyMarkdown }),
      policyMarkdown === null ? 'The policy is the default text again.' : 'Saved the disclosure policy.',
    );

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void save(text);
  };

  return (
    <section aria-labelledby="policy-editor-heading" className="card">
      <h2 id="policy-editor-heading">Disclosure policy</h2>
      <p>
        Shown to everyone at <Link to="/disclosure-policy">/disclosure-policy</Link> and named as the Policy of security.txt.
        {isDefault ? ' This is the default text: it follows the contact address and the deadline above until you change it.' : ''}
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['policyMarkdown']} />
        {done ? <StatusMessage>{done}</StatusMessage> : null}
        <TextAreaField
          label="Policy text (Markdown)"
          name="policyMarkdown"
          hint="Headings (##), lists, links and emphasis. Raw HTML is shown as text."
          rows={18}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={fieldMessageLists(error).policyMarkdown}
        />
        <div className="button-row">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
          {isDefault ? null : (
            <button type="button" className="button-secondary" disabled={busy} onClick={() => void save(null)}>
              Use the default text
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
