// The confirmation after a report is sent: its tracking id, for reporters who are not signed in the secret
// link to the reporter view (shown once, with a note to keep it and a copy button), and how each attachment
// fared.
import { Link } from 'react-router';
import type { Submitted } from './reporterApi.ts';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { CopyField } from './CopyField.tsx';

export interface UploadResult {
  name: string;
  /** undefined when uploaded. */
  error: string | undefined;
}

interface Props {
  submitted: Submitted;
  uploads: readonly UploadResult[];
  contactEmail: string;
}

function localPath(link: string): string {
  const url = new URL(link, window.location.origin);
  return `${url.pathname}${url.hash}`;
}

export function ReportSubmitted({ submitted, uploads, contactEmail }: Props) {
  const failed = uploads.filter((u) => u.error !== undefined);
  return (
    <div className="report-submitted">
      <PageHeading title="Report received" />
      <div className="alert alert-success">
        <p>
          Thank you. Your report has the tracking id <strong className="tracking-id">{submitted.trackingId}</strong>. Mention it whenever
          you write to us about this report.
        </p>
      </div>

      {submitted.reporterLink ? (
        <section className="card section-gap secret-link" aria-labelledby="keep-link-heading">
          <h2 id="keep-link-heading">Keep this link</h2>
          <p>
            This secret link is the only way to follow your report, read the team's answers and reply without an account. Anyone who has it
            can read the report, so keep it private. It is shown only here
            {contactEmail ? <> and in the receipt we sent to {contactEmail}</> : null}.
          </p>
          <CopyField label="Your secret link to this report" value={submitted.reporterLink} />
          <p>
            <Link to={localPath(submitted.reporterLink)}>Open the report</Link>
          </p>
        </section>
      ) : (
        <p className="section-gap">
          You can follow the report, read the team's answers and reply under{' '}
          <Link to={`/reporter/${submitted.id}`}>{submitted.trackingId}</Link> in <Link to="/reporter">My reports</Link>.
        </p>
      )}

      {uploads.length > 0 ? (
        <section className="card section-gap" aria-labelledby="uploads-heading">
          <h2 id="uploads-heading">Attachments</h2>
          {failed.length > 0 ? (
            <p className="warning-text">
              {failed.length === 1 ? 'One file was' : `${failed.length} files were`} not attached. The report itself is stored; you can send
              the file in a reply instead.
            </p>
          ) : null}
          <ul className="upload-results">
            {uploads.map((u, i) => (
              <li key={`${i}:${u.name}`} className={u.error ? 'upload-failed' : 'upload-ok'}>
                <strong>{u.name}</strong>: {u.error ? <span className="field-error">not attached: {u.error}</span> : 'attached.'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
