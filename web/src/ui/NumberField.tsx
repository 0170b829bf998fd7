// A labelled whole-number input with its unit, an optional hint and the server's message for this field.
import { ApiError } from '../api.ts';
import { FieldErrors, messagesOf, useFieldIds } from './FieldParts.tsx';

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
  // The hint is always there: it says the range.
  const { id, hintId, errorId, describedBy } = useFieldIds(name, true, Boolean(error));
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
      <FieldErrors id={errorId} messages={messagesOf(error)} />
    </div>
  );
}

/** A whole-number input of a form that shows several (settings): its field name, words and range. */
export interface NumberSpec<K extends string = string> {
  key: K;
  label: string;
  min: number;
  max: number;
  unit: string;
  hint?: string;
}

interface FieldsProps<K extends string> {
  specs: readonly NumberSpec<K>[];
  /** The values as typed, by key. */
  values: Readonly<Record<K, string>>;
  onChange: (key: K, value: string) => void;
  errorOf: (key: K) => string | undefined;
}

/** A NumberField for each spec. */
export function NumberFields<K extends string>({ specs, values, onChange, errorOf }: FieldsProps<K>) {
  return (
    <>
      {specs.map((n) => (
        <NumberField
          key={n.key}
          label={n.label}
          name={n.key}
          value={values[n.key]}
          onChange={(value) => onChange(n.key, value)}
          min={n.min}
          max={n.max}
          unit={n.unit}
          hint={n.hint}
          error={errorOf(n.key)}
        />
      ))}
    </>
  );
}

/**
 * The client-side error for values that are not whole numbers (checked before sending, with the message the
 * server would give), each named by its field (`fieldOf`, when the API calls it otherwise); undefined when all are.
 */
export function wholeNumberError<K extends string>(
  keys: readonly K[],
  values: Readonly<Record<K, string>>,
  fieldOf: (key: K) => string = (key) => key,
): ApiError | undefined {
  const bad = keys
    .filter((key) => !/^\d{1,9}$/.test(values[key].trim()))
    .map((key) => ({ field: fieldOf(key), message: 'must be a whole number.' }));
  return bad.length > 0 ? new ApiError(0, 'client', 'Some of the input is not valid.', bad) : undefined;
}
