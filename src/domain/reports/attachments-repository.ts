// SQL of a report's attachments. Reads take the report as read through the session's read filter (Readable).
import type { ReadableId } from '../../access/readable.ts';
import type { Session } from '../../access/session.ts';
import { empty, oneRow, sql, type Queryable, type Tx } from '../../db/database.ts';

export interface AttachmentMeta {
  id: number;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  internal: boolean;
  created_at: Date;
}

export async function insertAttachment(
  _s: Session,
  tx: Tx,
  at: Date,
  a: {
    reportId: number;
    filename: string;
    mediaType: string;
    sha256: string;
    content: Buffer;
    internal: boolean;
    uploadedBy: number | null;
  },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(sql`
    INSERT INTO report_attachments (report_id, filename, media_type, size, sha256, content, internal, uploaded_by, created_at)
    VALUES (${a.reportId}, ${a.filename}, ${a.mediaType}, ${a.content.length}, ${a.sha256}, ${a.content}, ${a.internal}, ${a.uploadedBy}, ${at})
    RETURNING id`);
  return oneRow(rows).id;
}

/** The attachments of a readable report; internal ones only when asked for. */
export async function listAttachments(report: ReadableId, q: Queryable, includeInternal: boolean): Promise<AttachmentMeta[]> {
  return q.query<AttachmentMeta>(sql`
    SELECT id, filename, media_type, size, sha256, internal, created_at FROM report_attachments
     WHERE report_id = ${report.id} ${includeInternal ? empty : sql`AND NOT internal`} ORDER BY id`);
}

/** One attachment of a readable report, with its content. */
export async function attachmentContent(
  report: ReadableId,
  q: Queryable,
  id: number,
): Promise<(AttachmentMeta & { content: Uint8Array }) | undefined> {
  const rows = await q.query<AttachmentMeta & { content: Uint8Array }>(sql`
    SELECT id, filename, media_type, size, sha256, internal, created_at, content FROM report_attachments
     WHERE report_id = ${report.id} AND id = ${id}`);
  return rows[0];
}
