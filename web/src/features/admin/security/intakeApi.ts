// The report intake's anti-abuse API as the UI uses it: administrators' settings, and the public
// proof-of-work challenge the report form solves (see pow/solve.ts).
import { call } from '../../../api.ts';
import type { IntakeChallenge, IntakeSettings } from '../../../contract.ts';

export type { AttachmentType, IntakeChallenge, IntakeSettings } from '../../../contract.ts';

export const intakeApi = {
  settings: () => call<IntakeSettings>('GET', '/api/admin/intake-settings'),
  updateSettings: (patch: Partial<IntakeSettings>) => call<IntakeSettings>('PATCH', '/api/admin/intake-settings', patch),
  /** A challenge to solve before submitting a report; { enabled: false } when none is asked for. */
  challenge: () => call<IntakeChallenge>('GET', '/api/intake/challenge'),
};
