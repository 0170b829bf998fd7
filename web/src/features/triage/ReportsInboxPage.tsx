// The security team's inbox: every report the user may read; by default open reports not yet acknowledged
// first with their age, then the other open reports, finished ones last. Filtered and ordered through the
// address (the filter form, or the sortable column headers: severity, age, disclosure date); paged; rows can be
// selected for bulk triage (close as spam, mark duplicates) when the server says the user may triage
// (GET /api/session abilities).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { SeverityBadge, SlaBadge, StateBadge } from './Badges.tsx';
import { BulkActions } from './BulkActions.tsx';
import { InboxFilters, inboxFilterOf } from './InboxFilters.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';
import { Time } from '../../ui/Time.tsx';
import { isFinished } from '../../../../src/shared/report-states.ts';
import { ageText, daysLeftText } from './reportLabels.ts';
import { reportsApi, type ReportSummary } from './reportsApi.ts';
import { useSession } from '../../session.tsx';
import './triage.css';

const LIMIT = 25;

type AriaSort = 'ascending' | 'descending';

/** The order each sortable column gives, and how that order reads for the column. */
interface ColumnOrder {
  sort: string;
  direction: AriaSort;
}

const COLUMN_ORDERS = {
  severity: [{ sort: 'severity', direction: 'descending' }],
  age: [
    { sort: 'oldest', direction: 'descending' },
    { sort: 'newest', direction: 'ascending' },
  ],
  disclosure: [{ sort: 'disclosure', direction: 'ascending' }],
} satisfies Record<string, readonly [ColumnOrder, ...ColumnOrder[]]>;

