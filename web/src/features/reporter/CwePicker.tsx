// Choosing a weakness from the CWE catalogue (GET /api/cwe?q=): an editable combobox (ARIA 1.2 pattern) that
// lists matches as you type. Arrow keys move through the list, Enter chooses, Escape closes. The chosen
// weakness is shown with a button to remove it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { reporterApi, type CweEntry } from './reporterApi.ts';

interface Props {
  value: CweEntry | undefined;
  onChange: (value: CweEntry | undefined) => void;
  error?: string | undefined;
  label?: string;
}

const DEBOUNCE_MS = 200;

export function CwePicker({ value, onChange, error, label = 'Weakness (CWE)' }: Props) {
  const uid = `cwe-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CweEntry[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      reporterApi
        .cwe(query.trim(), 20)
        .then((r) => {
          if (!live) return;
          setItems(r.items);
          setActive(-1);
          setStatus(
            r.items.length === 0
              ? 'No weakness matches.'
              : `${r.items.length} ${r.items.length === 1 ? 'match' : 'matches'}; use the arrow keys to choose.`,
          );
        })
        .catch(() => {
          if (live) setStatus('The CWE list could not be loaded.');
        });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, open]);

  useEffect(() => {
    if (active >= 0) document.getElementById(`${uid}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, uid]);

  const choose = (item: CweEntry) => {
    onChange(item);
    setQuery('');
    setOpen(false);
    setStatus(`Chose CWE-${item.id}.`);
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
      <label htmlFor={`${uid}-input`}>{label}</label>
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
              setStatus('Removed the weakness.');
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
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
