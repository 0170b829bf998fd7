// The token of a mailed link (/reset-password#token=..., /verify-email#token=...). Links carry it in the
// fragment, which browsers never send to servers or in Referer headers. It is read once and then removed
// from the address bar, so it does not stay in the history or get shared with a copied address. Pages key
// their state on the token, so a second link opened in the same tab starts afresh.
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

export function tokenFromFragment(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return value && /^[A-Za-z0-9_-]{10,200}$/.test(value) ? value : undefined;
}

export function useFragmentToken(): string | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [token, setToken] = useState(() => tokenFromFragment(location.hash));
  // Another link opened in the same tab (only the fragment changed) brings its own token (state adjusted
  // while rendering, as React advises for state that follows a changed input).
  const fresh = tokenFromFragment(location.hash);
  if (fresh && fresh !== token) setToken(fresh);
  useEffect(() => {
    if (location.hash) void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);
  return token;
}
