// Files to attach to a new report: the server's limits said up front (how many, how large, which types), a
// file input that adds to the list, and the chosen files with their sizes, what is wrong with each (before
// anything is sent) and a button to remove each. The files are uploaded one by one once the report exists.
import { useRef } from 'react';
import { acceptOf, fileProblem, limitsText, type IntakeLimits } from './attachmentLimits.ts';
import { formatBytes } from '../../lib/formatBytes.ts';
import { useDomId } from '../../hooks/useDomId.ts';

interface Props {
  files: readonly File[];
  onChange: (files: File[]) => void;
  /** The server's limits; undefined while loading (then `max` applies). */
  limits: IntakeLimits | undefined;
  max: number;
  error?: string | undefined;
}

export function AttachmentPicker({ files, onChange, limits, max: fallbackMax, error }: Props) {
  const max = limits?.maxAttachments ?? fallbackMax;
  const uid = useDomId('files');
  const inputRef = useRef<HTMLInputElement>(null);
  const full = files.length >= max;
  const hintId = `${uid}-hint`;
  const errorId = `${uid}-error`;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={uid}>Attachments</label>
      <p className="hint" id={hintId}>
        Optional: a proof of concept, logs or screenshots. {limits ? limitsText(limits) : `Up to ${max} files.`}
      </p>
      <input
        ref={inputRef}
        id={uid}
        type="file"
        multiple
        disabled={full}
        accept={acceptOf(limits)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? []);
          onChange([...files, ...picked]);
          // Clear the input, so the same file can be chosen again after removing it.
          e.target.value = '';
        }}
      />
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {files.length > 0 ? (
        <ul className="file-list" aria-label="Files to attach">
          {files.map((f, i) => {
            const problem = limits ? fileProblem(f, limits) : undefined;
            return (
              <li key={`${i}:${f.name}`} className={problem ? 'file-refused' : undefined}>
                <span>
                  {f.name} <span className="muted">({formatBytes(f.size)})</span>
                  {problem ? <span className="field-error"> Will not be accepted: {problem}</span> : null}
                </span>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => {
                    onChange(files.filter((_, j) => j !== i));
                    inputRef.current?.focus();
                  }}
                >
                  Remove<span className="visually-hidden"> {f.name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
