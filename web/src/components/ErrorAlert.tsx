// An error message from the API, announced to assistive technology (role="alert") and focusable so forms
// can move focus to it. Field errors that no input on the form shows are listed here too.
import type { ReactNode, RefObject } from 'react';
import type { ApiError } from '../api.ts';
import { otherFieldErrors } from '../fieldErrors.ts';

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
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={alertRef}>
      <p className="alert-message">{error.message}</p>
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
