// Membership of a report: a user added (by the team, or by accepting a co-reporter invitation) or removed.
// A member is a row of report_members (their role) and a member of the report's participants group (which
// grants reading it); both change together, with the timeline event and the audit event, in the caller's change.
import { AppError, fieldError } from '../../../errors/catalog.ts';
import { recordAudit } from '../../audit/repository.ts';
import type { ChangeContext } from '../../change.ts';
import { deleteUserMember, insertUserMember } from '../../groups/repository.ts';
import { eventActor } from '../context.ts';
import { type ReportRow } from '../repository.ts';
import { deleteReportMember, insertReportMember, type MemberRole } from '../members-repository.ts';
import { insertEvent } from '../timeline-repository.ts';

export type MembershipTarget = Pick<ReportRow, 'id' | 'participants_group_id'> & Partial<Pick<ReportRow, 'contact_name'>>;

/** Why a user joins a report. */
export type JoinCause =
  /** The team adds a collaborator or co-reporter at once. */
  | { kind: 'team' }
  /** The user accepted a co-reporter invitation (they act themselves). */
  | { kind: 'invitation'; invitationId: number };

/**
 * Adds the user to the report with `role`. The team adding someone already on the report is refused; an
 * accepted invitation of someone who is already a member changes nothing but the invitation (audited).
 */
export async function addReportMember(
  ctx: ChangeContext,
  report: MembershipTarget,
  user: { id: number; username: string },
  role: Exclude<MemberRole, 'reporter'>,
  cause: JoinCause,
): Promise<void> {
  const { session: s, tx, at } = ctx;
  const added = await insertReportMember(s, tx, at, report.id, user.id, role);
  if (!added && cause.kind === 'team') throw new AppError('conflict', `${user.username} is already on this report.`);
  if (added) {
    await insertUserMember(s, tx, at, report.participants_group_id, user.id);
    await insertEvent(s, tx, at, report.id, {
      ...eventActor(s, { side: cause.kind === 'team' ? 'team' : 'reporter' }, report),
      kind: 'member_added',
      internal: role === 'collaborator',
      data: { username: user.username, role, ...(cause.kind === 'invitation' ? { invitationId: cause.invitationId } : {}) },
    });
  }
  await recordAudit(s, tx, at, {
    action: cause.kind === 'team' ? 'report.member_added' : 'report.invitation_accepted',
    targetType: 'report',
    targetId: report.id,
    after: cause.kind === 'team' ? { userId: user.id, role } : { invitationId: cause.invitationId },
  });
}

/** The team removes a user's role on the report, and with it their reading of it. */
export async function removeReportMember(ctx: ChangeContext, report: MembershipTarget, userId: number): Promise<void> {
  const { session: s, tx, at } = ctx;
  const role = await deleteReportMember(s, tx, report.id, userId);
  if (!role) throw fieldError('userId', 'that user has no role on this report.');
  await deleteUserMember(s, tx, report.participants_group_id, userId);
  await insertEvent(s, tx, at, report.id, {
    ...eventActor(s, { side: 'team' }, report),
    kind: 'member_removed',
    internal: true,
    data: { userId, role },
  });
  await recordAudit(s, tx, at, { action: 'report.member_removed', targetType: 'report', targetId: report.id, before: { userId, role } });
}
