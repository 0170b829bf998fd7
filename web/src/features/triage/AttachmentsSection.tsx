// The report's attachments, each a download link (the download is always sent as a file to save); images
// (PNG, JPEG, GIF, WebP — never SVG) are also shown, from the preview the server sends inline in a sandbox.
import { PREVIEW_TYPES } from '../reporter/attachmentLimits.ts';
import { sizeText } from './reportLabels.ts';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { Time } from '../../ui/Time.tsx';
import { InternalBadge } from './Badges.tsx';

export function AttachmentsSection({ report }: { report: ReportDetail }) {
  return (
    <section aria-labelledby="attachments-heading" className="card">
      <h2 id="attachments-heading">Attachments</h2>
      {report.attachments.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="triage-attachment-list">
          {report.attachments.map((a) => (
            <li key={a.id}>
              <a href={reportsApi.attachmentUrl(report.id, a.id)} download={a.filename}>
                {a.filename}
              </a>
              {a.internal ? <InternalBadge /> : null}
              <span className="row-note">
                {a.mediaType}, {sizeText(a.size)}, <Time value={a.createdAt} />
              </span>
              <span className="row-note sha">SHA-256 {a.sha256}</span>
              {PREVIEW_TYPES.has(a.mediaType) ? (
                <img
                  className="attachment-preview"
                  src={reportsApi.attachmentPreviewUrl(report.id, a.id)}
                  alt={`Preview of ${a.filename}`}
                  loading="lazy"
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
