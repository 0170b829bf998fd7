// Acknowledging the reporter (seed 001: the project architect "Acknowledges reporter"): a person's act that
// sends the acknowledgement template and stops the time-to-acknowledge clock.
import { useReportAction } from './useReportAction.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { Time } from '../../ui/Time.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

export function AcknowledgeSection({ report, onChanged }: Props) {
  const { error, done, busy, alertRef, run } = useReportAction(onChanged);
  return (
    <section aria-labelledby="ack-heading" className={report.acknowledgedAt ? 'card' : 'card card-attention'}>
      <h2 id="ack-heading">Acknowledgement</h2>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ErrorAlert error={error} alertRef={alertRef} />
      {report.acknowledgedAt ? (
        <p>
          The reporter was acknowledged on <Time value={report.acknowledgedAt} />.
        </p>
      ) : (
        <>
          <p>Not acknowledged yet. Acknowledging sends the reporter the acknowledgement message and stops the acknowledgement clock.</p>
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => reportsApi.acknowledge(report.id), 'Acknowledged: the acknowledgement is on its way to the reporter.')}
          >
            Acknowledge the reporter
          </button>
        </>
      )}
    </section>
  );
}
