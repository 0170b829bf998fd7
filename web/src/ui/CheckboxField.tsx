import { FieldErrors, FieldHint, messagesOf, useFieldIds } from './FieldParts.tsx';

interface Props {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  disabled?: boolean;
  /** A sentence under the label (what the option covers). */
  hint?: string;
}

export function CheckboxField({ label, name, checked, onChange, error, disabled, hint }: Props) {
  const { id, hintId, errorId, describedBy } = useFieldIds(name, Boolean(hint), Boolean(error));
  return (
    <div className={error ? 'field field-checkbox field-invalid' : 'field field-checkbox'}>
      <input
        type="checkbox"
        id={id}
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <label htmlFor={id}>{label}</label>
      <FieldHint id={hintId} hint={hint} />
      <FieldErrors id={errorId} messages={messagesOf(error)} />
    </div>
  );
}
