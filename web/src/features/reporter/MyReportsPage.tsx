// My reports (/reporter): the reports a signed-in user reported or co-reports, newest first, each linking to
// its reporter view.
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { MyInvitations } from './MyInvitations.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { SeverityBadge } from '../cvss/CvssScoreView.tsx';
import { Time } from '../../ui/Time.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { reporterApi } from './reporterApi.ts';
import { isFinished } from '../../../../src/shared/report-states.ts';
import { daysLeftText } from './daysLeft.ts';
import './report.css';

export function MyReportsPage() {
  const reports = useApiQuery(['reporterApi.mine'], () => reporterApi.mine());
  const items = reports.data?.items;
  return (
    <>
      <PageHeading title="My reports" />
      <p>
        Vulnerabilities you reported or were invited to as a co-reporter. <Link to="/report">Report a vulnerability</Link>
      </p>
      <MyInvitations />
      <ErrorAlert error={reports.error} />
      {items === undefined ? (
        reports.error ? null : (
          <Loading what="Loading your reports" />
        )
      ) : items.length === 0 ? (
        <p className="muted">You have not reported anything yet.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">My reports</caption>
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Status</th>
              <th scope="col">Product</th>
              <th scope="col">Severity</th>
              <th scope="col">Received</th>
              <th scope="col">Disclosure</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/reporter/${r.id}`}>
                    <span className="tracking-id">{r.trackingId}</span> {r.title}
                  </Link>
                </th>
                <td>
                  <span className={`report-state report-state-${r.state.replace(/_/g, '-')}`}>{r.stateLabel}</span>
                </td>
                <td>{r.product.name}</td>
                <td>{r.severity ? <SeverityBadge severity={r.severity} /> : <span className="muted">Not scored</span>}</td>
                <td>
                  <Time value={r.receivedAt} />
                </td>
                <td>
                  <Time value={r.disclosureDate} />
                  {isFinished(r.state) ? null : <span className="muted"> ({daysLeftText(r.daysLeft)})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
