// The secret reporter link's token for one report. The link carries it in the fragment
// (/reporter/12#link=TOKEN), which browsers never send to servers; it is read once, kept in sessionStorage
// under the report's id (so reloading the page keeps working in this tab), and removed from the address bar
// (history.replaceState, through the router) so it does not stay in the history or get copied along.
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { tokenOfLink } from './reporterApi.ts';

const key = (reportId: number) => `parapet.reportLink.${reportId}`;

function stored(reportId: number): string | undefined {
  try {
    return sessionStorage.getItem(key(reportId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeReportLink(reportId: number, token: string | undefined): void {
  try {
    if (token) sessionStorage.setItem(key(reportId), token);
    else sessionStorage.removeItem(key(reportId));
  } catch {
    // Storage refused (private mode): the token lives only as long as the page.
  }
}

export function useReportLink(reportId: number): { token: string | undefined; replace(token: string | undefined): void } {
  const location = useLocation();
  const navigate = useNavigate();
  // The token is taken again when the report or the fragment changes: a link's own, else the one this tab
  // keeps for the report (state adjusted while rendering, as React advises for state that follows an input).
  const [link, setLink] = useState(() => ({ reportId, hash: location.hash, token: tokenOfLink(location.hash) ?? stored(reportId) }));
  if (link.reportId !== reportId || link.hash !== location.hash) {
    setLink({ reportId, hash: location.hash, token: tokenOfLink(location.hash) ?? stored(reportId) });
  }

  useEffect(() => {
    const fresh = tokenOfLink(location.hash);
    if (fresh) storeReportLink(reportId, fresh);
    if (location.hash) void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
  }, [reportId, location.hash, location.pathname, location.search, navigate]);

  const replace = useCallback(
    (next: string | undefined) => {
      storeReportLink(reportId, next);
      setLink((current) => ({ ...current, token: next }));
    },
    [reportId],
  );
  return { token: link.token, replace };
}
