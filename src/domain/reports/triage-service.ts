// Triage by the report's security team: state transitions, acknowledgement, assignment, scoring and
// classification, the seed 001 stage checklist, disclosure dates and bulk actions. Each change is recorded on
// the report's timeline and in the audit log in the same transaction.
import { isUserInGroup } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { AppError, fieldError } from '../../errors/catalog.ts';
import { recordAudit } from '../audit/repository.ts';
import { withChange, type ChangeContext } from '../change.ts';
import { activeUserIdentity } from '../users/repository.ts';
import { eventActor, loadForChange } from './context.ts';
import { enqueueReportMail } from './mail-jobs.ts';
import { notifyUser } from './notifications-repository.ts';
import { assertMayTriage, type ReportViewer } from './policy.ts';
import { readableReportWithCve, updateReport, type ReportPatch, type ReportRow } from './repository.ts';
import { claimPooledCve, takePooledCve } from './cve-pool-repository.ts';
import { insertEvent } from './timeline-repository.ts';
import { transitionReport, type TeamMove } from './commands/transition-report.ts';
import { ACTIVITY_KEYS } from './stages.ts';
import type { ReportState } from './states.ts';
import { cleanCve, cleanCwe, cleanDate, cleanText, FOUND_BY, scoreForReport } from './validation.ts';

/** The team's move of a report to another state (see commands/transition-report.ts). */
export interface TransitionInput extends TeamMove {
  to: ReportState;
}

