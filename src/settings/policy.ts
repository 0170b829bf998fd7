// Who may read and change installation settings: the installation policy's 'manageSettings' (administrators
// and the System user, src/domain/installation/policy.ts), plus a password proof within the last 10 minutes
// before changing a kind marked `recentSignIn` in the registry, or exporting a secret a kind holds (the team's
// private key). Reading settings to *apply* them (the request session reading the security settings, the
// report form its limits) is not an act of any session and needs no check: that is `readSetting` in
// repository.ts.
import { assertRecentlyAuthenticated, type Session } from '../access/session.ts';
import { authorizeSession } from '../domain/installation/policy.ts';

export const SETTINGS_ACTIONS = ['view', 'change', 'export'] as const;
export type SettingsAction = (typeof SETTINGS_ACTIONS)[number];

/** What the policy needs to know about a kind (from its registry definition). */
export interface SettingsObject {
  recentSignIn: boolean;
}

/** Refuses with a typed error: 401 unauthenticated, 403 forbidden_admin, 403 reauthentication_required. */
export function authorizeSettings(s: Session, action: SettingsAction, kind: SettingsObject, now: Date): void {
  authorizeSession(s, 'manageSettings');
  if ((action === 'change' && kind.recentSignIn) || action === 'export') assertRecentlyAuthenticated(s, now);
}
