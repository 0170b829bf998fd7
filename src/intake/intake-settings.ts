// Anti-abuse settings of the public report form and API (rate limits, proof-of-work, size limits, allowed
// attachment types): their shape, defaults and checks. Stored, cached and changed through the settings registry
// (src/settings/registry.ts: kind 'intake'); read with readSetting(db, 'intake').
import { Type } from 'typebox';
import { AppError, type FieldError } from '../errors/catalog.ts';

export interface AttachmentType {
  /** The media type the attachment is stored and downloaded with. */
  mediaType: string;
  /** File name extensions (lower case, with the dot) that mean this type. */
  extensions: string[];
}

export interface IntakeSettings {
  /** Reports one IP address may send without signing in, per sliding hour and day. */
  perIpPerHour: number;
  perIpPerDay: number;
  /** Reports a signed-in reporter may send from one IP address, per sliding hour and day. */
  signedInPerHour: number;
  signedInPerDay: number;
  /** Ask for a solved proof-of-work challenge with every report. */
  proofOfWork: boolean;
  /** Leading zero bits of SHA-256(challengeId + ':' + nonce) a solution needs. */
  powDifficulty: number;
  maxAttachmentBytes: number;
  maxAttachments: number;
  /** The allowlist: an attachment whose extension is not listed here is refused. */
  attachmentTypes: AttachmentType[];
  /** Longest text of any one field of a report (description, steps, impact...), in characters. */
  maxReportChars: number;
}

export const DEFAULT_ATTACHMENT_TYPES: readonly AttachmentType[] = Object.freeze([
  { mediaType: 'text/plain', extensions: ['.txt', '.log', '.md', '.patch', '.diff'] },
  { mediaType: 'text/csv', extensions: ['.csv'] },
  { mediaType: 'application/json', extensions: ['.json'] },
  { mediaType: 'application/pdf', extensions: ['.pdf'] },
  { mediaType: 'image/png', extensions: ['.png'] },
  { mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  { mediaType: 'image/gif', extensions: ['.gif'] },
  { mediaType: 'image/webp', extensions: ['.webp'] },
  { mediaType: 'application/zip', extensions: ['.zip'] },
  { mediaType: 'video/mp4', extensions: ['.mp4'] },
]);

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = Object.freeze({
  perIpPerHour: 10,
  perIpPerDay: 30,
  signedInPerHour: 30,
  signedInPerDay: 100,
  proofOfWork: false,
  powDifficulty: 16,
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxAttachments: 5,
  attachmentTypes: DEFAULT_ATTACHMENT_TYPES as AttachmentType[],
  maxReportChars: 100_000,
});

type IntegerKey = {
  [K in keyof IntakeSettings]: IntakeSettings[K] extends number ? K : never;
}[keyof IntakeSettings];

/** Bounds of the whole-number settings (the API schema is built from these too). */
export const INTAKE_INTEGER_BOUNDS: Record<IntegerKey, [number, number]> = {
  perIpPerHour: [1, 10_000],
  perIpPerDay: [1, 100_000],
  signedInPerHour: [1, 10_000],
  signedInPerDay: [1, 100_000],
  powDifficulty: [8, 28],
  maxAttachmentBytes: [1024, 100 * 1024 * 1024],
  maxAttachments: [0, 20],
  maxReportChars: [1_000, 1_000_000],
};

export const MAX_ATTACHMENT_TYPES = 50;
export const MAX_EXTENSIONS_PER_TYPE = 20;
export const MEDIA_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;
export const EXTENSION_PATTERN = /^\.[a-z0-9][a-z0-9_-]{0,15}$/;

const int = (key: IntegerKey, description: string) =>
  Type.Integer({ minimum: INTAKE_INTEGER_BOUNDS[key][0], maximum: INTAKE_INTEGER_BOUNDS[key][1], description });

export const AttachmentTypeSchema = Type.Object(
  {
    mediaType: Type.String({ minLength: 3, maxLength: 129, description: 'Media type the file is stored and downloaded with.' }),
    extensions: Type.Array(Type.String({ minLength: 1, maxLength: 17 }), {
      minItems: 1,
      maxItems: MAX_EXTENSIONS_PER_TYPE,
      description: 'File name extensions, e.g. ".txt".',
    }),
  },
  { additionalProperties: false },
);

/** The settings as stored and as administrators see them (the API's schema too). */
export const IntakeSettingsSchema = Type.Object({
  perIpPerHour: int('perIpPerHour', 'Reports one IP address may send without signing in, per sliding hour.'),
  perIpPerDay: int('perIpPerDay', '… per sliding 24 hours (at least the hourly limit).'),
  signedInPerHour: int('signedInPerHour', 'Reports a signed-in reporter may send from one IP address, per sliding hour.'),
  signedInPerDay: int('signedInPerDay', '… per sliding 24 hours (at least the hourly limit).'),
  proofOfWork: Type.Boolean({ description: 'Ask for a solved proof-of-work challenge with every report.' }),
  powDifficulty: int('powDifficulty', "Leading zero bits of SHA-256(challengeId + ':' + nonce); each bit doubles the work."),
  maxAttachmentBytes: int('maxAttachmentBytes', 'Largest attachment, in bytes.'),
  maxAttachments: int('maxAttachments', 'Attachments per report.'),
  attachmentTypes: Type.Array(AttachmentTypeSchema, { maxItems: MAX_ATTACHMENT_TYPES, description: 'The allowlist of attachment types.' }),
  maxReportChars: int('maxReportChars', 'Longest text of any one field of a report, in characters.'),
});

function normaliseTypes(value: unknown, fields: FieldError[]): AttachmentType[] | undefined {
  if (!Array.isArray(value)) {
    fields.push({ field: 'attachmentTypes', message: 'must be a list of { mediaType, extensions }.' });
    return undefined;
  }
  if (value.length > MAX_ATTACHMENT_TYPES) {
    fields.push({ field: 'attachmentTypes', message: `must have at most ${MAX_ATTACHMENT_TYPES} items.` });
    return undefined;
  }
  const seenTypes = new Map<string, number>();
  const seenExtensions = new Map<string, number>();
  const out: AttachmentType[] = [];
  value.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Partial<AttachmentType>;
    const mediaType = typeof e.mediaType === 'string' ? e.mediaType.trim().toLowerCase() : '';
    if (!MEDIA_TYPE_PATTERN.test(mediaType)) {
      fields.push({ field: `attachmentTypes.${i}.mediaType`, message: `"${e.mediaType ?? ''}" is not a media type such as text/plain.` });
    } else if (seenTypes.has(mediaType)) {
      fields.push({ field: `attachmentTypes.${i}.mediaType`, message: `${mediaType} is listed twice.` });
    } else {
      seenTypes.set(mediaType, i);
    }
    const extensions: string[] = [];
    if (!Array.isArray(e.extensions) || e.extensions.length === 0 || e.extensions.length > MAX_EXTENSIONS_PER_TYPE) {
      fields.push({
        field: `attachmentTypes.${i}.extensions`,
        message: `must list 1 to ${MAX_EXTENSIONS_PER_TYPE} file name extensions, such as .txt.`,
      });
    } else {
      e.extensions.forEach((x: unknown, j) => {
        const raw = typeof x === 'string' ? x.trim().toLowerCase() : '';
        const ext = raw.startsWith('.') ? raw : `.${raw}`;
        if (!EXTENSION_PATTERN.test(ext)) {
          fields.push({
            field: `attachmentTypes.${i}.extensions.${j}`,
            message: `"${String(x)}" is not a file name extension such as .txt.`,
          });
        } else if (seenExtensions.has(ext)) {
          fields.push({
            field: `attachmentTypes.${i}.extensions.${j}`,
            message: `${ext} is already listed (a file name extension may mean only one type).`,
          });
        } else {
          seenExtensions.set(ext, i);
          extensions.push(ext);
        }
      });
    }
    out.push({ mediaType, extensions });
  });
  return out;
}

