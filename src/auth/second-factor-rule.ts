// "Staff must use a second factor" (security setting requireMfaForStaff): whom it covers. Staff accounts
// (administrators and users with the staff console), and everyone who reads non-public reports on the team
// side (product security teams and incident managers, nested memberships included, and collaborators on any
// report). Derived from the database on every use, so joining a team restricts the next request to setting
// up a second factor, and leaving it ends the restriction.
import type { Session } from '../access/session.ts';
import type { Queryable } from '../db/database.ts';
import { readsTeamSideReports } from '../domain/reports/team-readers-repository.ts';
import type { SecuritySettings } from '../settings/security-settings.ts';

export interface SecondFactorSubject {
  userId: number;
  /** Administrator or staff-console user. */
  staff: boolean;
  mfaEnabled: boolean;
}

/** Whether the setting covers this user (whatever their second factor). */
export async function secondFactorRequiredFor(
  s: Session,
  q: Queryable,
  settings: Pick<SecuritySettings, 'requireMfaForStaff'>,
  user: Pick<SecondFactorSubject, 'userId' | 'staff'>,
): Promise<boolean> {
  if (!settings.requireMfaForStaff) return false;
  return user.staff || (await readsTeamSideReports(s, q, user.userId));
}

/** Whether the user must set up a second factor before doing anything else. */
export async function mustEnrolSecondFactor(
  s: Session,
  q: Queryable,
  settings: Pick<SecuritySettings, 'requireMfaForStaff'>,
  user: SecondFactorSubject,
): Promise<boolean> {
  if (user.mfaEnabled || !settings.requireMfaForStaff) return false;
  return secondFactorRequiredFor(s, q, settings, user);
}
