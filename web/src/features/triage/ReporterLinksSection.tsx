// Secret reporter links: a new link is shown once (the server keeps only its hash), to be passed to the
// reporter; revoking ends every link of the report at the holder's next request.
import { useState } from 'react';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';

interface Props {
  report: ReportDetail;
  /** Reloads the report (the link count and the timeline changed). */
  onChanged: () => void;
}

export function ReporterLinksSection({ report, onChanged }: Props) {
  const [link, setLink] = useState<string | undefined>(undefined);
  const change = useFormMutation<string>({ onSuccess: onChanged });
  const { error, done, busy } = change;

  const live = report.liveLinks ?? 0;
  return (
    <section aria-labelledby="links-heading" className="card">
      <h2 id="links-heading">Reporter links</h2>
      <p>
        {live === 0 ? 'No live reporter link.' : `${live} live reporter ${live === 1 ? 'link' : 'links'}.`} A link lets whoever holds it
        follow this report as its reporter, without an account. Each mail to a reporter without an account carries a new link; revoking ends
        every link, those sent by mail too (the next mail brings a new one).
      </p>
      <ErrorAlert error={error} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {link ? (
        <div className="alert alert-warning secret">
          <p>
            <strong>Shown once.</strong> Copy it now and send it to the reporter by a safe channel:
          </p>
          <p>
            <code className="triage-secret-link">{link}</code>
          </p>
        </div>
      ) : null}
      <div className="button-row">
        {report.abilities.createLink ? (
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() =>
              change.run(
                async () => {
                  const answer = await reportsApi.createLink(report.id);
                  setLink(answer.reporterLink);
                  return 'Created a reporter link.';
                },
                (message) => message,
              )
            }
          >
            Create a reporter link
          </button>
        ) : null}
        {report.abilities.revokeLinks && live > 0 ? (
          <button
            type="button"
            className="button-danger"
            disabled={busy}
            onClick={() =>
              change.run(
                async () => {
                  const answer = await reportsApi.revokeLinks(report.id);
                  setLink(undefined);
                  return `Revoked ${answer.revoked} ${answer.revoked === 1 ? 'link' : 'links'}.`;
                },
                (message) => message,
              )
            }
          >
            Revoke all reporter links
          </button>
        ) : null}
      </div>
    </section>
  );
}
