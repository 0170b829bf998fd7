// The report intake's anti-abuse API as the UI uses it: administrators' settings, and the public
// proof-of-work challenge the report form solves (see pow/solve.ts).
import { call } from '../../../api.ts';

export interface AttachmentType {
  mediaType: string;
  extensions: string[];
}

export interface IntakeSettings {
  perIpPerHour: number;
  perIpPerDay: number;
  signedInPerHour: number;
  signedInPerDay: number;
  proofOfWork: boolean;
  powDifficulty: number;
  maxAttachmentBytes: number;
  maxAttachments: number;
  attachmentTypes: AttachmentType[];
  maxReportChars: number;
}

export type IntakeChallenge =
  | { enabled: false }
  | { enabled: true; id: string; algorithm: 'sha256-leading-zero-bits'; difficulty: number; expiresAt: string };

export const intakeApi = {
  settings: () => call<IntakeSettings>('GET', '/api/admin/intake-settings'),
  updateSettings: (patch: Partial<IntakeSettings>) => call<IntakeSettings>('PATCH', '/api/admin/intake-settings', patch),
  /** A challenge to solve before submitting a report; { enabled: false } when none is asked for. */
  challenge: () => call<IntakeChallenge>('GET', '/api/intake/challenge'),
};
