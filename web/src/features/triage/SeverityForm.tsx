// Severity: the CVSS vector (4.0, 3.1, 3.0; 2.0 accepted) with the CVSS 4.0 and 3.1 calculator (metric pickers
// and the vector text kept in sync), scored on the server; and the seed 000 risk level, which follows the score
// (high from 7.0) unless the team overrides it. An empty vector removes the score.
import { useState, type SubmitEvent } from 'react';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useReportAction } from './useReportAction.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { CvssCalculator } from '../cvss/CvssCalculator.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

const RISK_OPTIONS = [
  { value: '', label: 'Follow the CVSS score' },
  { value: 'high', label: 'High risk' },
  { value: 'low', label: 'Low risk' },
];

export function SeverityForm({ report, onChanged }: Props) {
  const [vector, setVector] = useState(report.cvssVector ?? '');
  const [risk, setRisk] = useState(report.risk.overridden ? (report.risk.level ?? '') : '');
  const { error, setError, done, busy, formRef, alertRef, run } = useReportAction(onChanged);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const text = vector.trim();
    const cvssVector = text ? text : report.cvssVector ? null : undefined;
    const riskOverride = risk === 'high' || risk === 'low' ? risk : null;
    const changed = await run(() => reportsApi.score(report.id, { cvssVector, riskOverride }), 'Severity saved.');
    if (changed) setVector(changed.cvssVector ?? '');
  };

  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="severity-heading" className="card">
      <h2 id="severity-heading">Severity</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="severity-heading">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['cvssVector', 'riskOverride']} />
        <CvssCalculator
          value={vector}
          onChange={(v) => {
            setVector(v);
            // The server's message was about the vector as it was; the calculator checks the new one.
            if (fields.cvssVector) setError(undefined);
          }}
          error={fields.cvssVector}
          disabled={busy}
        />
        <SelectField
          label="Risk level"
          name="riskOverride"
          hint="High risk from CVSS 7.0 up, low below, unless set here."
          options={RISK_OPTIONS}
          value={risk}
          onChange={(e) => setRisk(e.target.value)}
          error={fields.riskOverride}
        />
        <button type="submit" disabled={busy}>
          Save severity
        </button>
      </form>
    </section>
  );
}
