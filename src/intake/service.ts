// The report intake's own services: administrators read and change the anti-abuse settings (a sensitive
// change: recent sign-in, audited as a security event); anyone may read the limits a report must keep and ask
// for a proof-of-work challenge.
import { assertRecentlyAuthenticated, type Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { forgetIntakeSettings, readIntakeSettings, writeIntakeSettings, type IntakeSettings } from './intake-settings.ts';
import { issueChallenge, type Challenge } from './proof-of-work.ts';

export function intakeService({ db, clock }: Deps) {
  return {
    async settings(s: Session): Promise<IntakeSettings> {
      authorizeSession(s, 'manageSettings');
      return readIntakeSettings(s, db);
    },

    async updateSettings(s: Session, patch: Partial<IntakeSettings>): Promise<IntakeSettings> {
      authorizeSession(s, 'manageSettings');
      assertRecentlyAuthenticated(s, clock.now());
      const at = clock.now();
      const result = await db.transaction(async (tx) => {
        const before = await readIntakeSettings(s, tx);
        const after = await writeIntakeSettings(s, tx, at, patch);
        const keys = Object.keys(patch) as (keyof IntakeSettings)[];
        await recordAudit(s, tx, at, {
          category: 'security',
          action: 'settings.intake_changed',
          targetType: 'settings',
          targetId: 'intake',
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        });
        return after;
      });
      forgetIntakeSettings(); // again after commit: a read during the transaction saw the old values
      return result;
    },

    /** What anyone sending a report needs to know before sending: text and attachment limits, allowed types. */
    async limits(s: Session): Promise<IntakeSettings> {
      return readIntakeSettings(s, db);
    },

    /** A proof-of-work challenge for the report form, or undefined when the installation does not ask for one. */
    async challenge(s: Session): Promise<Challenge | undefined> {
      const settings = await readIntakeSettings(s, db);
      if (!settings.proofOfWork) return undefined;
      const at = clock.now();
      return db.transaction((tx) => issueChallenge(s, tx, at, settings));
    },
  };
}
