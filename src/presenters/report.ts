// Report responses, built field by field for the viewer's side: the reporter side never receives internal
// notes, internal attachments, the checklist, SLA clocks, the submitter's IP or the team's contact details.
// Markdown fields are sent as written and as sanitised HTML (the only form a page may insert as HTML).
import { Type, type Static } from 'typebox';
import type { ReportFacts } from '../domain/reports/query-service.ts';
import type { ReportRow, SimilarRow } from '../domain/reports/repository.ts';
import type { AttachmentMeta } from '../domain/reports/attachments-repository.ts';
import type { EventRow } from '../domain/reports/timeline-repository.ts';
import type { MemberRow } from '../domain/reports/members-repository.ts';
import type { VersionRow } from '../domain/reports/report-versions-repository.ts';
import { STAGES } from '../domain/reports/stages.ts';
import { STATE_LABELS, type ReportState } from '../domain/reports/states.ts';
import {
  abilities,
  MEMBER_ACTIONS,
  mayInvite,
  memberAbilities,
  REPORT_ACTIONS,
  transitionsFor,
  type ReportViewer,
} from '../domain/reports/policy.ts';
import { abilitiesSchema } from './abilities.ts';
import type { InvitationRow } from '../domain/reports/invitations-repository.ts';
import { cweName } from '../domain/reports/cwe.ts';
import { DateTime } from '../http/schemas.ts';
import { renderMarkdown } from '../markdown/render.ts';
import type { WindowOfVulnerability } from '../domain/reports/window-of-vulnerability.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Markdown = Type.Object({ markdown: Type.String(), html: Type.String() });

async function md(text: string) {
  return { markdown: text, html: await renderMarkdown(text) };
}

export const SlaClockSchema = Type.Object({
  name: Type.String(),
  due: DateTime,
  doneAt: Nullable(DateTime),
  status: Type.String({ description: 'met, on_track, near, breached or missed' }),
});

export const ReportSummarySchema = Type.Object({
  id: Type.Integer(),
  trackingId: Type.String(),
  title: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  product: Type.Object({ id: Type.Integer(), name: Type.String() }),
  severity: Nullable(Type.String()),
  cvssScore: Nullable(Type.Number()),
  riskLevel: Nullable(Type.String()),
  assignee: Nullable(Type.Object({ id: Type.Integer(), username: Type.String() })),
  receivedAt: DateTime,
  acknowledgedAt: Nullable(DateTime),
  ageDays: Type.Integer({ description: 'Whole days since the report was received.' }),
  disclosureDate: Type.String({ format: 'date' }),
  daysLeft: Type.Integer({ description: 'Days until the disclosure date (negative once passed).' }),
  slaStatus: Nullable(Type.String({ description: 'The worst SLA clock (team only).' })),
  cweId: Nullable(Type.Integer()),
  abilities: abilitiesSchema(
    REPORT_ACTIONS,
    "What the caller may do with the report (src/domain/reports/policy.ts): the same function for a list item and the report's page.",
  ),
});

export function presentReportSummary(report: ReportRow, facts: ReportFacts, now: Date, viewer: ReportViewer) {
  const side = viewer.side;
  return {
    id: report.id,
    trackingId: report.tracking_id,
    title: report.title,
    state: report.state,
    stateLabel: STATE_LABELS[report.state],
    product: { id: report.product_id, name: report.product_name },
    severity: report.severity,
    cvssScore: report.cvss_score === null ? null : Number(report.cvss_score),
    riskLevel: facts.risk.level,
    assignee: side === 'team' && report.assignee_id !== null ? { id: report.assignee_id, username: report.assignee_username ?? '' } : null,
    receivedAt: report.received_at.toISOString(),
    acknowledgedAt: report.acknowledged_at?.toISOString() ?? null,
    ageDays: Math.floor((now.getTime() - report.received_at.getTime()) / 86_400_000),
    disclosureDate: facts.disclosureDate,
    daysLeft: facts.daysLeft,
    slaStatus: side === 'team' ? facts.slaStatus : null,
    cweId: report.cwe_id,
    abilities: abilities(viewer, report),
  };
}

export const EventSchema = Type.Object({
  id: Type.String(),
  at: DateTime,
  actor: Type.String(),
  actorSide: Type.String(),
  kind: Type.String(),
  internal: Type.Boolean(),
  body: Markdown,
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  filename: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  internal: Type.Boolean(),
  createdAt: DateTime,
});

