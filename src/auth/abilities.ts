// What a signed-in user may use, as the server decides it, for the UI to show only that (GET /api/session):
// every action of the installation policy (src/domain/installation/policy.ts) — the administration area, the
// security team's pages, each administration page. The server enforces the same rules on every request; the
// UI never derives them itself.
import { userSession, type Session } from '../access/session.ts';
import type { Queryable } from '../db/database.ts';
import { abilities, installationFacts, type InstallationAction, type InstallationFacts } from '../domain/installation/policy.ts';
import { isOnSomeProductTeam } from '../domain/reports/canned-repository.ts';

export type Abilities = Record<InstallationAction, boolean>;

/** The installation facts of a user, with their product-team membership loaded. */
export async function loadInstallationFacts(
  s: Session,
  q: Queryable,
  user: { id: number; username: string; isAdmin: boolean },
): Promise<InstallationFacts> {
  const acting = userSession(user, s.ip, s.requestId);
  const base = installationFacts(acting);
  return base.admin ? base : installationFacts(acting, { productTeam: await isOnSomeProductTeam(acting, q, user.id) });
}

export async function abilitiesOf(s: Session, q: Queryable, user: { id: number; username: string; isAdmin: boolean }): Promise<Abilities> {
  return abilities(await loadInstallationFacts(s, q, user));
}
