// The report's attachments for its reporter: each downloaded through the API with the secret link's token
// (a plain link cannot send the header) and saved from a blob URL; and a form to attach another file, with the
// server's limits said up front and the chosen file checked against them before it is sent.
import { useRef, useState, type SubmitEvent } from 'react';
import { ApiError, asApiError } from '../../api.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { acceptOf, fileProblem, limitsText } from './attachmentLimits.ts';
import { formatBytes } from '../../lib/formatBytes.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { reporterApi, type ReportAttachment } from './reporterApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { Time } from '../../ui/Time.tsx';

interface Props {
  reportId: number;
  token: string | undefined;
  attachments: readonly ReportAttachment[];
  /** Offer to attach files: the report's `abilities.attach`. */
  mayAttach: boolean;
  onAttached: () => void;
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ReportAttachments({ reportId, token, attachments, mayAttach, onAttached }: Props) {
  const { run, error, setError, done: status, setDone: setStatus, busy } = useFormMutation();
  const [file, setFile] = useState<File | undefined>(undefined);
  const fileRef = useRef<HTMLInputElement>(null);
  const limits = useApiQuery(['reporterApi.limits'], () => reporterApi.limits());

  const download = (a: ReportAttachment) =>
    run(async () => {
      saveBlob(await reporterApi.download(reportId, a.id, token), a.filename);
    }, `Downloaded ${a.filename}.`);

  const attach = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!file) {
      setError(asApiError(new Error('Choose a file first.')));
      return;
    }
    const problem = limits.data ? fileProblem(file, limits.data) : undefined;
    if (problem) {
      setStatus(undefined);
      setError(new ApiError(400, 'validation', problem, [{ field: 'file', message: problem }]));
      return;
    }
    await run(async () => {
      await reporterApi.attach(reportId, file, file.name, token);
      setFile(undefined);
      if (fileRef.current) fileRef.current.value = '';
      onAttached();
    }, `Attached ${file.name}.`);
  };

  return (
    <>
      <ErrorAlert error={error} />
      {status ? <StatusMessage>{status}</StatusMessage> : null}
      {attachments.length === 0 ? (
        <p className="muted">No files attached.</p>
      ) : (
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.id}>
              <span className="attachment-name">
                {a.filename}{' '}
                <span className="muted">
                  ({formatBytes(a.size)}, <Time value={a.createdAt} />)
                </span>
              </span>
              <button type="button" className="button-secondary" onClick={() => download(a)} disabled={busy}>
                Download<span className="visually-hidden"> {a.filename}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {mayAttach ? (
        <form className="attach-form" onSubmit={attach} aria-label="Attach a file">
          <div className="field">
            <label htmlFor={`attach-${reportId}`}>Attach a file</label>
            {limits.data ? (
              <p className="hint" id={`attach-${reportId}-hint`}>
                {limitsText(limits.data)}
              </p>
            ) : null}
            <input
              id={`attach-${reportId}`}
              ref={fileRef}
              type="file"
              accept={acceptOf(limits.data)}
              aria-describedby={limits.data ? `attach-${reportId}-hint` : undefined}
              onChange={(e) => setFile(e.target.files?.[0])}
            />
          </div>
          <button type="submit" className="button-secondary" disabled={busy}>
            Attach
          </button>
        </form>
      ) : null}
    </>
  );
}