export const ReportDetailSchema = Type.Object({
  ...ReportSummarySchema.properties,
  viewer: Type.Object({
    side: Type.String({ description: 'team or reporter' }),
    role: Nullable(Type.String()),
    mayTriage: Type.Boolean(),
    mayInvite: Type.Boolean({ description: 'May invite co-reporters (the team, or a reporter with an account; never a secret link).' }),
    transitions: Type.Array(Type.Object({ state: Type.String(), label: Type.String() })),
  }),
  description: Markdown,
  steps: Markdown,
  impact: Markdown,
  affectedVersions: Type.String({ description: 'As the reporter wrote them.' }),
  versions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      productId: Type.Integer(),
      product: Type.String(),
      affected: Type.String(),
      fixedIn: Type.String(),
    }),
    { description: 'Affected version ranges per product and the versions that fix them, as the team recorded them.' },
  ),
  windowOfVulnerability: Nullable(
    Type.Object(
      {
        days: Type.Integer(),
        open: Type.Boolean({ description: 'No released fix yet for some affected entry: the window counts to today.' }),
        since: Type.Object({
          date: Type.String({ format: 'date' }),
          basis: Type.String({ description: 'first_affected_release, or report_received when no affected release date is known' }),
          productId: Nullable(Type.Integer()),
          version: Nullable(Type.String()),
        }),
        until: Nullable(
          Type.Object({ date: Type.String({ format: 'date' }), productId: Nullable(Type.Integer()), version: Nullable(Type.String()) }),
        ),
      },
      { description: 'Seed 003: from the first release of an affected version to the release that fixes it (team only).' },
    ),
  ),
  component: Type.String(),
  cvssVector: Nullable(Type.String()),
  cvssVersion: Nullable(Type.String()),
  risk: Type.Object({ level: Nullable(Type.String()), overridden: Type.Boolean(), guidance: Nullable(Type.String()) }),
  cwe: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  foundBy: Type.String(),
  cveId: Nullable(Type.String()),
  duplicateOf: Nullable(Type.Object({ id: Type.Integer(), trackingId: Type.String() })),
  credit: Type.Object({ name: Type.String(), consent: Type.Boolean() }),
  contact: Nullable(Type.Object({ name: Type.String(), email: Nullable(Type.String()), hasPgpKey: Type.Boolean() })),
  disclosure: Type.Object({
    policyDays: Type.Integer(),
    preferredDate: Nullable(Type.String({ format: 'date' })),
    extensionDays: Type.Integer(),
    extensionReason: Type.String(),
  }),
  stage: Type.String(),
  stages: Nullable(
    Type.Array(
      Type.Object({
        key: Type.String(),
        label: Type.String(),
        current: Type.Boolean(),
        activities: Type.Array(
          Type.Object({ key: Type.String(), label: Type.String(), doneAt: Nullable(DateTime), doneBy: Nullable(Type.String()) }),
        ),
      }),
    ),
  ),
  sla: Nullable(Type.Array(SlaClockSchema)),
  warnings: Type.Array(
    Type.Object({
      id: Type.String({ description: 'fix_after_disclosure: the SLA fix target is after the agreed disclosure date.' }),
      message: Type.String(),
      fixDueOn: Type.String({ format: 'date', description: "The day the SLA's fix target falls on (UTC)." }),
      disclosureOn: Type.String({ format: 'date', description: 'The agreed disclosure date.' }),
    }),
    { description: "What the team should know about the report's dates (team only; empty for the reporter side)." },
  ),
  dates: Type.Object({
    triagedAt: Nullable(DateTime),
    fixedAt: Nullable(DateTime),
    disclosedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
    needsInfoSince: Nullable(DateTime),
  }),
  members: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      username: Type.String(),
      role: Type.String(),
      abilities: abilitiesSchema(
        MEMBER_ACTIONS,
        'What the caller may do with this person on the report (remove: never the original reporter).',
      ),
    }),
  ),
  invitations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      username: Type.String({ description: 'The name the inviter typed (whether an account of that name exists is not shown).' }),
      role: Type.String(),
      invitedBy: Type.String(),
      createdAt: DateTime,
      expiresAt: DateTime,
    }),
    { description: 'Pending co-reporter invitations.' },
  ),
  liveLinks: Nullable(Type.Integer()),
  timeline: Type.Array(EventSchema),
  attachments: Type.Array(AttachmentSchema),
});

export type ReportDetail = Static<typeof ReportDetailSchema>;

async function presentEvent(e: EventRow) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor_name,
    actorSide: e.actor_side,
    kind: e.kind,
    internal: e.internal,
    body: await md(e.body),
    data: e.data,
  };
}

