// A labelled input with an optional hint and the server's message(s) for this field. Several messages
// (a password refused for more than one reason) are shown as a list.
import { useId, type InputHTMLAttributes } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  label: string;
  name: string;
  hint?: string;
  error?: string | readonly string[] | undefined;
}

export function TextField({ label, name, hint, error, required, ...input }: Props) {
  const id = `${name}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const messages = error === undefined ? [] : typeof error === 'string' ? [error] : error;
  const invalid = messages.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (required)</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input {...input} id={id} name={name} required={required} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} />
      {messages.length === 1 ? (
        <p className="field-error" id={errorId}>
          {messages[0]}
        </p>
      ) : messages.length > 1 ? (
        <ul className="field-error field-error-list" id={errorId}>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
