// The reports API as the security team's UI uses it: the inbox and its filters, one report, triage actions,
// the conversation, similar reports, the dashboard, the CWE catalogue, canned responses and my alerts.
import { ApiError, call } from '../../api.ts';

export type SlaStatus = 'met' | 'on_track' | 'near' | 'breached' | 'missed';

export interface ReportSummary {
  id: number;
  trackingId: string;
  title: string;
  state: string;
  stateLabel: string;
  product: { id: number; name: string };
  severity: string | null;
  cvssScore: number | null;
  riskLevel: string | null;
  assignee: { id: number; username: string } | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  ageDays: number;
  /** YYYY-MM-DD */
  disclosureDate: string;
  daysLeft: number;
  /** The worst SLA clock; null on the reporter side. */
  slaStatus: SlaStatus | null;
  cweId: number | null;
}

/** Markdown as written, and as HTML sanitised on the server (the only form a page may insert as HTML). */
export interface Markdown {
  markdown: string;
  html: string;
}

export interface TimelineEvent {
  id: string;
  at: string;
  actor: string;
  actorSide: string;
  kind: string;
  internal: boolean;
  body: Markdown;
  data: Record<string, unknown>;
}

export interface Attachment {
  id: number;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  internal: boolean;
  createdAt: string;
}

export interface StageView {
  key: string;
  label: string;
  current: boolean;
  activities: { key: string; label: string; doneAt: string | null; doneBy: string | null }[];
}

export interface SlaClockView {
  name: string;
  due: string;
  doneAt: string | null;
  status: SlaStatus;
}

/** An affected product and version range recorded by the team, with the version that fixes it once known. */
export interface ReportVersion {
  id: number;
  productId: number;
  product: string;
  affected: string;
  fixedIn: string;
}

/** Seed 003: from the first release of an affected version to the release of its fix (team only). */
export interface WindowOfVulnerability {
  days: number;
  open: boolean;
  since: { date: string; basis: 'first_affected_release' | 'report_received'; productId: number | null; version: string | null };
  until: { date: string; productId: number | null; version: string | null } | null;
}

export interface ReportMember {
  userId: number;
  username: string;
  role: string;
}

export interface ReportDetail extends ReportSummary {
  viewer: { side: 'team' | 'reporter'; role: string | null; mayTriage: boolean; transitions: { state: string; label: string }[] };
  description: Markdown;
  steps: Markdown;
  impact: Markdown;
  affectedVersions: string;
  versions: ReportVersion[];
  windowOfVulnerability: WindowOfVulnerability | null;
  component: string;
  cvssVector: string | null;
  cvssVersion: string | null;
  risk: { level: 'low' | 'high' | null; overridden: boolean; guidance: string | null };
  cwe: { id: number; name: string } | null;
  foundBy: string;
  cveId: string | null;
  duplicateOf: { id: number; trackingId: string } | null;
  credit: { name: string; consent: boolean };
  contact: { name: string; email: string | null; hasPgpKey: boolean } | null;
  disclosure: { policyDays: number; preferredDate: string | null; extensionDays: number; extensionReason: string };
  stage: string;
  stages: StageView[] | null;
  sla: SlaClockView[] | null;
  /** Dates that do not fit together (team only), such as a fix target after the disclosure date. */
  warnings: { id: string; message: string; fixDueOn: string; disclosureOn: string }[];
  dates: { triagedAt: string | null; fixedAt: string | null; disclosedAt: string | null; closedAt: string | null; needsInfoSince: string | null };
  members: ReportMember[];
  liveLinks: number | null;
  timeline: TimelineEvent[];
  attachments: Attachment[];
}

export interface SimilarReport {
  id: number;
  trackingId: string;
  title: string;
  state: string;
  reasons: string[];
}

export interface Dashboard {
  open: number;
  unacknowledged: number;
  bySeverity: Record<string, number>;
  bySla: Record<string, number>;
  byState: Record<string, number>;
  byAge: { label: string; count: number }[];
}

export interface Alert {
  id: string;
  reportId: number | null;
  kind: string;
  message: string;
  at: string;
  read: boolean;
}

export interface CannedResponse {
  id: number;
  title: string;
  body: string;
}

/** A product of the catalogue, as the inbox filter and the assignee picker need it. */
export interface ProductRef {
  id: number;
  name: string;
  /** Administrators only. */
  roleGroups?: { team: { id: number; name: string } };
}

export interface BulkResult {
  id: number;
  ok: boolean;
  error?: { id: string; message: string };
}

export interface InboxFilter {
  q?: string;
  state?: string[];
  open?: boolean;
  productId?: number;
  severity?: string;
  unassigned?: boolean;
  assignedToMe?: boolean;
  unacknowledged?: boolean;
  sort?: string;
  limit?: number;
  offset?: number;
}

export interface TransitionInput {
  to: string;
  reason: string;
  duplicateOf?: string;
  /** Moving to disclosed before the agreed disclosure date: the team confirmed it. */
  confirmEarlyDisclosure?: boolean;
}

export interface ClassificationInput {
  cweId?: number | null;
  foundBy?: string;
  component?: string;
  cveId?: string | null;
  cveFromPool?: boolean;
}

