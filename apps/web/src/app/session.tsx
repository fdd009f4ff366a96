import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient, createApiClient, unwrap } from '../api/client';
import { serverClock, serverNow } from '../api/server-clock';
import { callMemory } from '../features/agent-desk/call-memory';

export interface SessionUser {
  userId: string;
  email: string;
  role: string;
  displayName: string;
}

export interface Session {
  accessToken: string;
  /** On the server's clock. */
  expiresAt: string;
  user: SessionUser;
  /**
   * The server's clock less the browser's at sign-in (ms): after a reload,
   * before the page has heard the server's time again, it stands in for it.
   */
  clockSkewMs?: number;
}

const STORAGE_KEY = 'dialer.session';

/** A live socket's refusals that mean the sign-in no longer holds (the server checks open desks and wallboards again every minute). */
export const SIGN_IN_ENDED = ['AUTH_INVALID_TOKEN', 'AUTH_FORBIDDEN'];

/**
 * How long the sign-in has left, counted on the server's clock: a browser
 * whose clock is a day fast must not end at once a sign-in the server grants
 * for twelve hours, nor a slow one keep it past its end.
 */
function msLeft(session: Session): number {
  const now = serverClock.measured ? serverNow() : Date.now() + (session.clockSkewMs ?? 0);
  return new Date(session.expiresAt).getTime() - now;
}

function storedSession(): Session | null {
  try {
    const session = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && msLeft(session) > 0 ? session : null;
  } catch {
    return null;
  }
}

interface SessionContextValue {
  session: Session | null;
  api: ApiClient;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): void;
  /** The api refused the token elsewhere than over REST (a socket): the session ends as on a 401. */
  expire(): void;
  /** True once the api refused the token or it ran out: the sign-in page says so. */
  expired: boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in (kept across reloads until the token expires) and the api client that carries their token. */
export function SessionProvider({ children, baseUrl = window.location.origin }: { children: ReactNode; baseUrl?: string }) {
  const [session, setSession] = useState<Session | null>(storedSession);
  const [expired, setExpired] = useState(false);
  const [holder] = useState(() => ({ token: session?.accessToken ?? null }));
  const end = useCallback(
    (why: 'signedOut' | 'expired') => {
      localStorage.removeItem(STORAGE_KEY);
      // The callee's details and typed notes leave with the agent; an expired sign-in keeps them for the same user's return.
      if (why === 'signedOut') callMemory.forget();
      holder.token = null;
      setSession(null);
      setExpired(why === 'expired');
    },
    [holder],
  );
  const api = useMemo(() => createApiClient({ baseUrl, getToken: () => holder.token, onUnauthorized: () => end('expired') }), [baseUrl, holder, end]);
  // The token's own end: sign out when it passes, not at the next refused request.
  useEffect(() => {
    if (!session) return;
    const left = msLeft(session);
    if (left > 2 ** 31 - 1) return; // beyond setTimeout's range: the api's 401 ends it instead
    const timer = setTimeout(() => end('expired'), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [session, end]);

  // Signed out, or in as someone else, in another tab of this browser: this one follows (localStorage is shared).
  useEffect(() => {
    const follow = (event: StorageEvent) => {
      if (event.key !== STORAGE_KEY && event.key !== null) return;
      const stored = storedSession();
      if (stored?.accessToken === holder.token) return;
      if (stored?.user.userId !== session?.user.userId) callMemory.forget();
      holder.token = stored?.accessToken ?? null;
      setSession(stored);
      setExpired(false);
    };
    window.addEventListener('storage', follow);
    return () => window.removeEventListener('storage', follow);
  }, [holder, session]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await unwrap(api.POST('/auth/login', { body: { email, password } }));
      // The answer's Date header has just set the page's server clock.
      const next: Session = { accessToken: result.accessToken, expiresAt: result.expiresAt, user: result.user, clockSkewMs: serverNow() - Date.now() };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      holder.token = next.accessToken;
      setSession(next);
      setExpired(false);
      return next;
    },
    [api, holder],
  );
  const signOut = useCallback(() => end('signedOut'), [end]);
  const expire = useCallback(() => end('expired'), [end]);

  const value = useMemo(() => ({ session, api, signIn, signOut, expire, expired }), [session, api, signIn, signOut, expire, expired]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
