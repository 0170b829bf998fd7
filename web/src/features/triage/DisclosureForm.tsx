// The disclosure date's inputs besides the product policy (seed 003: the reporter has a say): the reporter's
// preferred date, and an agreed extension in days with its reason.
import { useState, type SubmitEvent } from 'react';
import { ApiError } from '../../api.ts';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useReportAction } from './useReportAction.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

export function DisclosureForm({ report, onChanged }: Props) {
  const d = report.disclosure;
  const [preferred, setPreferred] = useState(d.preferredDate ?? '');
  const [days, setDays] = useState(String(d.extensionDays));
  const [reason, setReason] = useState(d.extensionReason);
  const { error, setError, done, busy, formRef, alertRef, run } = useReportAction(onChanged);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const text = days.trim() === '' ? '0' : days.trim();
    if (!/^\d{1,3}$/.test(text)) {
      setError(
        new ApiError(0, 'client', 'Check the extension.', [
          { field: 'extensionDays', message: 'must be a whole number of days from 0 to 365.' },
        ]),
      );
      return;
    }
    await run(
      () => reportsApi.setDisclosure(report.id, { preferredDate: preferred || null, extensionDays: Number(text), extensionReason: reason }),
      'Disclosure date saved.',
    );
  };

  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="disclosure-heading" className="card">
      <h2 id="disclosure-heading">Disclosure date</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <p className="hint">
        Product policy: {d.policyDays === 0 ? 'disclosure at once' : `${d.policyDays} days after receipt`}. The reporter's preferred date
        replaces it; an extension is added to either.
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="disclosure-heading">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['preferredDate', 'extensionDays', 'extensionReason']} />
        <TextField
          label="Reporter's preferred date"
          name="preferredDate"
          type="date"
          hint="Empty: none."
          value={preferred}
          onChange={(e) => setPreferred(e.target.value)}
          error={fields.preferredDate}
        />
        <TextField
          label="Extension (days)"
          name="extensionDays"
          inputMode="numeric"
          autoComplete="off"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fields.extensionDays}
        />
        <TextAreaField
          label="Reason for the extension"
          name="extensionReason"
          hint="Needed with an extension. Shown to the reporter."
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fields.extensionReason ? [fields.extensionReason] : undefined}
        />
        <button type="submit" disabled={busy}>
          Save disclosure date
        </button>
      </form>
    </section>
  );
}
