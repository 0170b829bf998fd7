// Secret reporter links: a random token in the URL fragment (never sent to servers in Referer headers or
// logs); the API receives it in the X-Report-Link header and only its SHA-256 is stored.
import { newToken, tokenHash } from '../../auth/tokens.ts';

export const REPORT_LINK_HEADER = 'x-report-link';

export function newLinkToken(): { token: string; hash: string } {
  const token = newToken();
  return { token, hash: tokenHash(token) };
}

/** The reporter view's address for a link token. */
export function reporterLinkUrl(publicUrl: URL, reportId: number, token: string): string {
  return new URL(`/reporter/${reportId}#link=${token}`, publicUrl).toString();
}
