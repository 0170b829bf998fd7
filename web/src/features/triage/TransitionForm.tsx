// Moves the report to another state: only the moves its current state allows, always with a reason (shown on
// the timeline, to the reporter too); marking a duplicate names the original; disclosing before the agreed
// disclosure date asks for an explicit confirmation (which the server requires too).
import { useState, type SubmitEvent } from 'react';
import { ApiError } from '../../api.ts';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useReportAction } from './useReportAction.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { daysLeftText } from './reportLabels.ts';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Time } from '../../ui/Time.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

export function TransitionForm({ report, onChanged }: Props) {
  // The states the server lets this viewer move the report to (none without the transition ability).
  const transitions = report.abilities.transition ? report.viewer.transitions : [];
  const [to, setTo] = useState(transitions[0]?.state ?? '');
  const [reason, setReason] = useState('');
  const [original, setOriginal] = useState('');
  const [confirmEarly, setConfirmEarly] = useState(false);
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);
  const current = transitions.some((t) => t.state === to) ? to : (transitions[0]?.state ?? '');
  const early = current === 'disclosed' && report.daysLeft > 0;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const label = transitions.find((t) => t.state === current)?.label ?? current;
    const ok = await run(
      () =>
        reportsApi.transition(report.id, {
          to: current,
          reason,
          ...(current === 'duplicate' ? { duplicateOf: original.trim() } : {}),
          ...(early && confirmEarly ? { confirmEarlyDisclosure: true } : {}),
        }),
      `Moved to ${label.toLowerCase()}.`,
    );
    if (ok) {
      setReason('');
      setOriginal('');
      setConfirmEarly(false);
    }
  };

  const fields = fieldMessages(error);
  // The server's refusal names the confirmation by its API name; the form points at its box instead.
  const shownError =
    error?.id === 'confirmation_required'
      ? new ApiError(
          error.status,
          error.id,
          'Not done: the agreed disclosure date has not come yet. Confirm below to disclose before it.',
          error.fields,
        )
      : error;
  return (
    <section aria-labelledby="transition-heading" className="card">
      <h2 id="transition-heading">Change the state</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {transitions.length === 0 ? (
        <p className="muted">No further state change is possible from {report.stateLabel.toLowerCase()}.</p>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="transition-heading">
          <ErrorAlert error={shownError} alertRef={alertRef} shownFields={['reason', 'duplicateOf', 'to', 'confirmEarlyDisclosure']} />
          <SelectField
            label="New state"
            name="to"
            options={transitions.map((t) => ({ value: t.state, label: t.label }))}
            value={current}
            onChange={(e) => setTo(e.target.value)}
            error={fields.to}
          />
          {current === 'duplicate' ? (
            <TextField
              label="Original report"
              name="duplicateOf"
              hint="The tracking id of the report this one repeats, such as PR-2026-00001."
              value={original}
              onChange={(e) => setOriginal(e.target.value)}
              error={fields.duplicateOf}
              autoComplete="off"
              spellCheck={false}
            />
          ) : null}
          {early ? (
            <>
              <div className="alert alert-warning">
                <p>
                  The agreed disclosure date is <Time value={report.disclosureDate} />, {daysLeftText(report.daysLeft).replace(' left', '')}{' '}
                  from now. Disclosing before it breaks the date agreed with the reporter.
                </p>
              </div>
              <CheckboxField
                label="Yes, disclose early"
                name="confirmEarlyDisclosure"
                checked={confirmEarly}
                onChange={setConfirmEarly}
                error={
                  fields.confirmEarlyDisclosure ? 'Tick this to disclose before the agreed date, and say why in the reason.' : undefined
                }
              />
            </>
          ) : null}
          <TextAreaField
            label="Reason"
            name="reason"
            hint="Required. Shown on the timeline, to the reporter too."
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={fields.reason ? [fields.reason] : undefined}
          />
          <button type="submit" disabled={busy}>
            Change state
          </button>
        </form>
      )}
    </section>
  );
}