/**
 * Checks a change against the current settings and returns it normalised (media types and extensions in
 * lower case, extensions with their dot). Every bad field is named; a daily limit below the hourly one is
 * refused.
 */
export function validateIntakeSettings(current: IntakeSettings, patch: Partial<IntakeSettings>): Partial<IntakeSettings> {
  const fields: FieldError[] = [];
  const out: Partial<Record<keyof IntakeSettings, unknown>> = {};
  for (const [key, [min, max]] of Object.entries(INTAKE_INTEGER_BOUNDS) as [IntegerKey, [number, number]][]) {
    const v = patch[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      fields.push({ field: key, message: `must be a whole number from ${min} to ${max}.` });
    else out[key] = v;
  }
  if (patch.proofOfWork !== undefined) {
    if (typeof patch.proofOfWork !== 'boolean') fields.push({ field: 'proofOfWork', message: 'must be true or false.' });
    else out.proofOfWork = patch.proofOfWork;
  }
  if (patch.attachmentTypes !== undefined) {
    const types = normaliseTypes(patch.attachmentTypes, fields);
    if (types) out.attachmentTypes = types;
  }
  const known = new Set<string>([...Object.keys(INTAKE_INTEGER_BOUNDS), 'proofOfWork', 'attachmentTypes']);
  for (const key of Object.keys(patch)) if (!known.has(key)) fields.push({ field: key, message: 'is not an intake setting.' });

  const next = { ...current, ...out } as IntakeSettings;
  const bad = new Set(fields.map((f) => f.field));
  if (!bad.has('perIpPerDay') && !bad.has('perIpPerHour') && next.perIpPerDay < next.perIpPerHour) {
    fields.push({ field: 'perIpPerDay', message: `must be at least the hourly limit (${next.perIpPerHour}).` });
  }
  if (!bad.has('signedInPerDay') && !bad.has('signedInPerHour') && next.signedInPerDay < next.signedInPerHour) {
    fields.push({ field: 'signedInPerDay', message: `must be at least the hourly limit (${next.signedInPerHour}).` });
  }
  if (fields.length > 0) {
    throw new AppError('validation', fields.map((f) => `${f.field}: ${f.message}`).join(' '), { fields });
  }
  return out as Partial<IntakeSettings>;
}
