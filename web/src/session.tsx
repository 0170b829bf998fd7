// Who is signed in. Loaded once from GET /api/session, changed by signing in and out, and cleared when any
// request finds the session ended on the server.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setUnauthenticatedListener, type SessionUser } from './api.ts';

export interface SessionState {
  /** undefined while the first answer is awaited; null when signed out. */
  user: SessionUser | null | undefined;
  /** Set when the first GET /api/session failed. */
  loadError: string | undefined;
  signIn(username: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api.session
      .current()
      .then((me) => live && setUser(me.user))
      .catch((err: unknown) => {
        if (!live) return;
        setUser(null);
        setLoadError(err instanceof Error ? err.message : 'The session could not be loaded.');
      });
    setUnauthenticatedListener(() => setUser(null));
    return () => {
      live = false;
      setUnauthenticatedListener(undefined);
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const me = await api.session.signIn(username, password);
    if (!me.user) throw new Error('The server signed in no user.');
    setLoadError(undefined);
    setUser(me.user);
    return me.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.session.signOut();
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, loadError, signIn, signOut }), [user, loadError, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
