// A labelled multi-line input with an optional hint and the server's message(s) for this field.
import type { TextareaHTMLAttributes } from 'react';
import { FieldErrors, FieldHint, useFieldIds } from './FieldParts.tsx';

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'> {
  label: string;
  name: string;
  hint?: string;
  error?: readonly string[] | undefined;
}

export function TextAreaField({ label, name, hint, error = [], ...textarea }: Props) {
  const invalid = error.length > 0;
  const { id, hintId, errorId, describedBy } = useFieldIds(name, Boolean(hint), invalid);
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldHint id={hintId} hint={hint} />
      <textarea {...textarea} id={id} name={name} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} />
      <FieldErrors id={errorId} messages={error} asList />
    </div>
  );
}
