// One command for every change of a report's state, whoever causes it: the team (one report or in bulk), the
// reporter answering a request for more information, the reporter withdrawing the report, the timer closing
// a report nobody answered. In the caller's change (its transaction and time) it checks that the move is
// legal for that cause, sets the state and every date that goes with it (transitionPatch: the same for every
// cause), writes the timeline event, queues the mail and writes the audit event.
import type { ChangeContext } from '../../change.ts';
import { AppError } from '../../../errors/catalog.ts';
import { recordAudit } from '../../audit/repository.ts';
import { eventActor } from '../context.ts';
import { enqueueReportMail } from '../mail-jobs.ts';
import type { ReportSide } from '../policy.ts';
import { updateReport, type ReportPatch, type ReportRow } from '../repository.ts';
import { insertEvent } from '../timeline-repository.ts';
import { assertReporterMayWithdraw, assertTransition, isFinished, STATE_LABELS, type ReportState } from '../states.ts';
import { cleanText } from '../validation.ts';
import { checkEarlyDisclosure, resolveOriginal, type EarlyDisclosure } from './team-transition-checks.ts';

const REASON_MAX = 10_000;

/** The team's move: why (shown on the timeline, to the reporter too), and what some targets need. */
export interface TeamMove {
  reason: string;
  /** For `duplicate`: the original report (id or tracking id). */
  duplicateOf?: number | string;
  /** For `disclosed` before the agreed disclosure date: the team confirms it breaks the date on purpose. */
  confirmEarlyDisclosure?: boolean;
}

/** Why a report changes state. */
export type TransitionCause =
  /** The team moves one report (POST /api/reports/:id/transition). */
  | ({ kind: 'team' } & TeamMove)
  /** The team moves many reports at once, each in its own change (POST /api/reports/bulk/transition). */
  | ({ kind: 'bulk' } & TeamMove)
  /** The reporter answered "needs more info": the report goes back to where it was. */
  | { kind: 'reporter_reply' }
  /** The reporter withdraws the report. */
  | { kind: 'withdrawal'; reason: string }
  /** The timer closes a needs-more-info report whose reporter did not answer in time (timers.ts). */
  | { kind: 'timer'; reason: string };

/** The states in which work on a fix is still ahead: moving to one of them undoes the fix's date. */
const BEFORE_FIX: readonly ReportState[] = ['new', 'triaged', 'in_remediation', 'needs_more_info'];

/**
 * The columns a move from `report.state` to `to` at `at` sets, whatever its cause:
 * - `state_changed_at`: always.
 * - `closed_at`: when the report reached the finished state it is in (states.ts FINISHED: disclosed, closed and
 *   the side exits); null while it is open, so a reopened report has none.
 * - `triaged_at`: the first triage (the SLA's triage clock stops there); kept for good.
 * - `fixed_at`: when the report became fixed; cleared when work on the fix starts again (a state before it).
 * - `disclosed_at`: when the report was disclosed; kept (a publication cannot be undone).
 * - needs more info: entering it remembers where to resume and since when; leaving it clears all three.
 * - `duplicate_of`: cleared when a duplicate is reopened (the original is set by the team's move).
 */
export function transitionPatch(report: Pick<ReportRow, 'state' | 'triaged_at'>, to: ReportState, at: Date): ReportPatch {
  const from = report.state;
  const patch: ReportPatch = { state: to, state_changed_at: at, closed_at: isFinished(to) ? at : null };
  if (to === 'triaged' && !report.triaged_at) patch.triaged_at = at;
  if (to === 'fixed') patch.fixed_at = at;
  else if (BEFORE_FIX.includes(to)) patch.fixed_at = null;
  if (to === 'disclosed') patch.disclosed_at = at;
  if (to === 'needs_more_info') Object.assign(patch, { resume_state: from, needs_info_since: at, needs_info_warned_at: null });
  else if (from === 'needs_more_info') Object.assign(patch, { resume_state: null, needs_info_since: null, needs_info_warned_at: null });
  if (from === 'duplicate' && to !== 'duplicate') patch.duplicate_of = null;
  return patch;
}

/** Where a needs-more-info report goes when the reporter answers. */
export function resumeStateOf(report: Pick<ReportRow, 'resume_state'>): ReportState {
  return report.resume_state ?? 'new';
}

