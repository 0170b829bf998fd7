// Who may do what with a report the session could already read (reading itself is decided in the data
// layer by the report's read group, its participants group). Pure rules over the viewer's facts and the report:
// - the team side: administrators, members of the report's edit group (the product's security team) and
//   invited collaborators; they see internal notes. Only the edit group triages (state, assignment, scores,
//   versions, checklist, members); collaborators comment, attach and read;
// - the reporter side: the reporter, co-reporters and holders of a secret reporter link; they follow the
//   report, talk with the team, attach files, manage links and may withdraw it, and never see internal notes.
//
// Rules decided here (the UI only follows the abilities computed from them):
// - The original reporter cannot be removed from their own report by the team (409 reporter_not_removable).
//   The report is their disclosure: removing them would silently cut them off from its outcome and from the
//   coordinated disclosure date. Co-reporters and collaborators may be removed; a reporter who abuses the
//   channel is handled by the report's state (spam), not by hiding the report from them.
// - The reporter side cannot attach files to a finished report (409 report_finished): once it is closed,
//   disclosed, withdrawn or set aside, new evidence belongs in a new report (or a comment asking to reopen),
//   so a finished record does not change under the team. The team may still attach (fix notes, advisories).
//   Comments stay open to both sides, so a reporter can always ask to reopen.
import { AppError } from '../../errors/catalog.ts';
import type { LinkGrant } from '../../access/session.ts';
import type { ReportRow } from './repository.ts';
import type { MemberRole } from './members-repository.ts';
import type { ReportStanding } from './standing-repository.ts';
import { allowedTransitions, FINISHED, STATE_LABELS, type ReportState } from './states.ts';

export type ReportSide = 'team' | 'reporter';

/** The facts about the viewer on one report, loaded once per request (context.ts, query-service.ts). */
export interface ReportViewer {
  side: ReportSide;
  /** The session's role on this report, if it has one ('guest': a secret link's holder). */
  role: MemberRole | 'guest' | undefined;
  /** In the edit group: may triage (state, assignment, scores, edit). */
  mayTriage: boolean;
  /** In the publish group: may change the published state. */
  mayPublish: boolean;
}

export const REPORT_ACTIONS = [
  'read',
  /** Internal notes and internal attachments. */
  'readInternal',
  'comment',
  'commentInternal',
  /** Triage: edit fields, checklist, versions, disclosure dates, acknowledge. */
  'triage',
  /** Change the state (see viewer.transitions for the states it may go to). */
  'transition',
  'assign',
  'score',
  'publish',
  'attach',
  'attachInternal',
  /** Invite co-reporters (the team, or a reporter with an account). */
  'invite',
  /** Add people to the report and remove them (each member's own `abilities.remove` says whom). */
  'manageMembers',
  'createLink',
  'revokeLinks',
  'withdraw',
] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export const MEMBER_ACTIONS = ['remove'] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

type ReportTarget = Pick<ReportRow, 'state'>;

/** The actor's part of the facts (from the session, no database read). */
export interface ReportActor {
  /** Administrators and System read and triage every report. */
  unrestricted: boolean;
  grants: readonly LinkGrant[] | undefined;
}

/** The viewer's facts on one report, from its standing: the single rule for a list item and the report's page. */
export function viewerFrom(actor: ReportActor, reportId: number, standing: ReportStanding): ReportViewer {
  if (actor.unrestricted) return { side: 'team', role: undefined, mayTriage: true, mayPublish: true };
  const { role, inEditGroup, inPublishGroup } = standing;
  if (inEditGroup || role === 'collaborator') return { side: 'team', role, mayTriage: inEditGroup, mayPublish: inPublishGroup };
  const guest = actor.grants?.some((g) => g.reportId === reportId) ? 'guest' : undefined;
  return { side: 'reporter', role: role ?? guest, mayTriage: false, mayPublish: false };
}

const finished = (r: ReportTarget) => FINISHED.includes(r.state);
const team = (v: ReportViewer) => v.side === 'team';
/** On the reporter side with a standing of its own (a role, or a live link). */
const reporter = (v: ReportViewer) => v.side === 'reporter' && v.role !== undefined;
/** A reporter or co-reporter signed in with their account (never a link's guest). */
const reporterAccount = (v: ReportViewer) => v.side === 'reporter' && (v.role === 'reporter' || v.role === 'co_reporter');

