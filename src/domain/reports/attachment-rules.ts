// What may be attached to a report: size, count, an allowlist of types, and content that matches the type
// it claims (a "PNG" must start like a PNG). The stored media type follows from the file name's extension
// through the allowlist; the type the browser declares (Content-Type) is its guess and decides nothing
// (.json arrives as application/json, .csv as application/vnd.ms-excel, .log often as nothing at all), except
// that a multipart form is not a file. Attachments are served as downloads; images of the INLINE_IMAGE_TYPES
// (never SVG, which can hold script) may also be shown inline, when their content starts like one.
//
// The checks run in two steps: checkUploadStart before any byte of the file is read (name, declared size),
// checkAttachment on the whole file (size, content) in the storing transaction.
import { AppError } from '../../errors/catalog.ts';
import { attachmentMediaType, type IntakeSettings } from '../../intake/index.ts';

export type AttachmentLimits = Pick<IntakeSettings, 'maxAttachmentBytes' | 'maxAttachments' | 'attachmentTypes'>;

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'application/zip': (b) => b[0] === 0x50 && b[1] === 0x4b,
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** Image types shown inline (a fixed list: an administrator's allowlist cannot add to it). */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The content may be shown inline as an image: an inline type whose content starts like one. */
export function isInlineImage(mediaType: string, content: Uint8Array): boolean {
  const signature = SIGNATURES[mediaType];
  return (
    INLINE_IMAGE_TYPES.has(mediaType) &&
    signature !== undefined &&
    signature(Buffer.from(content.buffer, content.byteOffset, content.byteLength))
  );
}

const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'application/json', 'text/markdown']);

// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001f\u007f"\\/:*?<>|]/gu;

export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(UNSAFE_NAME, '_').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned === '' ? 'attachment' : cleaned;
}

function refused(message: string, status: 'validation' | 'attachment_refused' = 'validation'): AppError {
  return new AppError(status, message, { fields: [{ field: 'file', message }] });
}

/** The cleaned name and the media type its extension has in the allowlist (else refused). */
export function checkAttachmentName(name: string, limits: AttachmentLimits): { filename: string; mediaType: string } {
  const filename = cleanFilename(name);
  const mediaType = attachmentMediaType(limits as IntakeSettings, filename);
  if (!mediaType) {
    const allowed = limits.attachmentTypes.flatMap((t) => t.extensions).join(', ');
    throw refused(`"${filename}" cannot be attached: only files ending in ${allowed} can.`, 'attachment_refused');
  }
  return { filename, mediaType };
}

/** A file of this many bytes fits the limit (413 when larger). */
export function checkAttachmentSize(bytes: number, limits: AttachmentLimits): void {
  if (bytes === 0) throw refused('the file is empty.');
  if (bytes > limits.maxAttachmentBytes) throw attachmentTooLarge(limits);
}

export function attachmentTooLarge(limits: AttachmentLimits): AppError {
  return new AppError(
    'body_too_large',
    `Attachments may be at most ${Math.floor((limits.maxAttachmentBytes / 1048576) * 10) / 10} MiB each.`,
    {
      fields: [{ field: 'file', message: `at most ${limits.maxAttachmentBytes} bytes.` }],
    },
  );
}

/**
 * Before reading the file: its name, the type the client declared, and the size it declared (Content-Length;
 * undefined when sent in chunks, and then counted while reading).
 */
export function checkUploadStart(
  upload: { filename: string; declaredType: string | undefined; declaredBytes: number | undefined },
  limits: AttachmentLimits,
): { filename: string; mediaType: string } {
  if (/^\s*multipart\//i.test(upload.declaredType ?? '')) {
    throw new AppError('unsupported_media_type', 'Send the file itself as the request body, not a form.', {
      fields: [{ field: 'file', message: 'must be sent as the request body itself (not multipart/form-data).' }],
    });
  }
  const checked = checkAttachmentName(upload.filename, limits);
  if (upload.declaredBytes !== undefined) checkAttachmentSize(upload.declaredBytes, limits);
  return checked;
}

/** Checks a whole file; its media type comes from its name's extension through the allowlist, never from the client. */
export function checkAttachment(
  file: { filename: string; content: Buffer },
  limits: AttachmentLimits,
): { filename: string; mediaType: string } {
  const { filename, mediaType } = checkAttachmentName(file.filename, limits);
  checkAttachmentSize(file.content.length, limits);
  const signature = SIGNATURES[mediaType];
  if (signature && !signature(file.content)) throw refused(`the file's content is not ${mediaType}.`, 'attachment_refused');
  if (TEXT_TYPES.has(mediaType) && !isUtf8Text(file.content))
    throw refused(`the file's content is not text (${mediaType}).`, 'attachment_refused');
  return { filename, mediaType };
}

function isUtf8Text(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return !b.includes(0);
  } catch {
    return false;
  }
}
