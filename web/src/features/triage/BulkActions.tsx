// Bulk triage of the selected inbox rows: close as spam, or mark as duplicates of one original, with a
// reason. Each report is moved on its own; the outcome is listed per report (a report that cannot make the
// move says why). The reason reaches every selected report's reporter, so it belongs to one action only: each
// action keeps what was typed for it, and the form is emptied once an action has been carried out.
import { useState, type SubmitEvent } from 'react';
import { ApiError } from '../../api.ts';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reportsApi, type BulkResult } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  /** The selected reports: id → tracking id. */
  selected: ReadonlyMap<number, string>;
  onDone: () => void;
}

const ACTIONS = [
  { value: 'spam', label: 'Close as spam' },
  { value: 'duplicate', label: 'Mark as duplicate of…' },
];

/** When every report was refused for the same bad field (no reason, no original), that field's error. */
function sharedFieldError(results: BulkResult[]): ApiError | undefined {
  const first = results[0]?.error;
  if (!first || first.id !== 'validation' || results.some((r) => r.ok || r.error?.message !== first.message)) return undefined;
  const [, field, message] = /^(reason|duplicateOf): (.+)$/.exec(first.message) ?? [];
  return field && message ? new ApiError(400, 'validation', first.message, [{ field, message }]) : undefined;
}

interface Outcome {
  trackingId: string;
  result: BulkResult;
}

export function BulkActions({ selected, onDone }: Props) {
  const [action, setAction] = useState('spam');
  // What was typed for each action: switching action never carries a reason over to the other one.
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const reason = reasons[action] ?? '';
  const setReason = (text: string) => setReasons((prev) => ({ ...prev, [action]: text }));
  const [original, setOriginal] = useState('');
  const [results, setResults] = useState<Outcome[] | undefined>(undefined);
  const { run, error, busy, formRef, alertRef } = useFormMutation<Outcome[]>({
    onSuccess: (outcomes) => {
      setResults(outcomes);
      // Done: the next action starts from an empty form.
      setReasons({});
      setOriginal('');
      onDone();
    },
  });
  const count = selected.size;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const outcomes = await run(async () => {
      if (count === 0) throw new ApiError(0, 'client', 'Select at least one report in the table first.');
      const names = new Map(selected);
      const answer = await reportsApi.bulkTransition({
        ids: [...selected.keys()],
        to: action,
        reason,
        ...(action === 'duplicate' ? { duplicateOf: original.trim() } : {}),
      });
      const shared = sharedFieldError(answer.results);
      if (shared) throw shared;
      return answer.results.map((result) => ({ trackingId: names.get(result.id) ?? `#${result.id}`, result }));
    });
    if (!outcomes) setResults(undefined);
  };

  const fields = fieldMessages(error);
  const okCount = results?.filter((r) => r.result.ok).length ?? 0;
  return (
    <section className="card bulk-actions" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">Bulk actions</h2>
      <p className="hint" aria-live="polite">
        {count === 0 ? 'No reports selected.' : `${count} ${count === 1 ? 'report' : 'reports'} selected.`}
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="form" aria-label="Bulk action on the selected reports">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['reason', 'duplicateOf']} />
        <SelectField label="Action" name="bulkAction" options={ACTIONS} value={action} onChange={(e) => setAction(e.target.value)} />
        {action === 'duplicate' ? (
          <TextField
            label="Original report"
            name="duplicateOf"
            hint="Its tracking id, such as PR-2026-00001."
            value={original}
            onChange={(e) => setOriginal(e.target.value)}
            error={fields.duplicateOf}
            autoComplete="off"
            spellCheck={false}
          />
        ) : null}
        <TextAreaField
          label="Reason"
          name="bulkReason"
          hint="Shown on each report's timeline and mailed to its reporter. Cleared after each action."
          rows={2}
          autoComplete="off"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fields.reason ? [fields.reason] : undefined}
        />
        <button type="submit" disabled={busy}>
          Apply to selected reports
        </button>
      </form>
      {results ? (
        <div className="bulk-results" role="status">
          <p>
            {okCount} of {results.length} {results.length === 1 ? 'report' : 'reports'} moved.
          </p>
          <ul>
            {results.map(({ trackingId, result }) => (
              <li key={result.id} className={result.ok ? 'result-ok' : 'result-failed'}>
                <strong>{trackingId}</strong>: {result.ok ? 'done.' : `not moved — ${result.error?.message ?? 'refused.'}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
