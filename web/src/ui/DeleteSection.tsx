// The section that deletes the object a page shows (a group, a product), with a confirmation step. A refusal
// (such as 409 while something still uses the object) is shown with its message and, where the page has them,
// the details (`details`); deleted, the page moves on (`onDeleted`).
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../api.ts';
import { useFormMutation } from '../hooks/useFormMutation.ts';
import { ConfirmBox } from './ConfirmBox.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

interface Props {
  headingId: string;
  /** "Delete this group". */
  title: string;
  /** What cannot be deleted, shown before the button. */
  explanation: ReactNode;
  /** The button that asks first ("Delete group"). */
  action: string;
  question: ReactNode;
  /** The name in "Yes, delete …". */
  name: string;
  remove: () => Promise<unknown>;
  onDeleted: () => void;
  details?: (error: ApiError) => ReactNode;
}

export function DeleteSection({ headingId, title, explanation, action, question, name, remove, onDeleted, details }: Props) {
  const [confirming, setConfirming] = useState(false);
  const deletion = useFormMutation<true>({ onSuccess: onDeleted });
  const { error, busy, alertRef } = deletion;

  const confirm = async () => {
    const deleted = await deletion.run(async () => {
      await remove();
      return true;
    });
    if (!deleted) setConfirming(false);
  };

  return (
    <section aria-labelledby={headingId} className="card card-danger">
      <h2 id={headingId}>{title}</h2>
      <ErrorAlert error={error} alertRef={alertRef}>
        {error && details ? details(error) : null}
      </ErrorAlert>
      {confirming ? (
        <ConfirmBox
          question={question}
          confirm={`Yes, delete ${name}`}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(false)}
          busy={busy}
        />
      ) : (
        <>
          <p>{explanation}</p>
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              deletion.setError(undefined);
              setConfirming(true);
            }}
          >
            {action}
          </button>
        </>
      )}
    </section>
  );
}
