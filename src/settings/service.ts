// Administrators read and change the installation's security settings (changes need a recent sign-in and
// are audited as security events).
import { assertRecentlyAuthenticated, type Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../domain/audit/repository.ts';
import { forgetSecuritySettings, readSecuritySettings, writeSecuritySettings, type SecuritySettings } from './security-settings.ts';

export function settingsService({ db, clock }: Deps) {
  return {
    async security(s: Session): Promise<SecuritySettings> {
      authorizeSession(s, 'manageSettings');
      return readSecuritySettings(s, db);
    },

    async updateSecurity(s: Session, patch: Partial<SecuritySettings>): Promise<SecuritySettings> {
      authorizeSession(s, 'manageSettings');
      assertRecentlyAuthenticated(s, clock.now());
      const at = clock.now();
      const result = await db.transaction(async (tx) => {
        const before = await readSecuritySettings(s, tx);
        const after = await writeSecuritySettings(s, tx, at, patch);
        const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, after[k as keyof SecuritySettings]]));
        const was = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof SecuritySettings]]));
        await recordAudit(s, tx, at, { category: 'security', action: 'settings.security_changed', targetType: 'settings', targetId: 'security', before: was, after: changed });
        return after;
      });
      forgetSecuritySettings(); // again after commit: a read during the transaction saw the old values
      return result;
    },
  };
}
