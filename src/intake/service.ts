// The report intake's own services: anyone may read the limits a report must keep and ask for a proof-of-work
// challenge. Administrators read and change the anti-abuse settings through the settings registry (kind
// 'intake': a sensitive change, recent sign-in, audited as a security event).
import type { Session } from '../access/session.ts';
import type { Deps } from '../deps.ts';
import { readSetting } from '../settings/repository.ts';
import type { IntakeSettings } from './intake-settings.ts';
import { issueChallenge, type Challenge } from './proof-of-work.ts';

export function intakeService({ db, clock }: Deps) {
  return {
    /** What anyone sending a report needs to know before sending: text and attachment limits, allowed types. */
    async limits(): Promise<IntakeSettings> {
      return readSetting(db, 'intake');
    },

    /** A proof-of-work challenge for the report form, or undefined when the installation does not ask for one. */
    async challenge(s: Session): Promise<Challenge | undefined> {
      const settings = await readSetting(db, 'intake');
      if (!settings.proofOfWork) return undefined;
      const at = clock.now();
      return db.transaction((tx) => issueChallenge(s, tx, at, settings));
    },
  };
}
