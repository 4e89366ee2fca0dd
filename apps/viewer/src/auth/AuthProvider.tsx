// The signed-in session for the whole app: the stored token, the API client that uses it,
// sign-in and sign-out. A refused token (401), an expired one, or a sign-out in another tab
// signs this tab out too. What must be ended with the viewer's token (a playback session)
// registers with `onSignOut` and is ended before the token is forgotten.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/client';
import { browserStorage } from '../shared/storage';
import { AUTH_STORAGE_KEY, createAuthStore, type StoredAuth } from './auth-store';

interface AuthContextValue {
  auth: StoredAuth | null;
  api: ApiClient;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
  /** Runs `listener` at sign-out, while the token still works; returns the unsubscribe. */
  onSignOut: (listener: () => void) => () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Longest delay `setTimeout` honours; beyond it the timer would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export function AuthProvider({ children }: { children: ReactNode }) {
  const store = useMemo(() => createAuthStore(browserStorage()), []);
  const [auth, setAuth] = useState<StoredAuth | null>(() => store.load());
  const tokenRef = useRef<string | null>(auth?.accessToken ?? null);
  const signOutListeners = useRef(new Set<() => void>());

  const onSignOut = useCallback((listener: () => void) => {
    signOutListeners.current.add(listener);
    return () => {
      signOutListeners.current.delete(listener);
    };
  }, []);

  const signOut = useCallback(() => {
    // Requests started here take the token synchronously, before it is cleared below.
    for (const listener of [...signOutListeners.current]) listener();
    store.clear();
    tokenRef.current = null;
    setAuth(null);
  }, [store]);

  const api = useMemo(
    () =>
      createApiClient({
        fetch: (input, init) => window.fetch(input, init),
        getAccessToken: () => tokenRef.current,
        onUnauthorized: signOut,
      }),
    [signOut],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const stored = store.save(await api.login(email, password));
      tokenRef.current = stored.accessToken;
      setAuth(stored);
    },
    [api, store],
  );

  useEffect(() => {
    if (!auth) return;
    const remaining = auth.expiresAt - Date.now();
    if (remaining > MAX_TIMER_MS) return;
    const handle = setTimeout(signOut, Math.max(0, remaining));
    return () => clearTimeout(handle);
  }, [auth, signOut]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== null && event.key !== AUTH_STORAGE_KEY) return;
      const stored = store.load();
      tokenRef.current = stored?.accessToken ?? null;
      setAuth(stored);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [store]);

  const value = useMemo(() => ({ auth, api, signIn, signOut, onSignOut }), [auth, api, signIn, signOut, onSignOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
