// Classification: the CWE, how the issue was found (seed 003's table), the affected component, and the CVE
// ID — typed in, or the next reserved one taken from the pool.
import { useState, type SubmitEvent } from 'react';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useReportAction } from './useReportAction.ts';
import { FOUND_BY_OPTIONS } from './reportLabels.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { CwePicker } from '../cwe/CwePicker.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

export function ClassificationForm({ report, onChanged }: Props) {
  const [cwe, setCwe] = useState(report.cwe ?? undefined);
  const [foundBy, setFoundBy] = useState(report.foundBy);
  const [component, setComponent] = useState(report.component);
  const [cveId, setCveId] = useState(report.cveId ?? '');
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const cve = cveId.trim();
    await run(
      () =>
        reportsApi.classify(report.id, {
          cweId: cwe?.id ?? null,
          foundBy,
          component,
          ...(cve ? { cveId: cve } : report.cveId ? { cveId: null } : {}),
        }),
      'Classification saved.',
    );
  };

  const takeFromPool = async () => {
    const changed = await run(() => reportsApi.classify(report.id, { cveFromPool: true }), 'Took a CVE ID from the pool of reserved IDs.');
    if (changed) setCveId(changed.cveId ?? '');
  };

  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="classification-heading" className="card">
      <h2 id="classification-heading">Classification</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="classification-heading">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['cweId', 'foundBy', 'component', 'cveId']} />
        <CwePicker mode="search" value={cwe} onChange={setCwe} error={fields.cweId} />
        <SelectField
          label="How it was found"
          name="foundBy"
          options={FOUND_BY_OPTIONS}
          value={foundBy}
          onChange={(e) => setFoundBy(e.target.value)}
          error={fields.foundBy}
        />
        <TextField
          label="Component"
          name="component"
          value={component}
          onChange={(e) => setComponent(e.target.value)}
          error={fields.component}
          autoComplete="off"
        />
        <TextField
          label="CVE ID"
          name="cveId"
          hint="Such as CVE-2026-12345; or take a reserved one from the pool."
          value={cveId}
          onChange={(e) => setCveId(e.target.value)}
          error={fields.cveId}
          autoComplete="off"
          spellCheck={false}
        />
        <div className="button-row">
          <button type="submit" disabled={busy}>
            Save classification
          </button>
          {report.cveId ? null : (
            <button type="button" className="button-secondary" disabled={busy} onClick={() => void takeFromPool()}>
              Take a CVE ID from the pool
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