/** A column header that orders the inbox by its column (a second press reverses it where that exists). */
function SortableHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: keyof typeof COLUMN_ORDERS;
  label: string;
  sort: string;
  onSort: (sort: string) => void;
}) {
  const orders: readonly [ColumnOrder, ...ColumnOrder[]] = COLUMN_ORDERS[column];
  const index = orders.findIndex((o) => o.sort === sort);
  const active: ColumnOrder | undefined = orders[index]; // none at index -1
  const next = orders[(index + 1) % orders.length] ?? orders[0];
  return (
    <th scope="col" aria-sort={active?.direction}>
      <button type="button" className="sort-button" onClick={() => onSort(next.sort)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (active.direction === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

interface RowProps {
  r: ReportSummary;
  /** Whether rows can be selected for bulk triage. */
  selectable: boolean;
  selected: boolean;
  onToggle: (on: boolean) => void;
}

/** One report in the inbox; reports waiting for acknowledgement stand out (in words too). */
function InboxRow({ r, selectable, selected, onToggle }: RowProps) {
  const waiting = !r.acknowledgedAt && !isFinished(r.state);
  return (
    <tr className={waiting ? 'row-unacknowledged' : undefined}>
      {selectable ? (
        <td className="select-cell">
          {r.abilities.transition ? (
            <>
              <input type="checkbox" id={`select-${r.id}`} checked={selected} onChange={(e) => onToggle(e.target.checked)} />
              <label htmlFor={`select-${r.id}`} className="visually-hidden">
                Select {r.trackingId}
              </label>
            </>
          ) : null}
        </td>
      ) : null}
      <th scope="row">
        <Link to={`/reports/${r.id}`}>{r.trackingId}</Link>
      </th>
      <td className="title-cell">{r.title}</td>
      <td>{r.product.name}</td>
      <td>
        <StateBadge state={r.state} label={r.stateLabel} />
      </td>
      <td>
        <SeverityBadge severity={r.severity} score={r.cvssScore} />
      </td>
      <td>
        <SlaBadge status={r.slaStatus} />
      </td>
      <td className="age-cell">
        {ageText(r.ageDays)}
        {waiting ? <span className="tag tag-attention">Not acknowledged</span> : null}
      </td>
      <td>
        <Time value={r.disclosureDate} className="nowrap" />
        <span className="row-note">{daysLeftText(r.daysLeft)}</span>
      </td>
      <td>{r.assignee ? r.assignee.username : <span className="muted">Unassigned</span>}</td>
    </tr>
  );
}

export function ReportsInboxPage() {
  // The bulk triage form and its selection column: the session's triage ability; each row then says itself.
  const bulkTriage = useSession().user?.abilities.triage === true;
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const filter = inboxFilterOf(params, LIMIT);
  const reports = useApiQuery(['reportsApi.list', key], () => reportsApi.list(filter));
  const products = useApiQuery(['reportsApi.products'], () => reportsApi.products());
  const [selected, setSelected] = useState<Map<number, string>>(new Map());
  const filtered = [...params.keys()].some((k) => k !== 'offset' && k !== 'sort');
  const sort = filter.sort ?? 'inbox';
  const sortBy = (next: string) => {
    const p = new URLSearchParams(params);
    p.delete('offset');
    if (next === 'inbox') p.delete('sort');
    else p.set('sort', next);
    setParams(p);
  };

  const toggle = (r: ReportSummary, on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (on) next.set(r.id, r.trackingId);
      else next.delete(r.id);
      return next;
    });
  const items = reports.data?.items ?? [];
  // Each report says whether this viewer may change its state (the bulk actions are state changes).
  const selectable = items.filter((r) => r.abilities.transition);
  const allOnPage = selectable.length > 0 && selectable.every((r) => selected.has(r.id));
  const toggleAll = (on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      for (const r of selectable) {
        if (on) next.set(r.id, r.trackingId);
        else next.delete(r.id);
      }
      return next;
    });

  return (
    <>
      <PageHeading title="Reports" />
      <p className="subtitle">
        Open reports nobody has acknowledged come first, oldest first, then the other open reports; finished ones (closed, spam, disclosed)
        come last. Order by severity, age or disclosure date with the column headings.
      </p>
      <InboxFilters key={key} params={params} products={products.data?.items ?? []} onApply={setParams} />
      <ErrorAlert error={reports.error ?? products.error} />
      {reports.data ? (
        <>
          <div className="table-scroll" role="region" aria-labelledby="inbox-caption" tabIndex={0}>
            <table className="data-table inbox-table">
              <caption id="inbox-caption">
                {reports.data.total} {reports.data.total === 1 ? 'report' : 'reports'}
                {filtered ? ' matching the filters' : ''}
              </caption>
              <thead>
                <tr>
                  {bulkTriage ? (
                    <th scope="col" className="select-cell">
                      <input
                        type="checkbox"
                        id="select-all"
                        checked={allOnPage}
                        disabled={selectable.length === 0}
                        onChange={(e) => toggleAll(e.target.checked)}
                      />
                      <label htmlFor="select-all" className="visually-hidden">
                        Select every report on this page
                      </label>
                    </th>
                  ) : null}
                  <th scope="col">Tracking id</th>
                  <th scope="col">Title</th>
                  <th scope="col">Product</th>
                  <th scope="col">State</th>
                  <SortableHeader column="severity" label="Severity" sort={sort} onSort={sortBy} />
                  <th scope="col">SLA</th>
                  <SortableHeader column="age" label="Age" sort={sort} onSort={sortBy} />
                  <SortableHeader column="disclosure" label="Disclosure" sort={sort} onSort={sortBy} />
                  <th scope="col">Assignee</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <InboxRow key={r.id} r={r} selectable={bulkTriage} selected={selected.has(r.id)} onToggle={(on) => toggle(r, on)} />
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 ? <p>{filtered ? 'No report matches the filters.' : 'No reports yet.'}</p> : null}
          <Pager
            offset={filter.offset ?? 0}
            limit={LIMIT}
            total={reports.data.total}
            onChange={(offset) => {
              const next = new URLSearchParams(params);
              if (offset > 0) next.set('offset', String(offset));
              else next.delete('offset');
              setParams(next);
            }}
            label="Report pages"
          />
          {bulkTriage ? (
            <BulkActions
              selected={selected}
              onDone={() => {
                setSelected(new Map());
                reports.reload();
              }}
            />
          ) : null}
        </>
      ) : reports.loading ? (
        <Loading what="Loading reports" />
      ) : null}
    </>
  );
}
