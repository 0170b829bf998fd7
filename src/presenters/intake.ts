// Responses of the report intake's anti-abuse layer: its settings (for administrators), the limits a report
// must keep and proof-of-work challenges (for anyone), with their TypeBox schemas.
import { Type } from 'typebox';
import { DateTime } from '../http/schemas.ts';
import { INTAKE_INTEGER_BOUNDS, MAX_ATTACHMENT_TYPES, MAX_EXTENSIONS_PER_TYPE, type IntakeSettings } from '../intake/intake-settings.ts';
import { POW_ALGORITHM, type Challenge } from '../intake/proof-of-work.ts';

const int = (key: keyof typeof INTAKE_INTEGER_BOUNDS, description: string) =>
  Type.Integer({ minimum: INTAKE_INTEGER_BOUNDS[key][0], maximum: INTAKE_INTEGER_BOUNDS[key][1], description });

export const AttachmentTypeSchema = Type.Object(
  {
    mediaType: Type.String({ minLength: 3, maxLength: 129, description: 'Media type the file is stored and downloaded with.' }),
    extensions: Type.Array(Type.String({ minLength: 1, maxLength: 17 }), { minItems: 1, maxItems: MAX_EXTENSIONS_PER_TYPE, description: 'File name extensions, e.g. ".txt".' }),
  },
  { additionalProperties: false },
);

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

export function presentIntakeSettings(s: IntakeSettings) {
  return {
    perIpPerHour: s.perIpPerHour,
    perIpPerDay: s.perIpPerDay,
    signedInPerHour: s.signedInPerHour,
    signedInPerDay: s.signedInPerDay,
    proofOfWork: s.proofOfWork,
    powDifficulty: s.powDifficulty,
    maxAttachmentBytes: s.maxAttachmentBytes,
    maxAttachments: s.maxAttachments,
    attachmentTypes: s.attachmentTypes.map((t) => ({ mediaType: t.mediaType, extensions: [...t.extensions] })),
    maxReportChars: s.maxReportChars,
  };
}

export const IntakeLimitsSchema = Type.Object({
  maxReportChars: IntakeSettingsSchema.properties.maxReportChars,
  maxAttachments: IntakeSettingsSchema.properties.maxAttachments,
  maxAttachmentBytes: IntakeSettingsSchema.properties.maxAttachmentBytes,
  attachmentTypes: IntakeSettingsSchema.properties.attachmentTypes,
});

export function presentIntakeLimits(s: IntakeSettings) {
  return {
    maxReportChars: s.maxReportChars,
    maxAttachments: s.maxAttachments,
    maxAttachmentBytes: s.maxAttachmentBytes,
    attachmentTypes: s.attachmentTypes.map((t) => ({ mediaType: t.mediaType, extensions: [...t.extensions] })),
  };
}

export const ChallengeSchema = Type.Union([
  Type.Object({ enabled: Type.Literal(false, { description: 'This installation does not ask for a proof-of-work.' }) }),
  Type.Object({
    enabled: Type.Literal(true),
    id: Type.String({ description: '128 random bits, hex.' }),
    algorithm: Type.Literal(POW_ALGORITHM),
    difficulty: Type.Integer({ description: "Leading zero bits SHA-256(id + ':' + nonce) must have." }),
    expiresAt: DateTime,
  }),
]);

export function presentChallenge(c: Challenge | undefined) {
  if (!c) return { enabled: false as const };
  return { enabled: true as const, id: c.id, algorithm: POW_ALGORITHM, difficulty: c.difficulty, expiresAt: c.expiresAt.toISOString() };
}
