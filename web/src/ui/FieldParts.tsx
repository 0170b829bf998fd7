// What every labelled input of a form shares: the ids that tie its hint and its messages to the control
// (aria-describedby), the hint, and the server's message(s) for the field.
import { useDomId } from '../hooks/useDomId.ts';

export interface FieldIds {
  id: string;
  hintId: string | undefined;
  errorId: string | undefined;
  describedBy: string | undefined;
}

/** The ids of a field named `name`: its hint's when it has one, its messages' while it is invalid. */
export function useFieldIds(name: string, hasHint: boolean, invalid: boolean): FieldIds {
  const id = useDomId(name);
  const hintId = hasHint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

export function FieldHint({ id, hint }: { id: string | undefined; hint: string | undefined }) {
  return hint ? (
    <p className="hint" id={id}>
      {hint}
    </p>
  ) : null;
}

/** The field's messages: one as a paragraph, several (or any, with `asList`) as a list. */
export function FieldErrors({ id, messages, asList = false }: { id: string | undefined; messages: readonly string[]; asList?: boolean }) {
  if (messages.length === 0) return null;
  if (messages.length === 1 && !asList) {
    return (
      <p className="field-error" id={id}>
        {messages[0]}
      </p>
    );
  }
  return (
    <ul className="field-error field-error-list" id={id}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** A field's optional single message as a list of messages. */
export const messagesOf = (error: string | readonly string[] | undefined): readonly string[] =>
  error === undefined ? [] : typeof error === 'string' ? [error] : error;
