// Reading reports: one report with everything its viewer may see (the reporter side never sees internal
// notes, internal attachments or team-only fields), the team inbox and searches, similar reports, the
// dashboard and the signed-in user's alerts. Every read goes through the access-filtered repositories.
import { accessKeys } from '../../access/read-access.ts';
import type { Session } from '../../access/session.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors/catalog.ts';
import { listVersions } from '../products/repository.ts';
import { loadReport, viewersOf } from './context.ts';
import { windowOfVulnerability } from './window-of-vulnerability.ts';
import {
  daysLeft,
  deadlineWarnings,
  disclosureDate,
  slaClocks,
  worstSla,
  type DeadlineWarning,
  type SlaClock,
  type SlaSettings,
} from './deadlines.ts';
import { listReportInvitations } from './invitations-repository.ts';
import { markNotificationsRead, myNotifications } from './notifications-repository.ts';
import { assertMayTriage, type ReportViewer } from './policy.ts';
import { openReportFacts } from './dashboard-repository.ts';
import { countReports, listReports, type ReportFilter, type ReportSort } from './list-repository.ts';
import { assignableUsers, similarReports, type ReportRow } from './repository.ts';
import { listAttachments } from './attachments-repository.ts';
import { listEvents } from './timeline-repository.ts';
import { listReportVersions } from './report-versions-repository.ts';
import { linkGrant, liveLinkCount } from './links-repository.ts';
import { reportMembers } from './members-repository.ts';
import { readSetting } from '../../settings/repository.ts';
import { riskFor } from './scoring.ts';
import { stageOf } from './states.ts';

/** A report that left the session's reach between the list's statements: read-only facts. */
const NO_STANDING: ReportViewer = { side: 'reporter', role: undefined, mayTriage: false, mayPublish: false };

export interface ReportFacts {
  disclosureDate: string;
  daysLeft: number;
  sla: SlaClock[];
  slaStatus: ReturnType<typeof worstSla>;
  risk: ReturnType<typeof riskFor>;
  stage: ReturnType<typeof stageOf>;
  /** For the team: dates that do not fit together (deadlineWarnings). */
  warnings: DeadlineWarning[];
}

export function factsOf(report: ReportRow, sla: SlaSettings, now: Date): ReportFacts {
  const date = disclosureDate({
    receivedAt: report.received_at,
    disclosureDays: report.disclosure_days,
    preferredDisclosureOn: report.preferred_disclosure_on,
    extensionDays: report.extension_days,
  });
  const clocks = slaClocks(
    {
      state: report.state,
      receivedAt: report.received_at,
      acknowledgedAt: report.acknowledged_at,
      triagedAt: report.triaged_at,
      fixedAt: report.fixed_at,
      severity: report.severity,
    },
    sla,
    now,
  );
  return {
    disclosureDate: date,
    daysLeft: daysLeft(date, now),
    sla: clocks,
    slaStatus: worstSla(clocks),
    risk: riskFor(report.cvss_score === null ? null : Number(report.cvss_score), report.risk_override),
    stage: stageOf(report.state),
    warnings: deadlineWarnings(clocks, date, report.severity),
  };
}

