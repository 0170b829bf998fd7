// Who may do what with the installation itself: its settings (security, intake, disclosure, SLA targets,
// templates, the team key), the audit and security logs, the mail outbox, IP blocks, the report intake's
// status, canned responses, the CVE pool and the administration of users, groups and products.
//
// Pure rules over the actor's facts. Every administrator check of the code base lives in a policy file (this
// one, or a domain's policy.ts built on it); test/architecture.test.ts refuses one anywhere else.
//
// - Administrators (and the System user of jobs and the command line) may do everything here.
// - Members of some product's security team (directly or through nested groups) may use the security team's
//   pages (the inbox, the dashboard, bulk triage) and read canned responses; what they may do with one report
//   is decided by the report policy (src/domain/reports/policy.ts).
// - Everyone else may do none of it: 401 when not signed in, 403 otherwise.
import { isUnrestricted, type Session } from '../../access/session.ts';
import { AppError } from '../../errors/catalog.ts';

export const INSTALLATION_ACTIONS = [
  /** The administration area at all (its navigation). */
  'administer',
  /** The security team's pages: the report inbox, the dashboard, bulk triage. */
  'triage',
  'manageUsers',
  'manageGroups',
  'manageProducts',
  /** Security, intake, disclosure, SLA and needs-more-info settings, message templates, the team key. */
  'manageSettings',
  'readAuditLog',
  'readSecurityLog',
  'readOutbox',
  'manageIpBlocks',
  'readIntakeStatus',
  'manageCannedResponses',
  'useCannedResponses',
  'manageCvePool',
  'createPages',
  'managePageAccess',
] as const;

export type InstallationAction = (typeof INSTALLATION_ACTIONS)[number];

/** What the rules need to know about the actor, loaded once per request. */
export interface InstallationFacts {
  kind: Session['kind'];
  /** A signed-in user's id (undefined for visitors and System). */
  userId: number | undefined;
  /** Administrators and System. */
  admin: boolean;
  /**
   * A member of some product's staff group. Undefined when not loaded (a synchronous check): the actions that
   * need it are then refused to non-administrators, never granted.
   */
  productTeam: boolean | undefined;
}

/** The facts a session carries by itself (no database read): enough for every administrator-only action. */
export function installationFacts(s: Session, loaded: { productTeam?: boolean } = {}): InstallationFacts {
  return {
    kind: s.kind,
    userId: s.kind === 'user' ? s.userId : undefined,
    admin: isUnrestricted(s),
    productTeam: loaded.productTeam,
  };
}

/** The actions open to product security teams as well as administrators; the others are administrators'. */
const TEAM_ACTIONS: ReadonlySet<InstallationAction> = new Set(['triage', 'useCannedResponses']);

export function can(f: InstallationFacts, action: InstallationAction): boolean {
  if (f.admin) return true;
  return TEAM_ACTIONS.has(action) && f.kind === 'user' && f.productTeam === true;
}

/** Throws the catalogue's error when the actor may not: unauthenticated, forbidden_team or forbidden_admin. */
export function authorize(f: InstallationFacts, action: InstallationAction, message?: string): void {
  if (can(f, action)) return;
  if (f.kind === 'anonymous') throw new AppError('unauthenticated');
  if (TEAM_ACTIONS.has(action)) throw new AppError('forbidden_team', message);
  throw new AppError('forbidden_admin', message);
}

/** Shorthand for the administrator-only actions, which need no loaded facts. */
export function authorizeSession(s: Session, action: InstallationAction, message?: string): void {
  authorize(installationFacts(s), action, message);
}

export function abilities(f: InstallationFacts): Record<InstallationAction, boolean> {
  return Object.fromEntries(INSTALLATION_ACTIONS.map((a) => [a, can(f, a)])) as Record<InstallationAction, boolean>;
}

// ---- account rules that turn on the administrator flag of an account row (not of the acting session) ----

/** Administrators always may use the staff console; others when the flag is set. */
export function isStaffAccount(account: { isAdmin: boolean; staffConsole: boolean }): boolean {
  return account.isAdmin || account.staffConsole;
}

/** Whether a new session of the account is bound to its IP: a separate setting for administrators. */
export function bindsSessionIp(
  account: { isAdmin: boolean },
  settings: { bindSessionIpForAdmins: boolean; bindSessionIpForEveryone: boolean },
): boolean {
  return account.isAdmin ? settings.bindSessionIpForAdmins : settings.bindSessionIpForEveryone;
}

/** How the audit log names the kind of account that acted. */
export function accountUserType(account: { isAdmin: boolean }): 'administrator' | 'user' {
  return account.isAdmin ? 'administrator' : 'user';
}
