// Choosing a weakness from the CWE catalogue (GET /api/cwe?q=, by number or words of its name), or removing
// the choice. One value, one search of the catalogue, two ways to search (the `mode` prop):
// - 'combobox' (the report form): an editable combobox (ARIA 1.2 pattern) that lists matches as you type.
//   Arrow keys move through the list, Enter chooses, Escape closes. The chosen weakness is shown with a
//   button to remove it.
// - 'search' (the team's classification form): a search field with a Find button (Enter searches instead of
//   submitting the surrounding form) and the matches as a list, each with a button to choose it.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useApiQuery } from '../../hooks/useApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { FieldErrors, messagesOf } from '../../ui/FieldParts.tsx';
import { cweApi, type Cwe } from './cweApi.ts';
import './cwe.css';
import { useDomId } from '../../hooks/useDomId.ts';

interface FieldProps {
  value: Cwe | undefined;
  onChange: (value: Cwe | undefined) => void;
  error?: string | undefined;
}

interface Props extends FieldProps {
  mode: 'combobox' | 'search';
}

export function CwePicker({ mode, ...field }: Props) {
  return mode === 'combobox' ? <CweCombobox {...field} /> : <CweSearch {...field} />;
}

/** How long typing must pause before the combobox searches. */
const DEBOUNCE_MS = 200;

/** The matches for a text (none while it is undefined: no search), loading while a search runs. */
function useCweMatches(q: string | undefined) {
  const found = useApiQuery(['cweApi.search', q], async () => (q === undefined ? undefined : (await cweApi.search(q)).items));
  return { ...found, items: q === undefined ? undefined : found.data };
}

/** The value once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function CweCombobox({ value, onChange, error }: FieldProps) {
  const uid = useDomId('cwe');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  /** What the user just did, said until the next matches arrive. */
  const [said, setSaid] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const found = useCweMatches(useSettled(open ? query.trim() : undefined, DEBOUNCE_MS));
  const items = found.items ?? [];

  // New matches: nothing is active yet, and they are what the status says (state adjusted while rendering).
  const [shown, setShown] = useState(found.items);
  if (found.items !== shown) {
    setShown(found.items);
    setActive(-1);
    setSaid('');
  }
  const status =
    said ||
    (found.error
      ? 'The CWE list could not be loaded.'
      : found.items
        ? items.length === 0
          ? 'No weakness matches.'
          : `${items.length} ${items.length === 1 ? 'match' : 'matches'}; use the arrow keys to choose.`
        : '');

  useEffect(() => {
    if (active >= 0) document.getElementById(`${uid}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, uid]);

  const choose = (item: Cwe) => {
    onChange(item);
    setQuery('');
    setOpen(false);
    setSaid(`Chose CWE-${item.id}.`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (items.length === 0 ? -1 : Math.min(items.length - 1, a + 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault();
        choose(items[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
      }
    }
  };

  const listId = `${uid}-list`;
  const hintId = `${uid}-hint`;
  const errorId = `${uid}-error`;
  const optionId = (i: number) => `${uid}-option-${i}`;
  const expanded = open && items.length > 0;

  return (
    <div className={error ? 'field field-invalid cwe-field' : 'field cwe-field'}>
      <label htmlFor={`${uid}-input`}>Weakness (CWE)</label>
      <p className="hint" id={hintId}>
        Optional. Type a CWE number (such as 79) or words from its name.
      </p>
      {value ? (
        <p className="cwe-chosen">
          <span>
            Chosen: <strong>CWE-{value.id}</strong> {value.name}
          </span>{' '}
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              onChange(undefined);
              setSaid('Removed the weakness.');
              inputRef.current?.focus();
            }}
          >
            Remove<span className="visually-hidden"> CWE-{value.id}</span>
          </button>
        </p>
      ) : null}
      <div className="cwe-combo">
        <input
          ref={inputRef}
          id={`${uid}-input`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={expanded ? listId : undefined}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          autoComplete="off"
          value={query}
          placeholder={value ? 'Search for another weakness' : 'Search the CWE list'}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {expanded ? (
          <ul id={listId} role="listbox" aria-label="Matching weaknesses" className="cwe-options">
            {items.map((item, i) => (
              <li
                key={item.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'cwe-option cwe-option-active' : 'cwe-option'}
                // Chosen on mouse down, before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(item);
                }}
              >
                <strong>CWE-{item.id}</strong> {item.name}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <p className="visually-hidden" role="status">
        {open ? status : ''}
      </p>
      <FieldErrors id={errorId} messages={messagesOf(error)} />
    </div>
  );
}

function CweSearch({ value, onChange, error }: FieldProps) {
  const id = useDomId('cwe');
  const [query, setQuery] = useState('');
  /** The text last searched for, while its matches are shown. */
  const [asked, setAsked] = useState<string | undefined>(undefined);
  const found = useCweMatches(asked);
  const items = found.items;

  const find = () => {
    const q = query.trim();
    if (q === asked) found.reload();
    else setAsked(q);
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
            <button type="button" className="button-link" onClick={() => onChange(undefined)}>
              Clear<span className="visually-hidden"> the CWE</span>
            </button>
          </>
        ) : (
          <span className="muted">None chosen.</span>
        )}
      </p>
      <FieldErrors id={`${id}-error`} messages={messagesOf(error)} />
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
              find();
            }
          }}
        />
        <button type="button" className="button-secondary" disabled={found.loading} onClick={find}>
          Find
        </button>
      </div>
      <ErrorAlert error={found.error} />
      <div role="status" className="picker-status">
        {items ? (items.length === 0 ? 'No CWE found.' : `${items.length} found.`) : ''}
      </div>
      {items && items.length > 0 ? (
        <ul className="picker-results cwe-results">
          {items.map((c) => (
            <li key={c.id}>
              <span>
                <strong>CWE-{c.id}</strong> {c.name}
              </span>
              <button
                type="button"
                disabled={value?.id === c.id}
                onClick={() => {
                  onChange(c);
                  setAsked(undefined);
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
