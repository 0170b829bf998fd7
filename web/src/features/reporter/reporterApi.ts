// The report API as reporters use it: submitting a report and its attachments, and the reporter view of one
// report. A reporter who is not signed in proves access with the secret link's token, sent in the
// X-Report-Link header on every call for that report (a revoked link answers 401). Signed-in reporters
// need no token: their calls go through the shared client (session cookie, re-authentication).
import { call, callWithLink, downloadWithLink } from '../../api.ts';
import type {
  IntakeChallenge as Challenge,
  IntakeLimits,
  MyInvitation,
  ReportDetail as ReporterReport,
  ReportSubmission,
  ReportSummary,
  Submitted,
} from '../../contract.ts';

export { REPORT_LINK_HEADER } from '../../api.ts';

export type {
  Attachment as ReportAttachment,
  Markdown,
  MyInvitation,
  ReportDetail as ReporterReport,
  ReportInvitation,
  ReportSubmission,
  ReportSummary,
  Submitted,
  TimelineEvent,
} from '../../contract.ts';
export type { IntakeChallenge as Challenge } from '../../contract.ts';

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
  submit: (input: ReportSubmission) => call<Submitted>('POST', '/api/reports', input),
  /** One file as the raw body; anonymous reporters send the token of the link they were given. */
  attach: (id: number, file: Blob, filename: string, token: string | undefined) =>
    callWithLink<{ id: number }>('POST', `${r(id)}/attachments?${new URLSearchParams({ filename })}`, token, { file }),
  get: (id: number, token: string | undefined) => callWithLink<ReporterReport>('GET', r(id), token),
  mine: () => call<{ total: number; items: ReportSummary[] }>('GET', '/api/reports?mine=true&sort=newest&limit=200'),
  comment: (id: number, body: string, token: string | undefined) =>
    callWithLink<ReporterReport>('POST', `${r(id)}/comments`, token, { json: { body } }),
  withdraw: (id: number, reason: string, token: string | undefined) =>
    callWithLink<ReporterReport>('POST', `${r(id)}/withdraw`, token, { json: { reason } }),
  inviteCoReporter: (id: number, username: string, token: string | undefined) =>
    callWithLink<ReporterReport>('POST', `${r(id)}/invitations`, token, { json: { username } }),
  withdrawInvitation: (id: number, invitationId: number, token: string | undefined) =>
    callWithLink<ReporterReport>('DELETE', `${r(id)}/invitations/${invitationId}`, token),
  myInvitations: () => call<{ items: MyInvitation[] }>('GET', '/api/me/invitations'),
  answerInvitation: (invitationId: number, accept: boolean) =>
    call<{ reportId: number }>('POST', `/api/me/invitations/${invitationId}/${accept ? 'accept' : 'decline'}`),
  createLink: (id: number, token: string | undefined) => callWithLink<{ reporterLink: string }>('POST', `${r(id)}/links`, token),
  revokeLinks: (id: number, token: string | undefined) => callWithLink<{ revoked: number }>('DELETE', `${r(id)}/links`, token),
  /** An attachment's bytes (fetched with the token, since a plain link cannot carry the header). */
  download: (id: number, attachmentId: number, token: string | undefined): Promise<Blob> =>
    downloadWithLink(`${r(id)}/attachments/${attachmentId}`, token),
};
