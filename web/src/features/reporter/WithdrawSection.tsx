// Withdrawing the report, after a confirmation that says what it means; an optional reason goes on the
// timeline.
import { useEffect, useRef, useState } from 'react';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reporterApi, type ReporterReport } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';

interface Props {
  reportId: number;
  trackingId: string;
  token: string | undefined;
  onReport: (report: ReporterReport) => void;
}

export function WithdrawSection({ reportId, trackingId, token, onReport }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const { run, error, busy } = useFormMutation<ReporterReport>({
    onSuccess: (report) => {
      onReport(report);
      setConfirming(false);
    },
  });
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) questionRef.current?.focus();
  }, [confirming]);

  const withdraw = () => run(() => reporterApi.withdraw(reportId, reason, token));

  if (!confirming) {
    return (
      <>
        <p>If you no longer want the team to work on this report, you can withdraw it. This cannot be undone.</p>
        <button ref={openRef} type="button" className="button-danger" onClick={() => setConfirming(true)}>
          Withdraw the report…
        </button>
      </>
    );
  }
  return (
    <div className="confirm">
      <ErrorAlert error={error} />
      <p ref={questionRef} tabIndex={-1}>
        <strong>Withdraw report {trackingId}?</strong> The team stops working on it and it cannot be reopened from here.
      </p>
      <TextAreaField label="Reason (optional)" name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="button-row">
        <button type="button" className="button-danger" onClick={withdraw} disabled={busy}>
          Yes, withdraw it
        </button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setConfirming(false);
            setTimeout(() => openRef.current?.focus());
          }}
          disabled={busy}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
