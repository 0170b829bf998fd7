// The report API as reporters use it: submitting a report and its attachments, and the reporter view of one
// report. A reporter who is not signed in proves access with the secret link's token, sent in the
// X-Report-Link header on every call for that report (a revoked link answers 401). Signed-in reporters
// need no token: their calls go through the shared client (session cookie, re-authentication).
import { ApiError, call } from '../../api.ts';
import type { IntakeLimits } from './attachmentLimits.ts';

export const REPORT_LINK_HEADER = 'X-Report-Link';

export interface Markdown {
  markdown: string;
  /** Rendered and sanitised by the server: the only report text a page may insert as HTML. */
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

export interface ReportAttachment {
  id: number;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  internal: boolean;
  createdAt: string;
}

export interface ReportSummary {
  id: number;
  trackingId: string;
  title: string;
  state: string;
  stateLabel: string;
  product: { id: number; name: string };
  severity: string | null;
  cvssScore: number | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  disclosureDate: string;
  daysLeft: number;
}

/** A pending co-reporter invitation of a report (whether the named account exists is never shown). */
export interface ReportInvitation {
  id: number;
  username: string;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** One of the signed-in user's own pending invitations: the report's tracking id, not its content. */
export interface MyInvitation {
  id: number;
  reportId: number;
  trackingId: string;
  invitedBy: string;
  role: string;
  createdAt: string;
  expiresAt: string;
}

export interface ReporterReport extends ReportSummary {
  viewer: { side: string; role: string | null; mayTriage: boolean; mayInvite: boolean };
  description: Markdown;
  steps: Markdown;
  impact: Markdown;
  affectedVersions: string;
  component: string;
  cvssVector: string | null;
  cvssVersion: string | null;
  cwe: { id: number; name: string } | null;
  credit: { name: string; consent: boolean };
  disclosure: { policyDays: number; preferredDate: string | null; extensionDays: number; extensionReason: string };
  members: { userId: number; username: string; role: string }[];
  invitations: ReportInvitation[];
  liveLinks: number | null;
  timeline: TimelineEvent[];
  attachments: ReportAttachment[];
}

export interface ReportSubmission {
  title: string;
  description: string;
  productId: number;
  affectedVersions?: string;
  steps?: string;
  impact?: string;
  component?: string;
  cvssVector?: string;
  cweId?: number;
  contactName?: string;
  contactEmail?: string;
  pgpPublicKey?: string;
  creditName?: string;
  creditConsent?: boolean;
  preferredDisclosureDate?: string;
  proofOfWork?: { challengeId: string; nonce: string };
}

export interface Submitted {
  id: number;
  trackingId: string;
  /** For reporters who are not signed in: the secret link to the reporter view (shown once). */
  reporterLink: string | null;
}

export type Challenge = { enabled: false } | { enabled: true; id: string; algorithm: string; difficulty: number; expiresAt: string };

export interface CweEntry {
  id: number;
  name: string;
}

function isErrorBody(value: unknown): value is { error: { id: string; message: string; fields?: { field: string; message: string }[]; details?: unknown }; requestId?: string } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const e = (value as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

async function errorOf(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await response.text());
  } catch {
    parsed = undefined;
  }
  if (isErrorBody(parsed)) {
    const e = parsed.error;
    return new ApiError(response.status, e.id, e.message, e.fields ?? [], e.details, parsed.requestId);
  }
  return new ApiError(response.status, 'unexpected', `The server answered ${response.status} ${response.statusText}.`);
}

/** A request with the reporter link's token; a 401 is the link's, so it does not end the UI's session. */
async function fetchWithLink(method: string, path: string, token: string | undefined, init: { body?: BodyInit; json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers[REPORT_LINK_HEADER] = token;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (body !== undefined) {
    headers['content-type'] = 'application/octet-stream';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers, body });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function linkCall<T>(method: string, path: string, token: string | undefined, json?: unknown): Promise<T> {
  if (!token) return call<T>(method, path, json);
  const response = await fetchWithLink(method, path, token, { json });
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** The token of a reporter link (`…/reporter/12#link=TOKEN`), if the text is one. */
export function tokenOfLink(link: string): string | undefined {
  const hash = link.includes('#') ? link.slice(link.indexOf('#') + 1) : '';
  const token = new URLSearchParams(hash).get('link');
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
}

const r = (id: number) => `/api/reports/${id}`;

export const reporterApi = {
  challenge: () => call<Challenge>('GET', '/api/intake/challenge'),
  /** What a report may hold: attachment count, size and types, text length. */
  limits: () => call<IntakeLimits>('GET', '/api/intake/limits'),
  cwe: (q: string, limit = 20) => call<{ items: CweEntry[] }>('GET', `/api/cwe?${new URLSearchParams({ q, limit: String(limit) })}`),
  submit: (input: ReportSubmission) => call<Submitted>('POST', '/api/reports', input),
  /** One file as the raw body; anonymous reporters send the token of the link they were given. */
  attach: async (id: number, file: Blob, filename: string, token: string | undefined) => {
    const response = await fetchWithLink('POST', `${r(id)}/attachments?${new URLSearchParams({ filename })}`, token, { body: file });
    return (await response.json()) as { id: number };
  },
  get: (id: number, token: string | undefined) => linkCall<ReporterReport>('GET', r(id), token),
  mine: () => call<{ total: number; items: ReportSummary[] }>('GET', '/api/reports?mine=true&sort=newest&limit=200'),
  comment: (id: number, body: string, token: string | undefined) => linkCall<ReporterReport>('POST', `${r(id)}/comments`, token, { body }),
  withdraw: (id: number, reason: string, token: string | undefined) => linkCall<ReporterReport>('POST', `${r(id)}/withdraw`, token, { reason }),
  inviteCoReporter: (id: number, username: string, token: string | undefined) =>
    linkCall<ReporterReport>('POST', `${r(id)}/invitations`, token, { username }),
  withdrawInvitation: (id: number, invitationId: number, token: string | undefined) =>
    linkCall<ReporterReport>('DELETE', `${r(id)}/invitations/${invitationId}`, token),
  myInvitations: () => call<{ items: MyInvitation[] }>('GET', '/api/me/invitations'),
  answerInvitation: (invitationId: number, accept: boolean) =>
    call<{ reportId: number }>('POST', `/api/me/invitations/${invitationId}/${accept ? 'accept' : 'decline'}`),
  createLink: (id: number, token: string | undefined) => linkCall<{ reporterLink: string }>('POST', `${r(id)}/links`, token),
  revokeLinks: (id: number, token: string | undefined) => linkCall<{ revoked: number }>('DELETE', `${r(id)}/links`, token),
  /** An attachment's bytes (fetched with the token, since a plain link cannot carry the header). */
  download: async (id: number, attachmentId: number, token: string | undefined): Promise<Blob> => {
    const response = await fetchWithLink('GET', `${r(id)}/attachments/${attachmentId}`, token);
    return response.blob();
  },
};
