// The report timers, run by the server every minute (src/cli/start.ts) as System: a needs-more-info request
// without a reply is warned about, then closed as informative; SLA clocks that come near their target or
// breach it are flagged once per clock and status, in the app and by mail. Each report is changed in its own
// transaction under FOR UPDATE SKIP LOCKED after checking again what it found, so a sweep is idempotent and
// several instances may sweep at once. All times come from `at` (the application clock).
import type { SystemSession } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { startPeriodic, type Periodic } from '../../jobs/periodic.ts';
import { recordAudit } from '../audit/repository.ts';
import { withChange } from '../change.ts';
import { transitionReport } from './commands/transition-report.ts';
import { eventActor } from './context.ts';
import { slaClocks, type SlaClock, type SlaSettings } from './deadlines.ts';
import { enqueueReportMail } from './mail-jobs.ts';
import type { NeedsInfoSettings } from './needs-info-settings.ts';
import { notifyGroup, notifyUser } from './notifications-repository.ts';
import { findReport, updateReport } from './repository.ts';
import { insertEvent } from './timeline-repository.ts';
import { readSetting } from '../../settings/repository.ts';
import { FINISHED } from './states.ts';
import {
  lockReportForTimer,
  needsInfoToClose,
  needsInfoToWarn,
  openReportsForSla,
  recordSlaAlert,
  type TimerReportRow,
} from './timers-repository.ts';

const DAY_MS = 86_400_000;

export interface SweepResult {
  /** Reports whose reporters were warned that the report will be closed. */
  warned: number[];
  /** Reports closed as informative for want of a reply. */
  closed: number[];
  /** SLA alerts sent, as report id and key ("acknowledge:near"). */
  slaAlerts: { reportId: number; key: string }[];
  /** Reports a step failed for (the others went ahead); the next sweep tries them again. */
  failures: { reportId: number; step: string; error: Error }[];
}

