// Who may do what with a report the session could already read (reading itself is decided in the data
// layer by the report's read group, its participants group):
// - the team side: administrators, members of the report's edit group (the product's security team) and
//   invited collaborators; they see internal notes and triage;
// - the reporter side: the reporter, co-reporters and holders of a secret reporter link; they follow the
//   report, talk with the team and may withdraw it, and never see internal notes.
import { accessKeys } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../errors/catalog.ts';
import { viewerStanding, type MemberRole, type ReportRow } from './repository.ts';

export type ReportSide = 'team' | 'reporter';

export interface ReportViewer {
  side: ReportSide;
  /** The session's role on this report, if it has one. */
  role: MemberRole | 'guest' | undefined;
  /** May triage: change state, assign, score, edit (the edit group). */
  mayTriage: boolean;
  /** May change the published state (the publish group). */
  mayPublish: boolean;
}

export async function viewerOf(s: Session, q: Queryable, report: ReportRow): Promise<ReportViewer> {
  const keys = await accessKeys(s, q);
  if (keys.unrestricted) return { side: 'team', role: undefined, mayTriage: true, mayPublish: true };
  const { role, mayTriage, mayPublish } = await viewerStanding(s, q, report, keys.keys);
  if (mayTriage || role === 'collaborator') return { side: 'team', role, mayTriage, mayPublish };
  const guest = s.grants?.some((g) => g.reportId === report.id) ? 'guest' : undefined;
  return { side: 'reporter', role: role ?? guest, mayTriage: false, mayPublish: false };
}

export function assertMayTriage(v: ReportViewer): void {
  if (!v.mayTriage) throw new AppError('forbidden_triage');
}

export function assertTeamSide(v: ReportViewer): void {
  if (v.side !== 'team') throw new AppError('forbidden_triage');
}

export function assertReporterSide(v: ReportViewer): void {
  if (v.side !== 'reporter' || v.role === undefined) throw new AppError('forbidden_reporter');
}

/**
 * Reporters and co-reporters with an account: they may invite co-reporters. A secret link's guest may not: a
 * link grants reading one report while it lives, never a lasting membership for anyone.
 */
export function assertReporterAccount(v: ReportViewer): void {
  if (v.side !== 'reporter' || (v.role !== 'reporter' && v.role !== 'co_reporter')) {
    throw new AppError('forbidden_reporter', 'Only the reporter and co-reporters, signed in with their account, may invite co-reporters.');
  }
}

/** Who may invite co-reporters and withdraw invitations: the team (triage) or a reporter with an account. */
export function mayInvite(v: ReportViewer): boolean {
  return v.side === 'team' ? v.mayTriage : v.role === 'reporter' || v.role === 'co_reporter';
}

export function assertMayInvite(v: ReportViewer): void {
  if (v.side === 'team') assertMayTriage(v);
  else assertReporterAccount(v);
}
