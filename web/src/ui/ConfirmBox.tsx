// The confirmation step of an action that cannot be undone: the question, which takes focus when it appears
// (so keyboard and screen-reader users hear it), the button that does it, and Cancel.
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  question: ReactNode;
  /** The words of the button that does it ("Yes, delete …"). */
  confirm: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  /** While the action runs: both buttons wait. */
  busy: boolean;
}

export function ConfirmBox({ question, confirm, onConfirm, onCancel, busy }: Props) {
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    questionRef.current?.focus();
  }, []);
  return (
    <div className="confirm">
      <p tabIndex={-1} ref={questionRef}>
        {question}
      </p>
      <div className="button-row">
        <button type="button" className="button-danger" onClick={onConfirm} disabled={busy}>
          {confirm}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
