// A labelled input with an optional hint and the server's message(s) for this field. Several messages
// (a password refused for more than one reason) are shown as a list.
import type { InputHTMLAttributes } from 'react';
import { FieldErrors, FieldHint, messagesOf, useFieldIds } from './FieldParts.tsx';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  label: string;
  name: string;
  hint?: string;
  error?: string | readonly string[] | undefined;
}

export function TextField({ label, name, hint, error, required, ...input }: Props) {
  const messages = messagesOf(error);
  const invalid = messages.length > 0;
  const { id, hintId, errorId, describedBy } = useFieldIds(name, Boolean(hint), invalid);
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (required)</span> : null}
      </label>
      <FieldHint id={hintId} hint={hint} />
      <input {...input} id={id} name={name} required={required} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} />
      <FieldErrors id={errorId} messages={messages} />
    </div>
  );
}