export function triageService({ db, clock, jobs }: Deps) {
  /** Runs one change to one report as its team, with timeline and audit in the same transaction. */
  async function change<T>(
    s: Session,
    id: number,
    fn: (ctx: ChangeContext, report: ReportRow, viewer: ReportViewer) => Promise<T>,
  ): Promise<T> {
    return withChange(s, { db, clock, jobs }, async (ctx) => {
      const { report, viewer } = await loadForChange(s, ctx.tx, id);
      assertMayTriage(viewer);
      return fn(ctx, report, viewer);
    });
  }

  function checklistWith(report: ReportRow, key: string, s: Session, at: Date) {
    if (report.checklist[key]) return undefined;
    return { ...report.checklist, [key]: { at: at.toISOString(), by: s.kind === 'user' ? s.username : 'Parapet' } };
  }

  return {
    async transition(s: Session, id: number, input: TransitionInput): Promise<void> {
      await change(s, id, (ctx, report) => transitionReport(ctx, report, input.to, { ...input, kind: 'team' }));
    },

    /** Bulk triage (close as spam, mark duplicates): each report on its own; results per report. */
    async bulkTransition(s: Session, ids: number[], input: TransitionInput) {
      const results: { id: number; ok: boolean; error?: { id: string; message: string } }[] = [];
      for (const id of [...new Set(ids)]) {
        try {
          await change(s, id, (ctx, report) => transitionReport(ctx, report, input.to, { ...input, kind: 'bulk' }));
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id, ok: false, error: { id: err.id, message: err.message } });
        }
      }
      return results;
    },

    /** A person acknowledges the report (seed 001): the acknowledgement mail goes out, the clock stops. */
    async acknowledge(s: Session, id: number): Promise<void> {
      await change(s, id, async (ctx, report, viewer) => {
        const { tx, at } = ctx;
        if (report.acknowledged_at)
          throw new AppError('conflict', `The report was already acknowledged on ${report.acknowledged_at.toISOString().slice(0, 10)}.`);
        await updateReport(s, tx, at, id, {
          acknowledged_at: at,
          acknowledged_by: s.kind === 'user' ? s.userId : null,
          checklist: checklistWith(report, 'reporter_acknowledged', s, at),
        });
        await insertEvent(s, tx, at, id, { ...eventActor(s, viewer), kind: 'acknowledged', internal: false });
        await enqueueReportMail(ctx, { kind: 'acknowledgement', reportId: id });
        await recordAudit(s, tx, at, { action: 'report.acknowledged', targetType: 'report', targetId: id });
      });
    },

    async assign(s: Session, id: number, assigneeId: number | null): Promise<void> {
      await change(s, id, async ({ tx, at }, report, viewer) => {
        if (report.assignee_id === assigneeId) return;
        let username: string | null = null;
        if (assigneeId !== null) {
          const user = await activeUserIdentity(s, tx, { id: assigneeId });
          if (!user) throw fieldError('assigneeId', `there is no active user with id ${assigneeId}.`);
          if (!(await isUserInGroup(s, tx, assigneeId, report.edit_group_id))) {
            throw fieldError('assigneeId', `${user.username} is not a member of the product's security team, so cannot be the assignee.`);
          }
          username = user.username;
          // Assignment grants nothing: the assignee reads the report as a member of its team, for as long as they are one.
          await notifyUser(s, tx, at, assigneeId, id, 'assigned', `You were assigned report ${report.tracking_id}: ${report.title}`);
        }
        await updateReport(s, tx, at, id, { assignee_id: assigneeId });
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer),
          kind: assigneeId === null ? 'unassigned' : report.assignee_id === null ? 'assigned' : 'reassigned',
          internal: true,
          data: { from: report.assignee_username, to: username },
        });
        await recordAudit(s, tx, at, {
          action: 'report.assigned',
          targetType: 'report',
          targetId: id,
          before: { assigneeId: report.assignee_id },
          after: { assigneeId },
        });
      });
    },

    /** Severity: a CVSS vector (3.0, 3.1, 4.0; 2.0 accepted) or none, and the risk-level override. */
    async score(s: Session, id: number, input: { cvssVector?: string | null; riskOverride?: 'low' | 'high' | null }): Promise<void> {
      const cvss = input.cvssVector ? scoreForReport('cvssVector', input.cvssVector) : input.cvssVector === null ? null : undefined;
      await change(s, id, async ({ tx, at }, report, viewer) => {
        const patch: ReportPatch = {};
        if (cvss !== undefined) {
          Object.assign(patch, {
            cvss_vector: cvss?.vector ?? null,
            cvss_version: cvss?.version ?? null,
            cvss_score: cvss?.score ?? null,
            severity: cvss?.severity ?? null,
          });
          if (cvss) patch.checklist = checklistWith(report, 'classified', s, at);
        }
        if (input.riskOverride !== undefined) patch.risk_override = input.riskOverride;
        await updateReport(s, tx, at, id, patch);
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer),
          kind: 'scored',
          internal: false,
          data: {
            vector: cvss?.vector ?? report.cvss_vector,
            score: cvss?.score ?? null,
            severity: cvss?.severity ?? report.severity,
            riskOverride: input.riskOverride,
          },
        });
        await recordAudit(s, tx, at, {
          action: 'report.scored',
          targetType: 'report',
          targetId: id,
          before: { cvssVector: report.cvss_vector, riskOverride: report.risk_override },
          after: {
            cvssVector: cvss === undefined ? report.cvss_vector : (cvss?.vector ?? null),
            riskOverride: input.riskOverride ?? report.risk_override,
          },
        });
      });
    },

    /** CWE, how the issue was found (seed 003), component, CVE ID (given, or the next one from the pool). */
    async classify(
      s: Session,
      id: number,
      input: { cweId?: number | null; foundBy?: string; component?: string; cveId?: string | null; cveFromPool?: boolean },
    ): Promise<void> {
      const cweId = input.cweId === undefined || input.cweId === null ? input.cweId : cleanCwe('cweId', input.cweId);
      if (input.foundBy !== undefined && !(FOUND_BY as readonly string[]).includes(input.foundBy)) {
        throw fieldError('foundBy', `must be one of: ${FOUND_BY.join(', ')}.`);
      }
      const component = input.component === undefined ? undefined : cleanText('component', input.component, 200);
      const cveId = input.cveId === undefined || input.cveId === null ? input.cveId : cleanCve('cveId', input.cveId);
      if (input.cveFromPool && input.cveId) throw fieldError('cveId', 'give a CVE ID or take one from the pool, not both.');
      await change(s, id, async ({ tx, at }, report, viewer) => {
        const patch: ReportPatch = { cwe_id: cweId, found_by: input.foundBy, component };
        let cve = cveId;
        if (input.cveFromPool) {
          if (report.cve_id) throw new AppError('conflict', `The report already has ${report.cve_id}.`);
          cve = await takePooledCve(s, tx, at, id);
          if (!cve) throw new AppError('conflict', 'The pool of reserved CVE IDs is empty; an administrator can add reserved IDs.');
        } else if (cve) {
          const other = await readableReportWithCve(s, tx, cve, id);
          if (other) throw fieldError('cveId', `${cve} is already recorded on report ${other}.`);
          await claimPooledCve(s, tx, at, cve, id);
        }
        if (cve !== undefined) {
          patch.cve_id = cve;
          if (cve) patch.checklist = checklistWith(report, 'cve_recorded', s, at);
        }
        await updateReport(s, tx, at, id, patch);
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer),
          kind: 'classified',
          internal: true,
          data: { cweId, foundBy: input.foundBy, component, cveId: cve },
        });
        await recordAudit(s, tx, at, {
          action: 'report.classified',
          targetType: 'report',
          targetId: id,
          before: { cweId: report.cwe_id, foundBy: report.found_by, component: report.component, cveId: report.cve_id },
          after: { cweId, foundBy: input.foundBy, component, cveId: cve },
        });
      });
    },

    async setChecklistItem(s: Session, id: number, key: string, done: boolean): Promise<void> {
      if (!ACTIVITY_KEYS.has(key)) throw fieldError('key', `there is no checklist activity "${key}".`);
      await change(s, id, async ({ tx, at }, report, viewer) => {
        if (Boolean(report.checklist[key]) === done) return;
        const { [key]: _undone, ...others } = report.checklist;
        const checklist = done
          ? { ...report.checklist, [key]: { at: at.toISOString(), by: s.kind === 'user' ? s.username : 'Parapet' } }
          : others;
        await updateReport(s, tx, at, id, { checklist });
        await insertEvent(s, tx, at, id, {
          ...eventActor(s, viewer),
          kind: done ? 'activity_done' : 'activity_undone',
          internal: true,
          data: { key },
        });
        await recordAudit(s, tx, at, { action: 'report.checklist_changed', targetType: 'report', targetId: id, after: { key, done } });
      });
    },

    /** The reporter's preferred date (seed 003: the reporter has a say) and an agreed extension with its reason. */
    async setDisclosure(
      s: Session,
      id: number,
      input: { preferredDate?: string | null; extensionDays?: number; extensionReason?: string },
    ): Promise<void> {
      const at = clock.now();
      const preferred = input.preferredDate
        ? cleanDate('preferredDate', input.preferredDate, at, { allowPast: true })
        : input.preferredDate;
      if (
        input.extensionDays !== undefined &&
        (!Number.isInteger(input.extensionDays) || input.extensionDays < 0 || input.extensionDays > 365)
      ) {
        throw fieldError('extensionDays', 'must be a whole number of days from 0 to 365.');
      }
      const reason = input.extensionReason === undefined ? undefined : cleanText('extensionReason', input.extensionReason, 2_000);
      if (input.extensionDays && !reason) throw fieldError('extensionReason', 'say why the disclosure date is extended.');
      await change(s, id, async (ctx, report, viewer) => {
        const { tx, at: at2 } = ctx;
        await updateReport(s, tx, at2, id, {
          preferred_disclosure_on: preferred,
          extension_days: input.extensionDays,
          extension_reason: reason,
        });
        const eventId = await insertEvent(s, tx, at2, id, {
          ...eventActor(s, viewer),
          kind: 'disclosure_changed',
          internal: false,
          body: reason ?? '',
          data: { preferredDate: preferred, extensionDays: input.extensionDays },
        });
        await enqueueReportMail(ctx, { kind: 'reporter_update', reportId: id, eventId });
        await recordAudit(s, tx, at2, {
          action: 'report.disclosure_changed',
          targetType: 'report',
          targetId: id,
          before: { preferredDate: report.preferred_disclosure_on, extensionDays: report.extension_days },
          after: { preferredDate: preferred, extensionDays: input.extensionDays, reason },
        });
      });
    },
  };
}

export type TriageService = ReturnType<typeof triageService>;
