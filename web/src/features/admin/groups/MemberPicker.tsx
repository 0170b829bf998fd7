// Finds candidates by name and offers a button to add each one. Used to add user members and to nest groups.
import { useState, type SubmitEvent, type ReactNode } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useDomId } from '../../../hooks/useDomId.ts';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';

interface Props<T> {
  /** Label of the search box, e.g. "Find a user by username". */
  label: string;
  search: (query: string) => Promise<T[]>;
  keyOf: (item: T) => number;
  describe: (item: T) => ReactNode;
  /** Visible button text; the item's name is added for assistive technology. */
  actionText: string;
  nameOf: (item: T) => string;
  /** Items not to offer (current members, the group itself). */
  exclude: ReadonlySet<number>;
  onPick: (item: T) => Promise<unknown>;
}

function pickerStatus(offered: number, found: number): string {
  if (found === 0) return 'Nothing found.';
  if (offered === 0) return 'Everything found is already here.';
  return `${offered} ${offered === 1 ? 'match' : 'matches'} to add.`;
}

export function MemberPicker<T>({ label, search, keyOf, describe, actionText, nameOf, exclude, onPick }: Props<T>) {
  const id = useDomId('picker');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<T[] | undefined>(undefined);
  const finding = useFormMutation<T[]>({ onSuccess: setResults });
  // The page shows what adding did (onPick reports it there); this only keeps the buttons disabled meanwhile.
  const picking = useFormMutation();
  const busy = finding.busy || picking.busy;

  const find = (e: SubmitEvent) => {
    e.preventDefault();
    void finding.run(() => search(query.trim()));
  };

  const pick = (item: T) => picking.run(() => onPick(item));

  const offered = results?.filter((r) => !exclude.has(keyOf(r)));
  return (
    <div className="picker">
      <search>
        <form className="search-form" onSubmit={find}>
          <label htmlFor={id}>{label}</label>
          <div className="search-row">
            <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
            <button type="submit" className="button-secondary" disabled={busy}>
              Find
            </button>
          </div>
        </form>
      </search>
      <ErrorAlert error={finding.error ?? picking.error} />
      <div role="status" className="picker-status">
        {offered && results ? pickerStatus(offered.length, results.length) : ''}
      </div>
      {offered && offered.length > 0 ? (
        <ul className="picker-results">
          {offered.map((item) => (
            <li key={keyOf(item)}>
              <span>{describe(item)}</span>
              <button type="button" onClick={() => pick(item)} disabled={busy}>
                {actionText}
                <span className="visually-hidden"> {nameOf(item)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
