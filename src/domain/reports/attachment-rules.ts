// What may be attached to a report: size, count, an allowlist of types, and content that matches the type
// it claims (a "PNG" must start like a PNG). Attachments are only ever served as downloads.
import { AppError } from '../../errors/catalog.ts';
import { attachmentMediaType, type IntakeSettings } from '../../intake/index.ts';

export type AttachmentLimits = Pick<IntakeSettings, 'maxAttachmentBytes' | 'maxAttachments' | 'attachmentTypes'>;

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'application/zip': (b) => b[0] === 0x50 && b[1] === 0x4b,
};

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

/** Checks a file; its media type comes from its name's extension through the allowlist, never from the client. */
export function checkAttachment(
  file: { filename: string; content: Buffer },
  limits: AttachmentLimits,
): { filename: string; mediaType: string } {
  const filename = cleanFilename(file.filename);
  const mediaType = attachmentMediaType(limits as IntakeSettings, filename);
  if (file.content.length === 0) throw refused('the file is empty.');
  if (file.content.length > limits.maxAttachmentBytes) {
    throw new AppError('body_too_large', `Attachments may be at most ${Math.floor(limits.maxAttachmentBytes / 1048576 * 10) / 10} MiB each.`, {
      fields: [{ field: 'file', message: `at most ${limits.maxAttachmentBytes} bytes.` }],
    });
  }
  if (!mediaType) {
    const allowed = limits.attachmentTypes.flatMap((t) => t.extensions).join(', ');
    throw refused(`"${filename}" cannot be attached: only files ending in ${allowed} can.`, 'attachment_refused');
  }
  const signature = SIGNATURES[mediaType];
  if (signature && !signature(file.content)) throw refused(`the file's content is not ${mediaType}.`, 'attachment_refused');
  if (TEXT_TYPES.has(mediaType) && !isUtf8Text(file.content)) throw refused(`the file's content is not text (${mediaType}).`, 'attachment_refused');
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
