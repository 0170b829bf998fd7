// Size and type limits of a submitted report: text length per field, number and size of attachments, and
// the attachment allowlist (the stored media type follows from the file name extension, never from the
// type the client claims). Every bad field is named in one validation error.
import { AppError, type FieldError } from '../errors/catalog.ts';
import { codePointCount } from '../shared/text.ts';
import type { IntakeSettings } from './intake-settings.ts';

export interface AttachmentInput {
  filename: string;
  /** Size in bytes (of the decoded content). */
  size: number;
}

const MAX_FILENAME_CHARS = 255;
// Control characters, path separators, and characters some systems refuse in file names.
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const BAD_FILENAME = /[\u0000-\u001f\u007f/\\]/;

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The media type the allowlist gives the file name's extension, or undefined when it is not allowed. */
export function attachmentMediaType(settings: IntakeSettings, filename: string): string | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0 || dot === filename.length - 1) return undefined;
  const ext = filename.slice(dot).toLowerCase();
  return settings.attachmentTypes.find((t) => t.extensions.includes(ext))?.mediaType;
}

/** Field errors for text fields longer than maxReportChars (counted in Unicode code points). */
export function textLengthErrors(settings: IntakeSettings, texts: Record<string, string | null | undefined>): FieldError[] {
  const out: FieldError[] = [];
  for (const [field, text] of Object.entries(texts)) {
    if (typeof text !== 'string' || text.length <= settings.maxReportChars) continue;
    const chars = codePointCount(text);
    if (chars > settings.maxReportChars)
      out.push({ field, message: `must be at most ${settings.maxReportChars} characters long (it has ${chars}).` });
  }
  return out;
}

/** Field errors for attachments (field `${prefix}.${i}`), and each allowed one's media type. */
export function attachmentErrors(
  settings: IntakeSettings,
  files: readonly AttachmentInput[],
  prefix = 'attachments',
): { errors: FieldError[]; mediaTypes: (string | undefined)[] } {
  const errors: FieldError[] = [];
  if (files.length > settings.maxAttachments) {
    errors.push({
      field: prefix,
      message: settings.maxAttachments === 0 ? 'are not accepted.' : `must be at most ${settings.maxAttachments} files.`,
    });
  }
  const allowed = settings.attachmentTypes.flatMap((t) => t.extensions).join(', ');
  const mediaTypes = files.map((f, i) => {
    const field = `${prefix}.${i}`;
    const name = typeof f.filename === 'string' ? f.filename.trim() : '';
    if (name === '' || name.length > MAX_FILENAME_CHARS || BAD_FILENAME.test(name) || name === '.' || name === '..') {
      errors.push({
        field: `${field}.filename`,
        message: `must be a file name of 1 to ${MAX_FILENAME_CHARS} characters without "/", "\\" or control characters.`,
      });
      return undefined;
    }
    const type = attachmentMediaType(settings, name);
    if (!type) errors.push({ field: `${field}.filename`, message: `"${name}" is not a type of file accepted here (allowed: ${allowed}).` });
    if (!Number.isInteger(f.size) || f.size < 0) errors.push({ field: `${field}.content`, message: 'is not a valid file.' });
    else if (f.size === 0) errors.push({ field: `${field}.content`, message: 'is empty.' });
    else if (f.size > settings.maxAttachmentBytes) {
      errors.push({
        field: `${field}.content`,
        message: `is larger than ${mib(settings.maxAttachmentBytes)} (${f.size.toLocaleString('en')} bytes).`,
      });
    }
    return type;
  });
  return { errors, mediaTypes };
}

/**
 * Checks a report's texts and attachments against the limits; throws one validation error naming every bad
 * field, or returns the media type of each attachment.
 */
export function checkReportLimits(
  settings: IntakeSettings,
  input: { texts: Record<string, string | null | undefined>; attachments?: readonly AttachmentInput[] },
): { mediaTypes: string[] } {
  const fields = textLengthErrors(settings, input.texts);
  const files = attachmentErrors(settings, input.attachments ?? []);
  fields.push(...files.errors);
  if (fields.length > 0) throw new AppError('validation', fields.map((f) => `${f.field} ${f.message}`).join(' '), { fields });
  return { mediaTypes: files.mediaTypes as string[] };
}