const CLOCK_LABELS: Record<SlaClock['name'], string> = {
  acknowledge: 'time to acknowledge',
  triage: 'time to triage',
  fix: 'time to fix',
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** When a warned report will be closed: the full wait, and never sooner than the warning period after the warning. */
export function closesOn(since: Date, warnedAt: Date, settings: NeedsInfoSettings): Date {
  return new Date(Math.max(since.getTime() + settings.closeDays * DAY_MS, warnedAt.getTime() + settings.warningDays * DAY_MS));
}

/** The SLA alerts a report is due: clocks near or past their target whose alert was not sent yet. */
export function dueSlaAlerts(r: TimerReportRow, sla: SlaSettings, at: Date): { key: string; clock: SlaClock }[] {
  const clocks = slaClocks(
    {
      state: r.state,
      receivedAt: r.received_at,
      acknowledgedAt: r.acknowledged_at,
      triagedAt: r.triaged_at,
      fixedAt: r.fixed_at,
      severity: r.severity,
    },
    sla,
    at,
  );
  return clocks
    .filter((c) => c.status === 'near' || c.status === 'breached')
    .map((c) => ({ key: `${c.name}:${c.status}`, clock: c }))
    .filter((a) => !(a.key in r.sla_alerts));
}

export async function sweepReports(s: SystemSession, deps: Deps, at: Date): Promise<SweepResult> {
  const { db } = deps;
  const result: SweepResult = { warned: [], closed: [], slaAlerts: [], failures: [] };
  const [needsInfo, sla] = await Promise.all([readSetting(db, 'report_needs_info'), readSetting(db, 'report_sla')]);

  /** Runs one step on one report in its own transaction; a failure is recorded and the sweep goes on. */
  const step = async (reportId: number, name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      result.failures.push({ reportId, step: name, error: err instanceof Error ? err : new Error(String(err)) });
    }
  };

  // 1. Close warned reports whose wait is over.
  const closeSince = new Date(at.getTime() - needsInfo.closeDays * DAY_MS);
  const closeWarned = new Date(at.getTime() - needsInfo.warningDays * DAY_MS);
  for (const id of await needsInfoToClose(s, db, closeSince, closeWarned)) {
    await step(id, 'close', () =>
      withChange(
        s,
        deps,
        async (ctx) => {
          const r = await lockReportForTimer(s, ctx.tx, id);
          if (!r || r.state !== 'needs_more_info' || !r.needs_info_since || !r.needs_info_warned_at) return;
          if (r.needs_info_since > closeSince || r.needs_info_warned_at > closeWarned) return;
          const report = await findReport(s, ctx.tx, id);
          if (!report) return;
          await transitionReport(ctx, report, 'informative', {
            kind: 'timer',
            reason: `Closed as informative: no reply for ${needsInfo.closeDays} days.`,
          });
          result.closed.push(id);
        },
        { at },
      ),
    );
  }

  // 2. Warn reporters who have not answered for (close − warning) days.
  const warnSince = new Date(at.getTime() - (needsInfo.closeDays - needsInfo.warningDays) * DAY_MS);
  for (const id of await needsInfoToWarn(s, db, warnSince)) {
    await step(id, 'warn', () =>
      withChange(
        s,
        deps,
        async (ctx) => {
          const { tx } = ctx;
          const r = await lockReportForTimer(s, tx, id);
          if (!r || r.state !== 'needs_more_info' || !r.needs_info_since || r.needs_info_warned_at) return;
          if (r.needs_info_since > warnSince) return;
          const closing = closesOn(r.needs_info_since, at, needsInfo);
          const body =
            `No reply yet to the request for more information of ${day(r.needs_info_since)}. ` +
            `Without a reply by ${day(closing)}, the report will be closed as informative.`;
          await updateReport(s, tx, at, id, { needs_info_warned_at: at });
          const eventId = await insertEvent(s, tx, at, id, {
            ...eventActor(s, undefined),
            kind: 'needs_info_warning',
            internal: false,
            body,
            data: { closesOn: day(closing) },
          });
          await enqueueReportMail(ctx, { kind: 'needs_info_warning', reportId: id, eventId });
          await recordAudit(s, tx, at, {
            action: 'report.needs_info_warned',
            targetType: 'report',
            targetId: id,
            after: { closesOn: day(closing) },
          });
          result.warned.push(id);
        },
        { at },
      ),
    );
  }

  // 3. SLA clocks: near-breaches and breaches, each alerted once.
  for (const candidate of await openReportsForSla(s, db, FINISHED)) {
    if (dueSlaAlerts(candidate, sla, at).length === 0) continue;
    await step(candidate.id, 'sla', () =>
      withChange(
        s,
        deps,
        async (ctx) => {
          const { tx } = ctx;
          const r = await lockReportForTimer(s, tx, candidate.id);
          if (!r) return;
          for (const { key, clock } of dueSlaAlerts(r, sla, at)) {
            const breached = clock.status === 'breached';
            const message = `${r.tracking_id}: the ${CLOCK_LABELS[clock.name]} ${breached ? 'was breached' : 'is nearly up'} (due ${minute(clock.due)}).`;
            await recordSlaAlert(s, tx, r.id, key, at);
            if (r.assignee_id !== null) await notifyUser(s, tx, at, r.assignee_id, r.id, breached ? 'sla_breached' : 'sla_near', message);
            else await notifyGroup(s, tx, at, r.edit_group_id, r.id, breached ? 'sla_breached' : 'sla_near', message);
            await insertEvent(s, tx, at, r.id, {
              ...eventActor(s, undefined),
              kind: 'sla_alert',
              internal: true,
              body: message,
              data: { clock: clock.name, status: clock.status, due: clock.due.toISOString() },
            });
            await enqueueReportMail(ctx, { kind: 'sla_alert', reportId: r.id, clock: clock.name, status: clock.status });
            await recordAudit(s, tx, at, {
              action: 'report.sla_alert',
              targetType: 'report',
              targetId: r.id,
              after: { key, due: clock.due.toISOString() },
            });
            result.slaAlerts.push({ reportId: r.id, key });
          }
        },
        { at },
      ),
    );
  }
  return result;
}

export interface SweepLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs the sweep now and then every `intervalMs` (the server: every minute), one sweep at a time. Failures
 * are logged, never thrown. `stop` ends the timer and waits for a sweep under way.
 */
export function startReportSweeper(s: SystemSession, deps: Deps, log: SweepLogger, intervalMs = 60_000): Periodic {
  const sweep = async () => {
    const r = await sweepReports(s, deps, deps.clock.now());
    for (const f of r.failures) log.error({ err: f.error, reportId: f.reportId, step: f.step }, 'report timer step failed');
    if (r.warned.length || r.closed.length || r.slaAlerts.length) {
      log.info({ warned: r.warned, closed: r.closed, slaAlerts: r.slaAlerts.length }, 'report timers ran');
    }
  };
  return startPeriodic(sweep, intervalMs, (err) => log.error({ err }, 'report sweep failed'));
}
