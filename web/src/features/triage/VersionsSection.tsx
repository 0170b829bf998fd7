// Affected products and version ranges of a report, and the versions that fix them (seed 001: "Identifies
// all versions affected by the vulnerability"), with the window of vulnerability they give (seed 003: from
// the first release of an affected version to the release of the fix, from the product catalogue's dates).
import { useState, type SubmitEvent } from 'react';
import { fieldMessages } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useReportAction } from './useReportAction.ts';
import { formatDay } from '../../lib/dates.ts';
import { productsApi } from '../admin/products/productsApi.ts';
import { reportsApi, type ReportDetail, type ReportVersion, type WindowOfVulnerability } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

function WindowSummary({ w }: { w: WindowOfVulnerability }) {
  const days = `${w.days} ${w.days === 1 ? 'day' : 'days'}`;
  const since =
    w.since.basis === 'first_affected_release'
      ? `from the release of ${w.since.version} on ${formatDay(w.since.date)}`
      : `at least, counted from the report's receipt on ${formatDay(w.since.date)} (no affected release date is known)`;
  const until = w.until
    ? `to the release of the fix ${w.until.version} on ${formatDay(w.until.date)}`
    : 'and still open: no released fix yet';
  return (
    <p className="window-of-vulnerability">
      <strong>Window of vulnerability: {days}</strong>, {since}, {until}.
    </p>
  );
}

function VersionRow({ report, v, onChanged }: { report: ReportDetail; v: ReportVersion; onChanged: (report: ReportDetail) => void }) {
  const [fixedIn, setFixedIn] = useState(v.fixedIn);
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    await run(() => reportsApi.updateVersion(report.id, v.id, { fixedIn }), `Fixed version of ${v.product} saved.`);
  };
  const fields = fieldMessages(error);
  return (
    <li className="version-entry">
      <p>
        <strong>{v.product}</strong>: {v.affected}
        {v.fixedIn ? <> · fixed in {v.fixedIn}</> : <> · no fix recorded</>}
      </p>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <form ref={formRef} onSubmit={save} noValidate className="inline-form" aria-label={`Fixed version of ${v.product} ${v.affected}`}>
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['fixedIn']} />
        <TextField label="Fixed in" name="fixedIn" value={fixedIn} onChange={(e) => setFixedIn(e.target.value)} error={fields.fixedIn} />
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={busy}
          onClick={() => void run(() => reportsApi.removeVersion(report.id, v.id), `${v.product} ${v.affected} removed.`)}
        >
          Remove
        </button>
      </form>
    </li>
  );
}

export function VersionsSection({ report, onChanged }: Props) {
  const products = useApiQuery(['productsApi.list'], () => productsApi.list());
  const [productId, setProductId] = useState(String(report.product.id));
  const [affected, setAffected] = useState('');
  const [fixedIn, setFixedIn] = useState('');
  const { error, done, busy, formRef, alertRef, run } = useReportAction(onChanged);

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    const saved = await run(
      () => reportsApi.addVersion(report.id, { productId: Number(productId), affected, ...(fixedIn.trim() ? { fixedIn } : {}) }),
      'Affected versions recorded.',
    );
    if (saved) {
      setAffected('');
      setFixedIn('');
    }
  };

  const options = (products.data?.items ?? [{ id: report.product.id, name: report.product.name }]).map((p) => ({
    value: String(p.id),
    label: p.name,
  }));
  const fields = fieldMessages(error);
  return (
    <section aria-labelledby="versions-heading" className="card">
      <h2 id="versions-heading">Affected versions</h2>
      {report.windowOfVulnerability ? <WindowSummary w={report.windowOfVulnerability} /> : null}
      {report.versions.length === 0 ? (
        <p className="muted">
          No affected versions recorded yet.{report.affectedVersions ? ` The reporter wrote: ${report.affectedVersions}` : ''}
        </p>
      ) : (
        <ul className="version-list">
          {report.versions.map((v) => (
            <VersionRow key={v.id} report={report} v={v} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <form ref={formRef} onSubmit={add} noValidate className="form" aria-label="Record affected versions">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={['productId', 'affected', 'fixedIn']} />
        <SelectField
          label="Product"
          name="productId"
          options={options}
          value={productId}
          onChange={(e) => setProductId(e.target.value)}
          error={fields.productId}
        />
        <TextField
          label="Affected versions"
          name="affected"
          hint='A range such as ">= 2.0, < 2.4.1", or "<= 1.9 || 3.0".'
          value={affected}
          onChange={(e) => setAffected(e.target.value)}
          error={fields.affected}
        />
        <TextField
          label="Fixed in (when known)"
          name="fixedIn"
          value={fixedIn}
          onChange={(e) => setFixedIn(e.target.value)}
          error={fields.fixedIn}
        />
        <button type="submit" disabled={busy}>
          Record versions
        </button>
      </form>
    </section>
  );
}
