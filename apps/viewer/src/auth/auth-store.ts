// Keeps the signed-in session (access token, its expiry, the user) in browser storage so a
// reload keeps the viewer signed in; an expired or unreadable record counts as signed out.
import type { LoginResponse, User } from '../api/types';
import type { KeyValueStorage } from '../shared/storage';

export interface StoredAuth {
  accessToken: string;
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
  user: User;
}

export const AUTH_STORAGE_KEY = 'reelguard.auth';
/** Treat the token as expired slightly early so a request never races its expiry. */
const EXPIRY_MARGIN_MS = 5_000;

function isStoredAuth(value: unknown): value is StoredAuth {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const user = record.user as Record<string, unknown> | null | undefined;
  return (
    typeof record.accessToken === 'string' &&
    record.accessToken !== '' &&
    typeof record.expiresAt === 'number' &&
    typeof user === 'object' &&
    user !== null &&
    typeof user.id === 'string' &&
    typeof user.email === 'string' &&
    typeof user.role === 'string'
  );
}

export function createAuthStore(storage: KeyValueStorage, now: () => number = Date.now) {
  function clear(): void {
    try {
      storage.removeItem(AUTH_STORAGE_KEY);
    } catch {
      // Storage can be unavailable (private mode); nothing to clear then.
    }
  }

  return {
    /** The stored session if it is still valid; an expired one is removed. */
    load(): StoredAuth | null {
      let parsed: unknown;
      try {
        const raw = storage.getItem(AUTH_STORAGE_KEY);
        if (raw === null) return null;
        parsed = JSON.parse(raw);
      } catch {
        clear();
        return null;
      }
      if (!isStoredAuth(parsed) || parsed.expiresAt - EXPIRY_MARGIN_MS <= now()) {
        clear();
        return null;
      }
      return parsed;
    },

    save(login: LoginResponse): StoredAuth {
      const auth: StoredAuth = {
        accessToken: login.accessToken,
        expiresAt: now() + login.expiresIn * 1000,
        user: login.user,
      };
      try {
        storage.setItem(AUTH_STORAGE_KEY, JSON.stringify(auth));
      } catch {
        // Without storage the session lasts until the page is closed; still usable.
      }
      return auth;
    },

    clear,
  };
}

export type AuthStore = ReturnType<typeof createAuthStore>;
