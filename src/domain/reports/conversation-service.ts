// The conversation around a report: comments (internal to the team, or visible to the reporter), the
// reporter's answers and withdrawal, invitations (co-reporters, collaborators), secret reporter links and
// attachments.
import { createHash } from 'node:crypto';
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { withChange } from '../change.ts';
import { activeUserIdentity } from '../users/repository.ts';
import { addReportMember, removeReportMember } from './commands/report-members.ts';
import { resumeStateOf, transitionReport } from './commands/transition-report.ts';
import { eventActor, loadForChange, loadReport } from './context.ts';
import { enqueueReportMail } from './mail-jobs.ts';
import { assertMayTriage, assertReporterSide, authorize, authorizeMember, can } from './policy.ts';
import { attachmentContent, insertAttachment, listAttachments } from './attachments-repository.ts';
import { insertEvent } from './timeline-repository.ts';
import { insertLink, revokeLinks } from './links-repository.ts';
import { reportMembers, type MemberRole } from './members-repository.ts';
import { newLinkToken } from './links.ts';
import { cleanText } from './validation.ts';
import { checkAttachment, checkUploadStart, type AttachmentLimits } from './attachment-rules.ts';

const COMMENT_MAX = 100_000;

export function conversationService({ db, clock, jobs }: Deps) {
  return {
    /**
     * A comment. The team chooses internal (team only) or visible to the reporter; whatever the reporter side
     * writes is visible to both. A reporter's answer to "needs more info" sends the report back to where it was.
     */
    async comment(s: Session, id: number, input: { body: string; internal?: boolean }): Promise<string> {
      const body = cleanText('body', input.body, COMMENT_MAX, { required: true });
      return withChange(s, { db, clock, jobs }, async (ctx) => {
        const { tx, at } = ctx;
        const { report, viewer } = await loadForChange(s, tx, id);
        if (viewer.side === 'reporter') {
          assertReporterSide(viewer);
          if (input.internal) throw fieldError('internal', 'only the security team can write internal notes.');
        }
        const internal = viewer.side === 'team' && input.internal === true;
        const eventId = await insertEvent(s, tx, at, id, { ...eventActor(s, viewer, report), kind: 'comment', internal, body });
        if (viewer.side === 'reporter' && report.state === 'needs_more_info') {
          await transitionReport(ctx, report, resumeStateOf(report), { kind: 'reporter_reply' });
        }
        if (viewer.side === 'reporter') await enqueueReportMail(ctx, { kind: 'team_update', reportId: id, eventId });
        else if (!internal) await enqueueReportMail(ctx, { kind: 'reporter_update', reportId: id, eventId });
        await recordAudit(s, tx, at, { action: 'report.commented', targetType: 'report', targetId: id, after: { eventId, internal } });
        return eventId;
      });
    },

    /** The reporter withdraws the report. */
    async withdraw(s: Session, id: number, reason: string): Promise<void> {
      const why = cleanText('reason', reason, 10_000);
      await withChange(s, { db, clock, jobs }, async (ctx) => {
        const { report, viewer } = await loadForChange(s, ctx.tx, id);
        assertReporterSide(viewer);
        await transitionReport(ctx, report, 'withdrawn', { kind: 'withdrawal', reason: why });
      });
    },

    /**
     * The team adds a user to the report at once: a collaborator (e.g. an outside organisation validating the
     * fix) or a co-reporter. Reporters invite co-reporters through invitations (invitation-service.ts), which the
     * invitee accepts and which reveal nothing about which usernames exist.
     */
    async invite(s: Session, id: number, input: { username: string; role: Exclude<MemberRole, 'reporter'> }): Promise<void> {
      await withChange(s, { db, clock }, async (ctx) => {
        const { report, viewer } = await loadForChange(s, ctx.tx, id);
        if (viewer.side === 'reporter') {
          throw new AppError(
            'forbidden_triage',
            'Reporters invite co-reporters with an invitation (POST /api/reports/{id}/invitations), which the invitee accepts.',
          );
        }
        assertMayTriage(viewer);
        const user = await activeUserIdentity(s, ctx.tx, { username: input.username });
        if (!user) throw fieldError('username', `there is no active user "${input.username}".`);
        await addReportMember(ctx, report, user, input.role, { kind: 'team' });
      });
    },

    async removeMember(s: Session, id: number, userId: number): Promise<void> {
      await withChange(s, { db, clock }, async (ctx) => {
        const { report, viewer } = await loadForChange(s, ctx.tx, id);
        authorize(viewer, 'manageMembers', report);
        const member = (await reportMembers(report, ctx.tx)).find((m) => m.user_id === userId);
        if (!member) throw fieldError('userId', 'that user has no role on this report.');
        authorizeMember(viewer, 'remove', member);
        await removeReportMember(ctx, report, userId);
      });
    },

    /** A new secret reporter link (shown once). The team or the reporter may create one. */
    async createLink(s: Session, id: number): Promise<string> {
      const at = clock.now();
      const link = newLinkToken();
      await db.transaction(async (tx) => {
        const { report, viewer } = await loadForChange(s, tx, id);
        if (viewer.side === 'reporter') assertReporterSide(viewer);
        else assertMayTriage(viewer);
        await insertLink(s, tx, at, id, link.hash);
        await insertEvent(s, tx, at, id, { ...eventActor(s, viewer, report), kind: 'link_created', internal: false });
        await recordAudit(s, tx, at, { action: 'report.link_created', targetType: 'report', targetId: id });
      });
      return link.token;
    },

    /** Revokes every secret link of the report: whoever holds one loses access on their next request. */
    async revokeLinks(s: Session, id: number): Promise<number> {
      const at = clock.now();
      return db.transaction(async (tx) => {
        const { report, viewer } = await loadForChange(s, tx, id);
        if (viewer.side === 'reporter') assertReporterSide(viewer);
        else assertMayTriage(viewer);
        const n = await revokeLinks(s, tx, at, id);
        await insertEvent(s, tx, at, id, { ...eventActor(s, viewer, report), kind: 'links_revoked', internal: false, data: { count: n } });
        await recordAudit(s, tx, at, { action: 'report.links_revoked', targetType: 'report', targetId: id, after: { count: n } });
        return n;
      });
    },

    /**
     * Before any byte of a file is read: the session may read the report and attach to it, one more attachment
     * fits, the name is allowed and the declared size fits (attach() checks all of it again, with the content).
     */
    async checkUpload(
      s: Session,
      id: number,
      upload: { filename: string; declaredType: string | undefined; declaredBytes: number | undefined },
      limits: AttachmentLimits,
    ): Promise<void> {
      const { report, viewer } = await loadReport(s, db, id);
      authorize(viewer, 'attach', report);
      checkUploadStart(upload, limits);
      assertRoomForAttachment((await listAttachments(report, db, true)).length, limits);
    },

    async attach(
      s: Session,
      id: number,
      file: { filename: string; content: Buffer; internal?: boolean },
      limits: AttachmentLimits,
    ): Promise<number> {
      const checked = checkAttachment(file, limits);
      const at = clock.now();
      return db.transaction(async (tx) => {
        const { report, viewer } = await loadForChange(s, tx, id);
        authorize(viewer, 'attach', report);
        assertRoomForAttachment((await listAttachments(report, tx, true)).length, limits);
        const internal = can(viewer, 'attachInternal', report) && file.internal === true;
        const sha256 = createHash('sha256').update(file.content).digest('hex');
        const attachmentId = await insertAttachment(s, tx, at, {
          reportId: id,
          filename: checked.filename,
          mediaType: checked.mediaType,
          sha256,
          content: file.content,
          internal,
          uploadedBy: s.kind === 'user' ? s.userId : null,
        });
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer, report),
          kind: 'attachment_added',
          internal,
          data: { attachmentId, filename: checked.filename, size: file.content.length },
        });
        await recordAudit(s, tx, at, {
          action: 'report.attachment_added',
          targetType: 'report',
          targetId: id,
          after: { attachmentId, sha256 },
        });
        return attachmentId;
      });
    },

    async attachment(s: Session, id: number, attachmentId: number) {
      const { report, viewer } = await loadReport(s, db, id);
      const file = await attachmentContent(report, db, attachmentId);
      if (!file || (file.internal && viewer.side !== 'team')) throw new AppError('not_found', 'There is no such attachment.');
      return file;
    },
  };
}

function assertRoomForAttachment(existing: number, limits: AttachmentLimits): void {
  if (existing >= limits.maxAttachments) {
    throw new AppError('validation', `A report can have at most ${limits.maxAttachments} attachments.`, {
      fields: [{ field: 'file', message: `at most ${limits.maxAttachments} attachments per report.` }],
    });
  }
}

export type ConversationService = ReturnType<typeof conversationService>;