/** Words that describe a report best, for finding textually similar ones (letters and digits only). */
export function keyWords(report: ReportRow, max = 8): string[] {
  const counts = new Map<string, number>();
  const text = `${report.title} ${report.title} ${report.description}`.toLowerCase();
  for (const w of text.match(/[\p{L}\p{N}]{4,40}/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([w]) => w);
}

/** Builds waiting submissions a reader asks for (the intake's buildFor), so an accepted report is never missing. */
export type EnsureBuilt = (s: Session, which: { reportId: number } | { userId: number }) => Promise<void>;

export function reportQueryService({ db, clock }: Deps, ensureBuilt: EnsureBuilt = async () => {}) {
  return {
    /** The guest membership a reporter link gives: its report and participants group (undefined: revoked or unknown). */
    linkGrant(s: Session, linkHash: string): Promise<{ reportId: number; groupId: number } | undefined> {
      return linkGrant(s, db, linkHash);
    },

    async get(s: Session, id: number) {
      const { report, viewer } = await loadReport(s, db, id).catch(async (err: unknown) => {
        if (!(err instanceof AppError) || err.id !== 'not_found') throw err;
        await ensureBuilt(s, { reportId: id });
        return loadReport(s, db, id);
      });
      const team = viewer.side === 'team';
      const now = clock.now();
      const [events, attachments, members, links, sla, versions, invitations] = await Promise.all([
        listEvents(report, db, team),
        listAttachments(report, db, team),
        reportMembers(report, db),
        liveLinkCount(report, db),
        readSetting(db, 'report_sla'),
        listReportVersions(report, db),
        listReportInvitations(report, db, now),
      ]);
      const catalogue = team ? await listVersions(s, db, [...new Set(versions.map((v) => v.product_id))]) : [];
      const window = team
        ? windowOfVulnerability(
            versions.map((v) => ({ productId: v.product_id, affected: v.affected, fixedIn: v.fixed_in })),
            catalogue.map((v) => ({ productId: v.product_id, version: v.version, releasedOn: v.released_on })),
            report.received_at,
            now,
          )
        : null;
      return {
        report,
        viewer,
        events,
        attachments,
        members,
        invitations,
        versions,
        liveLinks: links,
        facts: factsOf(report, sla, now),
        window,
      };
    },

    async list(s: Session, filter: ReportFilter, page: { sort: ReportSort; limit: number; offset: number }) {
      if (filter.reportedBy !== undefined && s.kind === 'user' && filter.reportedBy === s.userId)
        await ensureBuilt(s, { userId: s.userId });
      // The session's keys are read once and shared by the page, the total and the sides.
      const keys = await accessKeys(s, db);
      const [rows, total, sla] = await Promise.all([
        listReports(s, db, filter, page, keys),
        countReports(s, db, filter, keys),
        readSetting(db, 'report_sla'),
      ]);
      const now = clock.now();
      // The same facts and rules as one report's page (context.ts, policy.ts), so list and page agree.
      const viewers = await viewersOf(
        s,
        db,
        keys,
        rows.map((r) => r.id),
      );
      return {
        total,
        items: rows.map((report) => {
          const viewer = viewers.get(report.id) ?? NO_STANDING;
          return { report, facts: factsOf(report, sla, now), side: viewer.side, viewer };
        }),
      };
    },

    /** Who the report may be assigned to (its security team); for those who may triage it. */
    async assignees(s: Session, id: number) {
      const { report, viewer } = await loadReport(s, db, id);
      assertMayTriage(viewer);
      return assignableUsers(s, db, report.edit_group_id);
    },

    async similar(s: Session, id: number, limit = 10) {
      const { report } = await loadReport(s, db, id);
      return similarReports(s, db, report, keyWords(report), limit);
    },

    /** Open reports by age, severity and SLA state (only those the session may read). */
    async dashboard(s: Session) {
      const [facts, sla] = await Promise.all([openReportFacts(s, db), readSetting(db, 'report_sla')]);
      const now = clock.now();
      const bySeverity: Record<string, number> = {};
      const bySla: Record<string, number> = {};
      const byState: Record<string, number> = {};
      const ageBuckets = [
        { label: '< 1 day', maxDays: 1 },
        { label: '1–7 days', maxDays: 7 },
        { label: '8–30 days', maxDays: 30 },
        { label: '31–90 days', maxDays: 90 },
        { label: '> 90 days', maxDays: Infinity },
      ].map((b) => ({ ...b, count: 0 }));
      let unacknowledged = 0;
      for (const f of facts) {
        const sev = f.severity ?? 'unscored';
        bySeverity[sev] = (bySeverity[sev] ?? 0) + 1;
        byState[f.state] = (byState[f.state] ?? 0) + 1;
        const status = worstSla(
          slaClocks(
            {
              state: f.state,
              receivedAt: f.received_at,
              acknowledgedAt: f.acknowledged_at,
              triagedAt: f.triaged_at,
              fixedAt: f.fixed_at,
              severity: f.severity,
            },
            sla,
            now,
          ),
        );
        bySla[status] = (bySla[status] ?? 0) + 1;
        const age = (now.getTime() - f.received_at.getTime()) / 86_400_000;
        const bucket = ageBuckets.find((b) => age < b.maxDays); // the last one takes every age
        if (bucket) bucket.count += 1;
        if (!f.acknowledged_at) unacknowledged += 1;
      }
      return {
        open: facts.length,
        unacknowledged,
        bySeverity,
        bySla,
        byState,
        byAge: ageBuckets.map(({ label, count }) => ({ label, count })),
      };
    },

    async notifications(s: Session, limit = 50) {
      return myNotifications(s, db, limit);
    },

    async markNotificationsRead(s: Session, ids: string[] | 'all') {
      const at = clock.now();
      return db.transaction((tx) => markNotificationsRead(s, tx, at, ids));
    },
  };
}

export type ReportQueryService = ReturnType<typeof reportQueryService>;
export type { ReportViewer };
