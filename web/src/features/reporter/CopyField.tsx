// A secret to keep (the reporter link): shown read-only in full, with a button that copies it and says so.
import { useRef, useState } from 'react';
import { useDomId } from '../../hooks/useDomId.ts';

interface Props {
  label: string;
  value: string;
}

export function CopyField({ label, value }: Props) {
  const id = useDomId('copy');
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard access: select the text so it can be copied by hand.
      inputRef.current?.select();
      setCopied('Selected: press Ctrl+C (or ⌘+C) to copy.');
    }
  };

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input ref={inputRef} id={id} type="text" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          Copy link
        </button>
      </div>
      <p className="copy-status" role="status">
        {copied}
      </p>
    </div>
  );
}
