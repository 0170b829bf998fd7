// Similar reports (seed 003's "bugs cluster"): others the user may read with the same CWE, product or
// component, or a similar description, each with the reasons.
import { Link } from 'react-router';
import { useApiQuery } from '../../hooks/useApi.ts';
import { reasonLabel, stateLabel } from './reportLabels.ts';
import { reportsApi } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';

export function SimilarReports({ reportId, version }: { reportId: number; version: string }) {
  const similar = useApiQuery(['reportsApi.similar', reportId, version], () => reportsApi.similar(reportId));
  return (
    <section aria-labelledby="similar-heading" className="card">
      <h2 id="similar-heading">Similar reports</h2>
      <ErrorAlert error={similar.error} />
      {similar.data ? (
        similar.data.items.length === 0 ? (
          <p className="muted">None found.</p>
        ) : (
          <ul className="similar-list">
            {similar.data.items.map((s) => (
              <li key={s.id}>
                <Link to={`/reports/${s.id}`}>{s.trackingId}</Link> {s.title} <span className="muted">({stateLabel(s.state)})</span>
                <span className="row-note">{s.reasons.map(reasonLabel).join(' · ')}</span>
              </li>
            ))}
          </ul>
        )
      ) : similar.loading ? (
        <Loading what="Looking for similar reports" />
      ) : null}
    </section>
  );
}
