// Who is signed in, and the one step the session must take next (second factor, new password, set up a
// second factor). Loaded once from GET /api/session, changed by the sign-in steps and signing out, cleared
// when any request finds the session ended on the server, and reloaded when the server says the session
// may only take its next step.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setRestrictedListener, setUnauthenticatedListener, type Me, type NextStep, type SessionUser } from './api.ts';

export interface SessionState {
  /** undefined while the first answer is awaited; null when signed out (or the second factor is awaited). */
  user: SessionUser | null | undefined;
  /** What the session must do before anything else ('done' when nothing). */
  next: NextStep;
  /** Set when the first GET /api/session failed. */
  loadError: string | undefined;
  /** True after signing out on purpose (nothing to return to), false when the session ended by itself. */
  signedOut: boolean;
  /** First step: username and password. The answer's `next` says what follows. */
  signIn: (username: string, password: string) => Promise<Me>;
  /** Second step when the account has a second factor: an authenticator or recovery code. */
  completeSecondFactor: (code: string) => Promise<Me>;
  /** Asks the server again (after a step such as the forced password change). */
  refresh: () => Promise<Me>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [next, setNext] = useState<NextStep>('done');
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  const apply = useCallback((me: Me) => {
    setSignedOut(false);
    setUser(me.user);
    setNext(me.next);
    setLoadError(undefined);
    return me;
  }, []);

  const refresh = useCallback(async () => apply(await api.session.current()), [apply]);

  useEffect(() => {
    let live = true;
    api.session
      .current()
      .then((me) => live && apply(me))
      .catch((err: unknown) => {
        if (!live) return;
        setUser(null);
        setNext('done');
        setLoadError(err instanceof Error ? err.message : 'The session could not be loaded.');
      });
    setUnauthenticatedListener(() => {
      setUser(null);
      setNext('done');
    });
    setRestrictedListener(() => {
      refresh().catch(() => undefined);
    });
    return () => {
      live = false;
      setUnauthenticatedListener(undefined);
      setRestrictedListener(undefined);
    };
  }, [apply, refresh]);

  const signIn = useCallback(async (username: string, password: string) => apply(await api.session.signIn(username, password)), [apply]);

  const completeSecondFactor = useCallback(async (code: string) => apply(await api.session.secondFactor(code)), [apply]);

  const signOut = useCallback(async () => {
    try {
      await api.session.signOut();
    } finally {
      setSignedOut(true);
      setUser(null);
      setNext('done');
    }
  }, []);

  const value = useMemo(
    () => ({ user, next, loadError, signedOut, signIn, completeSecondFactor, refresh, signOut }),
    [user, next, loadError, signedOut, signIn, completeSecondFactor, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Where a session must go for its next step, or undefined when it may go anywhere. */
export function stepPath(next: NextStep): string | undefined {
  switch (next) {
    case 'second_factor':
      return '/sign-in/second-factor';
    case 'change_password':
      return '/choose-password';
    case 'enrol_second_factor':
      return '/set-up-second-factor';
    case 'done':
      return undefined;
  }
}