export async function presentReport(
  d: {
    report: ReportRow;
    viewer: ReportViewer;
    events: EventRow[];
    attachments: AttachmentMeta[];
    members: MemberRow[];
    invitations: InvitationRow[];
    versions: VersionRow[];
    liveLinks: number;
    facts: ReportFacts;
    window: WindowOfVulnerability | null;
  },
  now: Date,
) {
  const { report: r, viewer, facts } = d;
  const team = viewer.side === 'team';
  const [description, steps, impact, timeline] = await Promise.all([
    md(r.description),
    md(r.steps),
    md(r.impact),
    Promise.all(d.events.map(presentEvent)),
  ]);
  return {
    ...presentReportSummary(r, facts, now, viewer),
    viewer: {
      side: viewer.side,
      role: viewer.role ?? null,
      mayTriage: viewer.mayTriage,
      mayInvite: mayInvite(viewer),
      transitions: transitionsFor(viewer, r).map((s: ReportState) => ({ state: s, label: STATE_LABELS[s] })),
    },
    description,
    steps,
    impact,
    affectedVersions: r.affected_versions_text,
    versions: d.versions.map((v) => ({
      id: v.id,
      productId: v.product_id,
      product: v.product_name,
      affected: v.affected,
      fixedIn: v.fixed_in,
    })),
    windowOfVulnerability:
      d.window && team
        ? {
            days: d.window.days,
            open: d.window.open,
            since: {
              date: d.window.since.date,
              basis: d.window.since.basis,
              productId: d.window.since.productId,
              version: d.window.since.version,
            },
            until: d.window.until && { date: d.window.until.date, productId: d.window.until.productId, version: d.window.until.version },
          }
        : null,
    component: r.component,
    cvssVector: r.cvss_vector,
    cvssVersion: r.cvss_version,
    risk: facts.risk,
    cwe: r.cwe_id === null ? null : { id: r.cwe_id, name: cweName(r.cwe_id) ?? '' },
    foundBy: r.found_by,
    cveId: r.cve_id,
    duplicateOf: r.duplicate_of === null ? null : { id: r.duplicate_of, trackingId: r.duplicate_of_tracking_id ?? '' },
    credit: { name: r.credit_name, consent: r.credit_consent },
    contact: team || viewer.role ? { name: r.contact_name, email: r.contact_email, hasPgpKey: r.reporter_pgp_key !== null } : null,
    disclosure: {
      policyDays: r.disclosure_days,
      preferredDate: r.preferred_disclosure_on,
      extensionDays: r.extension_days,
      extensionReason: r.extension_reason,
    },
    stage: facts.stage,
    stages: team
      ? STAGES.map((st) => ({
          key: st.key,
          label: st.label,
          current: st.key === facts.stage,
          activities: st.activities.map((a) => ({
            key: a.key,
            label: a.label,
            doneAt: r.checklist[a.key]?.at ?? null,
            doneBy: r.checklist[a.key]?.by ?? null,
          })),
        }))
      : null,
    sla: team
      ? facts.sla.map((c) => ({ name: c.name, due: c.due.toISOString(), doneAt: c.doneAt?.toISOString() ?? null, status: c.status }))
      : null,
    warnings: team ? facts.warnings.map((w) => ({ id: w.id, message: w.message, fixDueOn: w.fixDueOn, disclosureOn: w.disclosureOn })) : [],
    dates: {
      triagedAt: r.triaged_at?.toISOString() ?? null,
      fixedAt: r.fixed_at?.toISOString() ?? null,
      disclosedAt: r.disclosed_at?.toISOString() ?? null,
      closedAt: r.closed_at?.toISOString() ?? null,
      needsInfoSince: r.needs_info_since?.toISOString() ?? null,
    },
    members: d.members
      .filter((m) => team || m.role !== 'collaborator')
      .map((m) => ({ userId: m.user_id, username: m.username, role: m.role, abilities: memberAbilities(viewer, m) })),
    invitations: d.invitations.map((i) => ({
      id: i.id,
      username: i.invitee_name,
      role: 'co_reporter',
      invitedBy: i.invited_by_name,
      createdAt: i.created_at.toISOString(),
      expiresAt: i.expires_at.toISOString(),
    })),
    liveLinks: d.liveLinks,
    timeline,
    attachments: d.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      mediaType: a.media_type,
      size: a.size,
      sha256: a.sha256,
      internal: a.internal,
      createdAt: a.created_at.toISOString(),
    })),
  };
}

export const SimilarSchema = Type.Object({
  id: Type.Integer(),
  trackingId: Type.String(),
  title: Type.String(),
  state: Type.String(),
  reasons: Type.Array(Type.String({ description: 'same_cwe, same_component, same_product or similar_text' })),
});

export function presentSimilar(r: SimilarRow) {
  const reasons: string[] = [];
  if (r.same_cwe) reasons.push('same_cwe');
  if (r.same_component) reasons.push('same_component');
  if (r.same_product) reasons.push('same_product');
  if (r.text_rank > 0) reasons.push('similar_text');
  return { id: r.id, trackingId: r.tracking_id, title: r.title, state: r.state, reasons };
}
