// An error message from the API, announced to assistive technology (role="alert") and focusable so forms
// can move focus to it. Field errors that no input on the form shows are listed here too; when the form shows
// every field error next to its input, the message points there instead of repeating them.
import type { ReactNode, RefObject } from 'react';
import type { ApiError } from '../api.ts';
import { otherFieldErrors } from '../lib/fieldErrors.ts';

interface Props {
  error: ApiError | undefined;
  alertRef?: RefObject<HTMLDivElement | null>;
  /** Field names the surrounding form shows next to its inputs. */
  shownFields?: readonly string[];
  children?: ReactNode;
}

export function ErrorAlert({ error, alertRef, shownFields = [], children }: Props) {
  if (!error) return null;
  const others = otherFieldErrors(error, shownFields);
  const allShown = error.id === 'validation' && error.fields.length > 0 && others.length === 0;
  const marked = new Set(error.fields.map((f) => f.field)).size;
  const message = allShown
    ? `Not done: see the ${marked === 1 ? 'message at the marked field' : 'messages at the marked fields'} below.`
    : error.message;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={alertRef}>
      <p className="alert-message">{message}</p>
      {others.length > 0 && (
        <ul>
          {others.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}
