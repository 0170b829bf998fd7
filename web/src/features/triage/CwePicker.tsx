// Finds a weakness in the CWE catalogue by number or words and lets the user choose it (or clear the choice).
import { useId, useState } from 'react';
import { asApiError, type ApiError } from '../../api.ts';
import { reportsApi } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';

export interface Cwe {
  id: number;
  name: string;
}

interface Props {
  value: Cwe | null;
  onChange: (value: Cwe | null) => void;
  error?: string | undefined;
}

export function CwePicker({ value, onChange, error }: Props) {
  const id = `cwe-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Cwe[] | undefined>(undefined);
  const [searchError, setSearchError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const find = async () => {
    setBusy(true);
    try {
      setResults((await reportsApi.cwe(query.trim())).items);
      setSearchError(undefined);
    } catch (err) {
      setSearchError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset
      className={error ? 'fieldset cwe-picker field-invalid' : 'fieldset cwe-picker'}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>Weakness (CWE)</legend>
      <p className="cwe-current">
        {value ? (
          <>
            <strong>CWE-{value.id}</strong>: {value.name}{' '}
            <button type="button" className="button-link" onClick={() => onChange(null)}>
              Clear<span className="visually-hidden"> the CWE</span>
            </button>
          </>
        ) : (
          <span className="muted">None chosen.</span>
        )}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <label htmlFor={id}>Find a CWE by number or words</label>
      <div className="search-row">
        <input
          id={id}
          type="search"
          value={query}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            // Enter searches here instead of submitting the surrounding form.
            if (e.key === 'Enter') {
              e.preventDefault();
              void find();
            }
          }}
        />
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void find()}>
          Find
        </button>
      </div>
      <ErrorAlert error={searchError} />
      <div role="status" className="picker-status">
        {results ? (results.length === 0 ? 'No CWE found.' : `${results.length} found.`) : ''}
      </div>
      {results && results.length > 0 ? (
        <ul className="picker-results cwe-results">
          {results.map((c) => (
            <li key={c.id}>
              <span>
                <strong>CWE-{c.id}</strong> {c.name}
              </span>
              <button
                type="button"
                disabled={value?.id === c.id}
                onClick={() => {
                  onChange(c);
                  setResults(undefined);
                }}
              >
                Choose<span className="visually-hidden"> CWE-{c.id}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
