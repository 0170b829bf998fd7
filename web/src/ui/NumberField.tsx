// A labelled whole-number input with its unit, an optional hint and the server's message for this field.
import { useId } from 'react';

interface Props {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  min: number;
  max: number;
  unit?: string;
  hint?: string;
  error?: string | undefined;
}

export function NumberField({ label, name, value, onChange, min, max, unit, hint, error }: Props) {
  const id = `${name}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={hintId}>
        {hint ? `${hint} ` : ''}
        {min} to {max}
        {unit ? ` ${unit}` : ''}.
      </p>
      <div className="number-row">
        <input
          type="number"
          id={id}
          name={name}
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {unit ? <span aria-hidden="true">{unit}</span> : null}
      </div>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
