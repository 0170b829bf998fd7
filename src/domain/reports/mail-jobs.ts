// Mail about reports goes through the job queue, enqueued in the transaction of the change that causes it.
// Jobs hold ids only; the message (and any secret link in it) is built when the job runs.
import { enqueueJob, type ChangeContext } from '../change.ts';

export type ReportMailJob =
  /** The reporter's receipt with the tracking id (at once, on submission). */
  | { kind: 'receipt'; reportId: number }
  /** The product's security team and board: a new report arrived. */
  | { kind: 'team_alert'; reportId: number }
  /** The acknowledgement template of seed 001, sent when a person acknowledges the report. */
  | { kind: 'acknowledgement'; reportId: number }
  /** A message from the team visible to the reporter, or a state change the reporter should hear of. */
  | { kind: 'reporter_update'; reportId: number; eventId: string }
  /** A reporter wrote: the assignee (or the team) hears of it. */
  | { kind: 'team_update'; reportId: number; eventId: string }
  /** The reporters: no reply to "needs more info" yet; the report will be closed as informative (timers.ts). */
  | { kind: 'needs_info_warning'; reportId: number; eventId: string }
  /** SLA near-breach or breach, to the assignee or the team. */
  | { kind: 'sla_alert'; reportId: number; clock: string; status: string }
  /** The invitee of a co-reporter invitation who has an account (and an address): answer it in Parapet. */
  | { kind: 'co_reporter_invitation'; reportId: number; invitationId: number };

/** Queues a report mail as part of the change (the change must have been started with the job queue). */
export async function enqueueReportMail(ctx: ChangeContext, job: ReportMailJob): Promise<void> {
  await enqueueJob(ctx, 'report-mail', job);
}
