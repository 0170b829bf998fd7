// The reports API as the security team's UI uses it: the inbox and its filters, one report, triage actions,
// the conversation, similar reports, the dashboard, canned responses and my alerts.
import { ApiError, call } from '../../api.ts';
import type { Alert, CannedResponse, Dashboard, ReportDetail, ReportSummary, SimilarReport } from '../../contract.ts';

export type { SlaStatus } from '../../../../src/shared/report-vocabulary.ts';
export type {
  Alert,
  Attachment,
  CannedResponse,
  Dashboard,
  Markdown,
  ReportDetail,
  ReportMember,
  ReportSummary,
  ReportVersion,
  SimilarReport,
  SlaClockView,
  StageView,
  TimelineEvent,
  WindowOfVulnerability,
} from '../../contract.ts';

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
  score: (id: number, input: { cvssVector?: string | null; riskOverride?: 'low' | 'high' | null }) =>
    call<ReportDetail>('PUT', `${r(id)}/severity`, input),
  classify: (id: number, input: ClassificationInput) => call<ReportDetail>('PUT', `${r(id)}/classification`, input),
  setChecklist: (id: number, key: string, done: boolean) =>
    call<ReportDetail>('PUT', `${r(id)}/checklist/${encodeURIComponent(key)}`, { done }),
  setDisclosure: (id: number, input: DisclosureInput) => call<ReportDetail>('PUT', `${r(id)}/disclosure`, input),
  addVersion: (id: number, input: { productId: number; affected: string; fixedIn?: string }) =>
    call<ReportDetail>('POST', `${r(id)}/versions`, input),
  updateVersion: (id: number, versionId: number, input: { affected?: string; fixedIn?: string }) =>
    call<ReportDetail>('PATCH', `${r(id)}/versions/${versionId}`, input),
  removeVersion: (id: number, versionId: number) => call<ReportDetail>('DELETE', `${r(id)}/versions/${versionId}`),
  comment: (id: number, input: { body: string; internal: boolean }) => call<ReportDetail>('POST', `${r(id)}/comments`, input),
  invite: (id: number, input: { username: string; role: 'collaborator' | 'co_reporter' }) =>
    call<ReportDetail>('POST', `${r(id)}/members`, input),
  removeMember: (id: number, userId: number) => call<ReportDetail>('DELETE', `${r(id)}/members/${userId}`),
  attachmentUrl: (id: number, attachmentId: number) => `${r(id)}/attachments/${attachmentId}`,
  /** An image attachment shown inline (PNG, JPEG, GIF, WebP; the server refuses anything else). */
  attachmentPreviewUrl: (id: number, attachmentId: number) => `${r(id)}/attachments/${attachmentId}/preview`,
  notifications: () => call<{ items: Alert[] }>('GET', '/api/me/notifications'),
  markRead: (ids?: string[]) => call<{ marked: number }>('POST', '/api/me/notifications/read', ids ? { ids } : {}),
  /** Canned responses, or none when this server does not offer them (yet). */
  async cannedResponses(): Promise<CannedResponse[]> {
    try {
      const answer = await call<{ items?: CannedResponse[] } | CannedResponse[]>('GET', '/api/canned-responses');
      const items = Array.isArray(answer) ? answer : (answer.items ?? []);
      return items.filter((c) => typeof c.title === 'string' && typeof c.body === 'string');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return [];
      throw err;
    }
  },
};
