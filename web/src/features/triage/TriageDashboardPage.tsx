// The security team's dashboard: open reports (of the products the user may read) by age, severity, SLA
// state and state, as bar charts with the numbers as tables for screen readers; and my alerts.
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { AlertList } from './AlertList.tsx';
import { BarChart } from './BarChart.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { SEVERITIES, SLA_STATUSES, STATE_OPTIONS, severityLabel, slaLabel } from './reportLabels.ts';
import { reportsApi } from './reportsApi.ts';
import './triage.css';

export function TriageDashboardPage() {
  const dashboard = useApiQuery(['reportsApi.dashboard'], () => reportsApi.dashboard());
  const d = dashboard.data;
  return (
    <>
      <PageHeading title="Dashboard" />
      <ErrorAlert error={dashboard.error} />
      <div className="columns">
        <div className="column-main stack">
          {d ? (
            <>
              <section aria-labelledby="totals-heading" className="card">
                <h2 id="totals-heading">Open reports</h2>
                <dl className="totals">
                  <div>
                    <dt>Open</dt>
                    <dd>
                      <Link to="/reports?open=1">{d.open}</Link>
                    </dd>
                  </div>
                  <div className={d.unacknowledged > 0 ? 'total-attention' : undefined}>
                    <dt>Not acknowledged</dt>
                    <dd>
                      <Link to="/reports?open=1&unacknowledged=1">{d.unacknowledged}</Link>
                    </dd>
                  </div>
                  <div className={(d.bySla.breached ?? 0) > 0 ? 'total-attention' : undefined}>
                    <dt>SLA breached</dt>
                    <dd>{d.bySla.breached ?? 0}</dd>
                  </div>
                </dl>
              </section>
              <section aria-labelledby="charts-heading" className="card">
                <h2 id="charts-heading">Open reports by age, severity and SLA state</h2>
                <div className="chart-grid">
                  <BarChart
                    id="chart-age"
                    title="By age"
                    unit="Open reports"
                    bars={d.byAge.map((b, i) => ({ key: String(i), label: b.label, count: b.count, className: `age-${i}` }))}
                  />
                  <BarChart
                    id="chart-severity"
                    title="By severity"
                    unit="Open reports"
                    bars={SEVERITIES.map((s) => ({
                      key: s,
                      label: severityLabel(s),
                      count: d.bySeverity[s] ?? 0,
                      className: `severity-${s}`,
                    }))}
                  />
                  <BarChart
                    id="chart-sla"
                    title="By SLA state (worst clock)"
                    unit="Open reports"
                    bars={SLA_STATUSES.map((s) => ({ key: s, label: slaLabel(s), count: d.bySla[s] ?? 0, className: `sla-${s}` }))}
                  />
                  <BarChart
                    id="chart-state"
                    title="By state"
                    unit="Open reports"
                    bars={STATE_OPTIONS.filter(
                      (s) =>
                        (d.byState[s.value] ?? 0) > 0 || ['new', 'triaged', 'in_remediation', 'fixed', 'needs_more_info'].includes(s.value),
                    ).map((s) => ({
                      key: s.value,
                      label: s.label,
                      count: d.byState[s.value] ?? 0,
                      className: 'state-bar',
                    }))}
                  />
                </div>
              </section>
            </>
          ) : dashboard.loading ? (
            <Loading what="Loading the dashboard" />
          ) : null}
        </div>
        <div className="column-side stack">
          <AlertList />
        </div>
      </div>
    </>
  );
}