const illegal = (message: string) => new AppError('illegal_transition', message);

/** Whether the cause may make this move; throws `illegal_transition` when not. */
function assertLegal(report: ReportRow, to: ReportState, cause: TransitionCause): void {
  const from = report.state;
  switch (cause.kind) {
    case 'team':
    case 'bulk': {
      assertTransition(from, to);
      return;
    }
    case 'withdrawal':
      if (to !== 'withdrawn') throw illegal(`A withdrawal makes a report withdrawn, not ${STATE_LABELS[to].toLowerCase()}.`);
      {
        assertReporterMayWithdraw(from);
        return;
      }
    case 'reporter_reply':
      if (from !== 'needs_more_info' || to !== resumeStateOf(report)) {
        throw illegal(`A reporter's answer resumes a report that needs more info; this one is ${STATE_LABELS[from].toLowerCase()}.`);
      }
      return;
    case 'timer':
      if (from !== 'needs_more_info' || to !== 'informative') {
        throw illegal(`The timer closes reports that need more info as informative; this one is ${STATE_LABELS[from].toLowerCase()}.`);
      }
      return;
  }
}

const SIDE: Record<TransitionCause['kind'], ReportSide | undefined> = {
  team: 'team',
  bulk: 'team',
  reporter_reply: 'reporter',
  withdrawal: 'reporter',
  timer: undefined,
};

/** Moves the report (loaded for update in ctx's transaction) to `to`; returns the timeline event's id. */
export async function transitionReport(ctx: ChangeContext, report: ReportRow, to: ReportState, cause: TransitionCause): Promise<string> {
  const { session: s, tx, at } = ctx;
  const from = report.state;
  assertLegal(report, to, cause);
  let body: string;
  let original: ReportRow | undefined;
  let early: EarlyDisclosure | undefined;
  if (cause.kind === 'team' || cause.kind === 'bulk') {
    body = cleanText('reason', cause.reason, REASON_MAX, { required: true });
    if (to === 'disclosed') early = checkEarlyDisclosure(report, at, cause.confirmEarlyDisclosure);
    if (to === 'duplicate') original = await resolveOriginal(s, tx, report, cause.duplicateOf);
  } else if (cause.kind === 'withdrawal') {
    body = cleanText('reason', cause.reason, REASON_MAX) || 'Withdrawn by the reporter.';
  } else if (cause.kind === 'reporter_reply') {
    body = 'The reporter answered the request for more information.';
  } else {
    body = cause.reason;
  }

  await updateReport(s, tx, at, report.id, { ...transitionPatch(report, to, at), ...(original ? { duplicate_of: original.id } : {}) });
  const extra = {
    ...(original ? { duplicateOf: original.tracking_id } : {}),
    ...(early ? { earlyDisclosure: early } : {}),
    ...(cause.kind === 'timer' ? { automatic: true } : {}),
  };
  const side = SIDE[cause.kind];
  const eventId = await insertEvent(s, tx, at, report.id, {
    ...eventActor(s, side && { side }, report),
    kind: 'state_changed',
    internal: false,
    body,
    data: { from, to, ...extra },
  });
  // Whoever did not make the move hears of it; the reporter's answer is mailed to the team as the comment it is.
  if (cause.kind === 'withdrawal') await enqueueReportMail(ctx, { kind: 'team_update', reportId: report.id, eventId });
  else if (cause.kind !== 'reporter_reply') await enqueueReportMail(ctx, { kind: 'reporter_update', reportId: report.id, eventId });
  await recordAudit(s, tx, at, {
    action: cause.kind === 'withdrawal' ? 'report.withdrawn' : 'report.state_changed',
    targetType: 'report',
    targetId: report.id,
    before: { state: from, ...(cause.kind === 'timer' ? { needsInfoSince: report.needs_info_since?.toISOString() } : {}) },
    after: {
      state: to,
      reason: body,
      ...(original ? { duplicateOf: original.id } : {}),
      ...(early ? { earlyDisclosure: early } : {}),
      ...(cause.kind === 'timer' ? { automatic: true } : {}),
      ...(cause.kind === 'bulk' ? { bulk: true } : {}),
      ...(cause.kind === 'reporter_reply' ? { reporterAnswered: true } : {}),
    },
  });
  return eventId;
}
