// The form that adds an item to a list or changes one (a product version, a canned response): its heading,
// which takes focus when a change form opens, the server's error (focused; field messages go to the inputs,
// which `children` renders with them), and the submit and Cancel buttons. `onSubmit` sends the values and
// rejects with the server's error; a form that adds empties its inputs itself after that.
import { useEffect, useRef, type ReactNode, type SubmitEvent } from 'react';
import { useFormMutation } from '../hooks/useFormMutation.ts';
import type { FieldMessages } from '../lib/fieldErrors.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

interface Props {
  headingId: string;
  heading: string;
  headingLevel: 'h2' | 'h3';
  className: string;
  submitText: string;
  /** A change form (not an add form): its heading takes focus when it opens. */
  changing: boolean;
  /** The fields whose messages the inputs show. */
  shownFields: readonly string[];
  onSubmit: () => Promise<void>;
  onCancel?: (() => void) | undefined;
  children: (fields: FieldMessages) => ReactNode;
}

export function ItemForm({
  headingId,
  heading,
  headingLevel: Heading,
  className,
  submitText,
  changing,
  shownFields,
  onSubmit,
  onCancel,
  children,
}: Props) {
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (changing) headingRef.current?.focus();
  }, [changing]);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(onSubmit);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className={className} aria-labelledby={headingId}>
      <Heading id={headingId} tabIndex={-1} ref={headingRef}>
        {heading}
      </Heading>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={shownFields} />
      {children(fields)}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitText}
        </button>
        {onCancel ? (
          <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
