// What a signed-in user may use, as the server decides it, for the UI to show only that (GET /api/session):
// the administration area, and the security team's pages (report inbox, dashboard, bulk triage). The server
// enforces the same rules on every request; the UI never derives them itself.
import { isUnrestricted, userSession, type Session } from '../access/session.ts';
import type { Queryable } from '../db/database.ts';
import { isOnSomeProductTeam } from '../domain/reports/canned-repository.ts';

export interface Abilities {
  /** Administration pages: users, groups, products, security, disclosure, report settings. */
  administer: boolean;
  /** The security team's pages: the report inbox, the dashboard and bulk triage (a product team member). */
  triage: boolean;
}

export async function abilitiesOf(s: Session, q: Queryable, user: { id: number; username: string; isAdmin: boolean }): Promise<Abilities> {
  const acting = userSession(user, s.ip, s.requestId);
  const administer = isUnrestricted(acting);
  return { administer, triage: administer || (await isOnSomeProductTeam(acting, q, user.id)) };
}
