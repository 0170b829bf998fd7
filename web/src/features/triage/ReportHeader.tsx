// The facts at the top of a report: state, product, severity and CVSS vector, the seed 000 risk level with
// its guidance, assignee, receipt and acknowledgement, the disclosure date with days left and what it comes
// from (policy, the reporter's preferred date, an agreed extension), and the SLA clocks.
import { Link } from 'react-router';
import { formatDay } from '../../lib/dates.ts';
import { ageText, clockLabel, daysLeftText, foundByLabel } from './reportLabels.ts';
import type { ReportDetail } from './reportsApi.ts';
import { Time } from '../../ui/Time.tsx';
import { SeverityBadge, SlaBadge, StateBadge } from './Badges.tsx';

function riskText(level: string | null): string {
  if (level === 'high') return 'High risk';
  if (level === 'low') return 'Low risk';
  return 'Not assessed (no CVSS score yet)';
}

export function ReportHeader({ report }: { report: ReportDetail }) {
  const stage = report.stages?.find((s) => s.current);
  const d = report.disclosure;
  return (
    <section aria-labelledby="report-facts-heading" className="card triage-report-facts">
      <h2 id="report-facts-heading" className="visually-hidden">
        Summary
      </h2>
      <dl className="details">
        <div>
          <dt>State</dt>
          <dd>
            <StateBadge state={report.state} label={report.stateLabel} />
            {report.duplicateOf ? (
              <span className="row-note">
                of <Link to={`/reports/${report.duplicateOf.id}`}>{report.duplicateOf.trackingId}</Link>
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd>{stage?.label ?? report.stage}</dd>
        </div>
        <div>
          <dt>Product</dt>
          <dd>
            {report.product.name}
            {report.affectedVersions ? <span className="row-note">Versions: {report.affectedVersions}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={report.severity} score={report.cvssScore} />
            {report.cvssVector ? (
              <span className="row-note">
                <code className="vector">{report.cvssVector}</code>
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Risk level</dt>
          <dd>
            {riskText(report.risk.level)}
            {report.risk.overridden ? <span className="row-note">Set by the team</span> : null}
          </dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd>{report.assignee ? report.assignee.username : <span className="muted">Unassigned</span>}</dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>
            <Time value={report.receivedAt} />
            <span className="row-note">Age: {ageText(report.ageDays)}</span>
          </dd>
        </div>
        <div>
          <dt>Acknowledged</dt>
          <dd>{report.acknowledgedAt ? <Time value={report.acknowledgedAt} /> : <span className="tag tag-attention">Not yet</span>}</dd>
        </div>
        <div>
          <dt>Disclosure date</dt>
          <dd>
            <Time value={report.disclosureDate} />
            <span className="row-note">{daysLeftText(report.daysLeft)}</span>
          </dd>
        </div>
        <div>
          <dt>CWE</dt>
          <dd>{report.cwe ? `CWE-${report.cwe.id}: ${report.cwe.name}` : <span className="muted">Not classified</span>}</dd>
        </div>
        <div>
          <dt>CVE ID</dt>
          <dd>{report.cveId ?? <span className="muted">None yet</span>}</dd>
        </div>
        <div>
          <dt>How found</dt>
          <dd>{foundByLabel(report.foundBy)}</dd>
        </div>
      </dl>
      {report.warnings.length > 0 ? (
        <div className="alert alert-warning report-warnings">
          <p>
            <strong>Check the dates:</strong>
          </p>
          <ul>
            {report.warnings.map((w) => (
              <li key={w.id}>
                {w.id === 'fix_after_disclosure' ? (
                  <>
                    The fix target of the SLA (<Time value={w.fixDueOn} />) is after the agreed disclosure date (
                    <Time value={w.disclosureOn} />
                    ): fix it sooner, or agree a later disclosure date with the reporter.
                  </>
                ) : (
                  w.message
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {report.risk.guidance ? (
        <p className={`risk-guidance risk-${report.risk.level ?? 'none'}`}>
          <strong>Guidance: </strong>
          {report.risk.guidance}
        </p>
      ) : null}
      <p className="disclosure-basis">
        <strong>Disclosure: </strong>
        {d.preferredDate
          ? `the reporter's preferred date, ${formatDay(d.preferredDate)}`
          : d.policyDays === 0
            ? 'at once under the product policy'
            : `${d.policyDays} days after receipt under the product policy`}
        {d.extensionDays > 0 ? `, extended by ${d.extensionDays} ${d.extensionDays === 1 ? 'day' : 'days'}` : ''}
        {d.extensionDays > 0 && d.extensionReason ? ` (${d.extensionReason})` : ''}.
      </p>
      {report.sla && report.sla.length > 0 ? (
        <table className="data-table sla-table">
          <caption>Service-level clocks</caption>
          <thead>
            <tr>
              <th scope="col">Clock</th>
              <th scope="col">Due</th>
              <th scope="col">Done</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {report.sla.map((c) => (
              <tr key={c.name}>
                <th scope="row">{clockLabel(c.name)}</th>
                <td>
                  <Time value={c.due} />
                </td>
                <td>{c.doneAt ? <Time value={c.doneAt} /> : <span className="muted">Not yet</span>}</td>
                <td>
                  <SlaBadge status={c.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
