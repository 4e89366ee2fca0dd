// The one place that reads and writes the access token. Only the token and its expiry are kept
// in storage; the signed-in user's identity is asked of the API (`GET /auth/me`) when needed.

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const TOKEN_KEY = 'reelguard.admin.accessToken';
export const EXPIRY_KEY = 'reelguard.admin.expiresAt';

export interface TokenStore {
  save(accessToken: string, expiresInSec: number): void;
  /** The token if one is stored and not yet expired. */
  read(): string | null;
  /** True when a token is stored but its expiry has passed. */
  isExpired(): boolean;
  clear(): void;
}

export function createTokenStore(storage: KeyValueStorage, now: () => number = Date.now): TokenStore {
  const expiresAt = (): number | null => {
    const raw = storage.getItem(EXPIRY_KEY);
    if (raw === null) return null;
    const value = Number(raw);
    return Number.isFinite(value) ? value : 0;
  };

  return {
    save(accessToken, expiresInSec) {
      storage.setItem(TOKEN_KEY, accessToken);
      storage.setItem(EXPIRY_KEY, String(now() + Math.max(0, expiresInSec) * 1000));
    },
    read() {
      const token = storage.getItem(TOKEN_KEY);
      if (!token) return null;
      const expiry = expiresAt();
      // A token stored without an expiry is trusted until the API answers 401.
      if (expiry !== null && expiry <= now()) return null;
      return token;
    },
    isExpired() {
      const expiry = expiresAt();
      return storage.getItem(TOKEN_KEY) !== null && expiry !== null && expiry <= now();
    },
    clear() {
      storage.removeItem(TOKEN_KEY);
      storage.removeItem(EXPIRY_KEY);
    },
  };
}
