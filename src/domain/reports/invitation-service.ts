// Co-reporter invitations: a reporter with an account (or the team) invites a person by username; the invitee
// accepts or declines from their own account. The inviter's answer, the report's list of invitations and its
// timeline read the same whether or not an account of that name exists, so no one learns which usernames exist
// by inviting; the invitee's account is found silently and told (alert and mail). Accepting makes the invitee a
// co-reporter: a member of the report and of its participants group, removable by the team like any member.
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { withChange } from '../change.ts';
import { cleanName } from '../names.ts';
import { activeUserIdentity } from '../users/repository.ts';
import { USERNAME_MAX } from '../users/username.ts';
import { eventActor, loadForChange } from './context.ts';
import {
  answerInvitation,
  endReportInvitation,
  expireInvitations,
  insertInvitation,
  myInvitationForAnswer,
  myInvitations,
  pendingInvitationFor,
} from './invitations-repository.ts';
import { enqueueReportMail } from './mail-jobs.ts';
import { notifyUser } from './notifications-repository.ts';
import { assertMayInvite } from './policy.ts';
import { addReportMember } from './commands/report-members.ts';
import { insertEvent } from './timeline-repository.ts';
import { reportMembers } from './members-repository.ts';

/** How long an invitation waits for its answer. */
export const INVITATION_DAYS = 14;

const invitationNotFound = () => notFound('There is no such invitation (it may have been answered, withdrawn or expired).');

export function invitationService({ db, clock, jobs }: Deps) {
  return {
    /** Invites a co-reporter by username. The same answer whether or not the account exists. */
    async invite(s: Session, reportId: number, input: { username: string }): Promise<void> {
      const { name, key } = cleanName('username', input.username, USERNAME_MAX);
      await withChange(s, { db, clock, jobs }, async (ctx) => {
        const { tx, at } = ctx;
        const { report, viewer } = await loadForChange(s, tx, reportId);
        assertMayInvite(viewer);
        await expireInvitations(s, tx, at, reportId);
        if ((await pendingInvitationFor(report, tx, key)) !== undefined) return;
        // Members are shown to whoever may invite, so naming one reveals nothing new.
        const members = await reportMembers(report, tx);
        const member = members.find((m) => m.username.normalize('NFKC').toLowerCase() === key);
        if (member)
          throw new AppError('conflict', `${member.username} is already on this report.`, {
            fields: [{ field: 'username', message: 'is already on this report.' }],
          });
        const invitee = await activeUserIdentity(s, tx, { username: name });
        const inviteeUserId = invitee && !(s.kind === 'user' && s.userId === invitee.id) ? invitee.id : null;
        const id = await insertInvitation(s, tx, at, {
          reportId,
          inviteeName: name,
          inviteeKey: key,
          inviteeUserId,
          invitedBy: s.kind === 'user' ? s.userId : null,
          expiresAt: new Date(at.getTime() + INVITATION_DAYS * 86_400_000),
        });
        await insertEvent(s, tx, at, reportId, {
          ...eventActor(s, viewer, report),
          kind: 'invitation_sent',
          internal: false,
          data: { username: name, role: 'co_reporter' },
        });
        if (inviteeUserId !== null) {
          const by = s.kind === 'user' ? s.username : 'The security team';
          await notifyUser(
            s,
            tx,
            at,
            inviteeUserId,
            null,
            'invitation',
            `${by} invited you to follow report ${report.tracking_id} as a co-reporter. Answer under My reports.`,
          );
          await enqueueReportMail(ctx, { kind: 'co_reporter_invitation', reportId, invitationId: id });
        }
        await recordAudit(s, tx, at, {
          action: 'report.invitation_created',
          targetType: 'report',
          targetId: reportId,
          after: { invitationId: id, username: name, inviteeUserId },
        });
      });
    },

    /** Withdraws a pending invitation (whoever may invite). */
    async withdraw(s: Session, reportId: number, invitationId: number): Promise<void> {
      const at = clock.now();
      await db.transaction(async (tx) => {
        const { report, viewer } = await loadForChange(s, tx, reportId);
        assertMayInvite(viewer);
        if (!(await endReportInvitation(s, tx, at, reportId, invitationId, 'withdrawn'))) throw invitationNotFound();
        await insertEvent(s, tx, at, reportId, {
          ...eventActor(s, viewer, report),
          kind: 'invitation_withdrawn',
          internal: false,
          data: { invitationId },
        });
        await recordAudit(s, tx, at, {
          action: 'report.invitation_withdrawn',
          targetType: 'report',
          targetId: reportId,
          after: { invitationId },
        });
      });
    },

    /** The signed-in user's pending invitations. */
    async mine(s: Session) {
      return myInvitations(s, db, clock.now());
    },

    /** The invitee accepts (becomes a co-reporter) or declines. */
    async answer(s: Session, invitationId: number, accept: boolean): Promise<{ reportId: number }> {
      if (s.kind !== 'user') throw new AppError('unauthenticated');
      return withChange(s, { db, clock }, async (ctx) => {
        const { tx, at } = ctx;
        const inv = await myInvitationForAnswer(s, tx, at, invitationId);
        if (!inv) throw invitationNotFound();
        await answerInvitation(s, tx, at, inv.id, accept ? 'accepted' : 'declined');
        const report = { id: inv.report_id, participants_group_id: inv.participants_group_id };
        if (accept) {
          await addReportMember(ctx, report, { id: s.userId, username: s.username }, 'co_reporter', {
            kind: 'invitation',
            invitationId: inv.id,
          });
        } else {
          const actor = { actorUserId: s.userId, actorName: s.username, actorSide: 'reporter' as const };
          await insertEvent(s, tx, at, inv.report_id, {
            ...actor,
            kind: 'invitation_declined',
            internal: false,
            data: { invitationId: inv.id },
          });
          await recordAudit(s, tx, at, {
            action: 'report.invitation_declined',
            targetType: 'report',
            targetId: inv.report_id,
            after: { invitationId: inv.id },
          });
        }
        return { reportId: inv.report_id };
      });
    },
  };
}

export type InvitationService = ReturnType<typeof invitationService>;