export function can(v: ReportViewer, action: ReportAction, r: ReportTarget): boolean {
  switch (action) {
    case 'read':
      return true;
    case 'readInternal':
    case 'commentInternal':
    case 'attachInternal':
      return team(v);
    case 'comment':
      return team(v) || reporter(v);
    case 'triage':
    case 'assign':
    case 'score':
    case 'manageMembers':
      return v.mayTriage;
    case 'transition':
      return v.mayTriage && allowedTransitions(r.state).length > 0;
    case 'publish':
      return v.mayPublish;
    case 'attach':
      return team(v) || (reporter(v) && !finished(r));
    case 'invite':
      return team(v) ? v.mayTriage : reporterAccount(v);
    case 'createLink':
    case 'revokeLinks':
      return team(v) ? v.mayTriage : reporter(v);
    case 'withdraw':
      return reporter(v) && !finished(r);
  }
}

/** Why the viewer may not, as the catalogue's error. */
function refusal(v: ReportViewer, action: ReportAction, r: ReportTarget): AppError {
  const state = STATE_LABELS[r.state].toLowerCase();
  switch (action) {
    case 'comment':
      return new AppError('forbidden_reporter');
    case 'publish':
      return new AppError('forbidden_publish');
    case 'attach':
      return reporter(v)
        ? new AppError(
            'report_finished',
            `The report is ${state}: it takes no new attachments from the reporter side. Comment on it to ask the team to reopen it.`,
          )
        : new AppError('forbidden_reporter');
    case 'invite':
      return team(v)
        ? new AppError('forbidden_triage')
        : new AppError('forbidden_reporter', 'Only the reporter and co-reporters, signed in with their account, may invite co-reporters.');
    case 'createLink':
    case 'revokeLinks':
      return team(v) ? new AppError('forbidden_triage') : new AppError('forbidden_reporter');
    case 'withdraw':
      return reporter(v)
        ? new AppError('illegal_transition', `A report that is ${state} cannot be withdrawn.`)
        : new AppError('forbidden_reporter');
    default:
      return new AppError('forbidden_triage');
  }
}

export function authorize(v: ReportViewer, action: ReportAction, r: ReportTarget): void {
  if (!can(v, action, r)) throw refusal(v, action, r);
}

export function abilities(v: ReportViewer, r: ReportTarget): Record<ReportAction, boolean> {
  return Object.fromEntries(REPORT_ACTIONS.map((a) => [a, can(v, a, r)])) as Record<ReportAction, boolean>;
}

/** The states the viewer may move the report to (empty unless it may transition). */
export function transitionsFor(v: ReportViewer, r: ReportTarget): readonly ReportState[] {
  return can(v, 'transition', r) ? allowedTransitions(r.state) : [];
}

// ---- one person on the report ----

const MEMBER_RULES: Record<MemberAction, (v: ReportViewer, m: { role: MemberRole }) => boolean> = {
  remove: (v, m) => v.mayTriage && m.role !== 'reporter',
};

export function canMember(v: ReportViewer, action: MemberAction, m: { role: MemberRole }): boolean {
  return MEMBER_RULES[action](v, m);
}

export function authorizeMember(v: ReportViewer, action: MemberAction, m: { role: MemberRole }): void {
  if (canMember(v, action, m)) return;
  if (!v.mayTriage) throw new AppError('forbidden_triage');
  throw new AppError('reporter_not_removable');
}

export function memberAbilities(v: ReportViewer, m: { role: MemberRole }): Record<MemberAction, boolean> {
  return { remove: canMember(v, 'remove', m) };
}

// ---- shorthands the services use ----

export const mayInvite = (v: ReportViewer): boolean => (team(v) ? v.mayTriage : reporterAccount(v));

export function assertMayTriage(v: ReportViewer): void {
  if (!v.mayTriage) throw new AppError('forbidden_triage');
}

export function assertTeamSide(v: ReportViewer): void {
  if (!team(v)) throw new AppError('forbidden_triage');
}

export function assertReporterSide(v: ReportViewer): void {
  if (!reporter(v)) throw new AppError('forbidden_reporter');
}

export function assertReporterAccount(v: ReportViewer): void {
  if (!reporterAccount(v)) {
    throw new AppError('forbidden_reporter', 'Only the reporter and co-reporters, signed in with their account, may invite co-reporters.');
  }
}

export function assertMayInvite(v: ReportViewer): void {
  if (team(v)) assertMayTriage(v);
  else assertReporterAccount(v);
}
