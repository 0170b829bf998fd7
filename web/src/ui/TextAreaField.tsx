// A labelled multi-line input with an optional hint and the server's message(s) for this field.
import { useId, type TextareaHTMLAttributes } from 'react';

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'> {
  label: string;
  name: string;
  hint?: string;
  error?: readonly string[] | undefined;
}

export function TextAreaField({ label, name, hint, error = [], ...textarea }: Props) {
  const id = `${name}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const invalid = error.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <textarea {...textarea} id={id} name={name} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} />
      {invalid ? (
        <ul className="field-error field-error-list" id={errorId}>
          {error.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
