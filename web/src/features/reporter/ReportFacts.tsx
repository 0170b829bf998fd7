// The report at a glance for its reporter: status, tracking id, product, severity, weakness, and the
// disclosure date with the days left.
import type { ReporterReport } from './reporterApi.ts';
import { isFinished } from '../../../../src/shared/report-states.ts';
import { daysLeftText } from './daysLeft.ts';
import { SeverityBadge } from '../cvss/CvssScoreView.tsx';
import { Time } from '../../ui/Time.tsx';

export function ReportFacts({ report }: { report: ReporterReport }) {
  const finished = isFinished(report.state);
  return (
    <dl className="details report-facts">
      <div>
        <dt>Status</dt>
        <dd>
          <span className={`report-state report-state-${report.state.replace(/_/g, '-')}`}>{report.stateLabel}</span>
        </dd>
      </div>
      <div>
        <dt>Tracking id</dt>
        <dd className="tracking-id">{report.trackingId}</dd>
      </div>
      <div>
        <dt>Product</dt>
        <dd>{report.product.name}</dd>
      </div>
      <div>
        <dt>Severity</dt>
        <dd>
          {report.severity ? (
            <>
              <SeverityBadge severity={report.severity} /> {report.cvssScore !== null ? report.cvssScore.toFixed(1) : null}
            </>
          ) : (
            <span className="muted">Not scored yet</span>
          )}
        </dd>
      </div>
      {report.cvssVector ? (
        <div className="report-facts-wide">
          <dt>CVSS vector</dt>
          <dd>
            <code>{report.cvssVector}</code>
          </dd>
        </div>
      ) : null}
      {report.cwe ? (
        <div className="report-facts-wide">
          <dt>Weakness</dt>
          <dd>
            CWE-{report.cwe.id}: {report.cwe.name}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Received</dt>
        <dd>
          <Time value={report.receivedAt} />
        </dd>
      </div>
      <div>
        <dt>Disclosure date</dt>
        <dd>
          <Time value={report.disclosureDate} />
          {finished ? null : <span className="muted"> ({daysLeftText(report.daysLeft)})</span>}
        </dd>
      </div>
    </dl>
  );
}
