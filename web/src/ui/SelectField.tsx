// A labelled select with an optional hint and the server's message for this field.
import type { SelectHTMLAttributes } from 'react';
import { FieldErrors, FieldHint, messagesOf, useFieldIds } from './FieldParts.tsx';

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'> {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
  error?: string | undefined;
}

export function SelectField({ label, name, options, hint, error, ...select }: Props) {
  const { id, hintId, errorId, describedBy } = useFieldIds(name, Boolean(hint), Boolean(error));
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldHint id={hintId} hint={hint} />
      <select {...select} id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} messages={messagesOf(error)} />
    </div>
  );
}