export interface DisclosureInput {
  preferredDate?: string | null;
  extensionDays?: number;
  extensionReason?: string;
}

function inboxQuery(f: InboxFilter): string {
  const search = new URLSearchParams();
  if (f.q) search.set('q', f.q);
  for (const s of f.state ?? []) search.append('state', s);
  if (f.open) search.set('open', 'true');
  if (f.productId) search.set('productId', String(f.productId));
  if (f.severity) search.set('severity', f.severity);
  if (f.unassigned) search.set('unassigned', 'true');
  if (f.assignedToMe) search.set('assignedToMe', 'true');
  if (f.unacknowledged) search.set('unacknowledged', 'true');
  if (f.sort) search.set('sort', f.sort);
  if (f.limit !== undefined) search.set('limit', String(f.limit));
  if (f.offset) search.set('offset', String(f.offset));
  const s = search.toString();
  return s ? `?${s}` : '';
}

const r = (id: number) => `/api/reports/${id}`;

export const reportsApi = {
  products: () => call<{ items: ProductRef[] }>('GET', '/api/products'),
  product: (id: number) => call<ProductRef>('GET', `/api/products/${id}`),
  list: (filter: InboxFilter) => call<{ total: number; items: ReportSummary[] }>('GET', `/api/reports${inboxQuery(filter)}`),
  get: (id: number) => call<ReportDetail>('GET', r(id)),
  similar: (id: number) => call<{ items: SimilarReport[] }>('GET', `${r(id)}/similar`),
  assignees: (id: number) => call<{ items: { id: number; username: string; displayName: string }[] }>('GET', `${r(id)}/assignees`),
  dashboard: () => call<Dashboard>('GET', '/api/reports/dashboard'),
  transition: (id: number, input: TransitionInput) => call<ReportDetail>('POST', `${r(id)}/transition`, input),
  bulkTransition: (input: { ids: number[]; to: string; reason: string; duplicateOf?: string }) =>
    call<{ results: BulkResult[] }>('POST', '/api/reports/bulk/transition', input),
  acknowledge: (id: number) => call<ReportDetail>('POST', `${r(id)}/acknowledge`),
  assign: (id: number, assigneeId: number | null) => call<ReportDetail>('PUT', `${r(id)}/assignee`, { assigneeId }),
  score: (id: number, input: { cvssVector?: string | null; riskOverride?: 'low' | 'high' | null }) => call<ReportDetail>('PUT', `${r(id)}/severity`, input),
  classify: (id: number, input: ClassificationInput) => call<ReportDetail>('PUT', `${r(id)}/classification`, input),
  setChecklist: (id: number, key: string, done: boolean) => call<ReportDetail>('PUT', `${r(id)}/checklist/${encodeURIComponent(key)}`, { done }),
  setDisclosure: (id: number, input: DisclosureInput) => call<ReportDetail>('PUT', `${r(id)}/disclosure`, input),
  addVersion: (id: number, input: { productId: number; affected: string; fixedIn?: string }) => call<ReportDetail>('POST', `${r(id)}/versions`, input),
  updateVersion: (id: number, versionId: number, input: { affected?: string; fixedIn?: string }) =>
    call<ReportDetail>('PATCH', `${r(id)}/versions/${versionId}`, input),
  removeVersion: (id: number, versionId: number) => call<ReportDetail>('DELETE', `${r(id)}/versions/${versionId}`),
  comment: (id: number, input: { body: string; internal: boolean }) => call<ReportDetail>('POST', `${r(id)}/comments`, input),
  invite: (id: number, input: { username: string; role: 'collaborator' | 'co_reporter' }) => call<ReportDetail>('POST', `${r(id)}/members`, input),
  removeMember: (id: number, userId: number) => call<ReportDetail>('DELETE', `${r(id)}/members/${userId}`),
  createLink: (id: number) => call<{ reporterLink: string }>('POST', `${r(id)}/links`),
  revokeLinks: (id: number) => call<{ revoked: number }>('DELETE', `${r(id)}/links`),
  attachmentUrl: (id: number, attachmentId: number) => `${r(id)}/attachments/${attachmentId}`,
  /** An image attachment shown inline (PNG, JPEG, GIF, WebP; the server refuses anything else). */
  attachmentPreviewUrl: (id: number, attachmentId: number) => `${r(id)}/attachments/${attachmentId}/preview`,
  cwe: (q: string) => call<{ items: { id: number; name: string }[] }>('GET', `/api/cwe?${new URLSearchParams({ q, limit: '20' }).toString()}`),
  notifications: () => call<{ items: Alert[] }>('GET', '/api/me/notifications'),
  markRead: (ids?: string[]) => call<{ marked: number }>('POST', '/api/me/notifications/read', ids ? { ids } : {}),
  /** Canned responses, or none when this server does not offer them (yet). */
  async cannedResponses(): Promise<CannedResponse[]> {
    try {
      const answer = await call<{ items?: CannedResponse[] } | CannedResponse[]>('GET', '/api/canned-responses');
      const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
      return items.filter((c) => typeof c?.title === 'string' && typeof c?.body === 'string');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return [];
      throw err;
    }
  },
};
