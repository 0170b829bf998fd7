// The inbox filters: words or an identifier (tracking id, CVE ID, CWE, a reporter's e-mail), state, product,
// severity, order, and "open only", "assigned to me", "unassigned", "not acknowledged". They live in the address
// (?q=&state=&productId=&severity=&sort=&open=1&mine=1&unassigned=1&unacknowledged=1), so a filtered inbox can be
// bookmarked and shared within the team.
import { useState, type SubmitEvent } from 'react';
import { SEVERITIES, STATE_OPTIONS, severityLabel } from './reportLabels.ts';
import type { InboxFilter, ProductRef } from './reportsApi.ts';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';

export const SORT_OPTIONS = [
  { value: 'inbox', label: 'Waiting first, finished last' },
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'severity', label: 'Most severe first' },
  { value: 'disclosure', label: 'Disclosure date, soonest first' },
  { value: 'updated', label: 'Recently changed first' },
] as const;

const ID = /^[1-9]\d{0,9}$/;

/** The inbox filter the address holds (unknown values are left out, so the API never sees them). */
export function inboxFilterOf(params: URLSearchParams, limit: number): InboxFilter {
  const states = params.getAll('state').filter((s) => STATE_OPTIONS.some((o) => o.value === s));
  const productId = params.get('productId');
  const severity = params.get('severity');
  const sort = params.get('sort');
  const offset = Number(params.get('offset') ?? 0);
  return {
    q: params.get('q')?.trim() || undefined,
    state: states.length ? states : undefined,
    open: params.get('open') === '1' || undefined,
    productId: productId && ID.test(productId) ? Number(productId) : undefined,
    severity: severity && (SEVERITIES as readonly string[]).includes(severity) ? severity : undefined,
    unassigned: params.get('unassigned') === '1' || undefined,
    assignedToMe: params.get('mine') === '1' || undefined,
    unacknowledged: params.get('unacknowledged') === '1' || undefined,
    sort: sort && SORT_OPTIONS.some((o) => o.value === sort) ? sort : undefined,
    limit,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

interface Props {
  params: URLSearchParams;
  products: readonly ProductRef[];
  onApply: (next: URLSearchParams) => void;
}

export function InboxFilters({ params, products, onApply }: Props) {
  const [q, setQ] = useState(params.get('q') ?? '');
  const [state, setState] = useState(params.get('state') ?? '');
  const [productId, setProductId] = useState(params.get('productId') ?? '');
  const [severity, setSeverity] = useState(params.get('severity') ?? '');
  const [sort, setSort] = useState(params.get('sort') ?? 'inbox');
  const [open, setOpen] = useState(params.get('open') === '1');
  const [unassigned, setUnassigned] = useState(params.get('unassigned') === '1');
  const [mine, setMine] = useState(params.get('mine') === '1');
  const [unacknowledged, setUnacknowledged] = useState(params.get('unacknowledged') === '1');

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (q.trim()) next.set('q', q.trim());
    if (state) next.set('state', state);
    if (productId) next.set('productId', productId);
    if (severity) next.set('severity', severity);
    if (sort && sort !== 'inbox') next.set('sort', sort);
    if (open) next.set('open', '1');
    if (mine) next.set('mine', '1');
    if (unassigned) next.set('unassigned', '1');
    if (unacknowledged) next.set('unacknowledged', '1');
    onApply(next);
  };

  return (
    <search>
      <form onSubmit={submit} className="form filter-form inbox-filter-form card" aria-label="Filter reports">
        <div className="filter-grid">
          <TextField
            label="Search"
            name="q"
            type="search"
            hint="Words, a tracking id, a CVE ID, a CWE (CWE-79) or a reporter's e-mail address."
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <SelectField
            label="State"
            name="state"
            options={[{ value: '', label: 'Any state' }, ...STATE_OPTIONS]}
            value={state}
            onChange={(e) => setState(e.target.value)}
          />
          <SelectField
            label="Product"
            name="productId"
            options={[{ value: '', label: 'Any product' }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
            value={productId}
            onChange={(e) => setProductId(e.target.value)}
          />
          <SelectField
            label="Severity"
            name="severity"
            options={[{ value: '', label: 'Any severity' }, ...SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))]}
            value={severity}
            onChange={(e) => setSeverity(e.target.value)}
          />
          <SelectField label="Order" name="sort" options={SORT_OPTIONS} value={sort} onChange={(e) => setSort(e.target.value)} />
        </div>
        <div className="filter-checks">
          <CheckboxField label="Open only" name="open" checked={open} onChange={setOpen} />
          <CheckboxField label="Assigned to me" name="mine" checked={mine} onChange={setMine} />
          <CheckboxField label="Unassigned" name="unassigned" checked={unassigned} onChange={setUnassigned} />
          <CheckboxField label="Not acknowledged" name="unacknowledged" checked={unacknowledged} onChange={setUnacknowledged} />
        </div>
        <div className="button-row">
          <button type="submit">Show reports</button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setQ('');
              setState('');
              setProductId('');
              setSeverity('');
              setSort('inbox');
              setOpen(false);
              setMine(false);
              setUnassigned(false);
              setUnacknowledged(false);
              onApply(new URLSearchParams());
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
    </search>
  );
}
