// Responses of the report intake's anti-abuse layer: its settings (for administrators), the limits a report
// must keep and proof-of-work challenges (for anyone), with their TypeBox schemas.
import { Type } from 'typebox';
import { DateTime } from '../http/schemas.ts';
import { AttachmentTypeSchema, IntakeSettingsSchema, type IntakeSettings } from '../intake/intake-settings.ts';
import { POW_ALGORITHM, type Challenge } from '../intake/proof-of-work.ts';

export { AttachmentTypeSchema, IntakeSettingsSchema };

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
