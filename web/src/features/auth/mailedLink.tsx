// Pages opened from a mailed link that carries a token (/reset-password, /accept-invitation, /verify-email,
// /complete-registration; the token comes from useFragmentToken): what they say when the link does not work,
// and the one-time use of a token that is spent as the page opens.
import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react';
import { ApiError, asApiError } from '../../api.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';

/** "This reset link does not work", the reason, and what to do instead (`children`). */
export function LinkNotWorking({ kind, error, children }: { kind: string; error: ApiError; children: ReactNode }) {
  return (
    <>
      <PageHeading title={`This ${kind} link does not work`} />
      <ErrorAlert error={error} />
      <p>{children}</p>
    </>
  );
}

/** The error of a page opened without a token (`what` names it: "registration", "verification"). */
export const noTokenError = (what: string) =>
  new ApiError(0, 'client', `This address has no ${what} token. Open the link from the mail exactly as it was sent.`);

export type SpentToken<T> = { kind: 'working' } | { kind: 'done'; result: T } | { kind: 'failed'; error: ApiError };

/**
 * Spends the token as the page opens: once only (such a link works once), never twice, even when React runs
 * the effect again. The page is keyed on the token, so another link starts afresh.
 */
export function useSpentToken<T>(token: string | undefined, spend: (token: string) => Promise<T>, what: string): SpentToken<T> {
  const [state, setState] = useState<SpentToken<T>>(() => (token ? { kind: 'working' } : { kind: 'failed', error: noTokenError(what) }));
  const sent = useRef(false);
  const send = useEffectEvent((t: string) => {
    spend(t)
      .then((result) => setState({ kind: 'done', result }))
      .catch((err: unknown) => setState({ kind: 'failed', error: asApiError(err) }));
  });

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    send(token);
  }, [token]);

  return state;
}
