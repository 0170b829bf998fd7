// A search box in a search landmark; submits on Enter or the button.
import { useState, type SubmitEvent } from 'react';
import { useDomId } from '../hooks/useDomId.ts';

interface Props {
  label: string;
  initial?: string;
  onSearch: (query: string) => void;
  buttonText?: string;
}

export function SearchForm({ label, initial = '', onSearch, buttonText = 'Search' }: Props) {
  const [value, setValue] = useState(initial);
  const id = useDomId('search');
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    onSearch(value.trim());
  };
  return (
    <search>
      <form className="search-form" onSubmit={submit}>
        <label htmlFor={id}>{label}</label>
        <div className="search-row">
          <input id={id} type="search" value={value} onChange={(e) => setValue(e.target.value)} />
          <button type="submit" className="button-secondary">
            {buttonText}
          </button>
        </div>
      </form>
    </search>
  );
}
