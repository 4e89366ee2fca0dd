// The signed-in session kept in storage: survives a reload, expires, and is cleared.
import { describe, expect, it } from 'vitest';
import { AUTH_STORAGE_KEY, createAuthStore } from './auth-store';
import type { KeyValueStorage } from '../shared/storage';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const login = {
  accessToken: 'jwt',
  expiresIn: 900,
  user: { id: 'u1', email: 'ann@example.com', role: 'viewer' as const },
};

describe('auth store', () => {
  it('keeps the token, its expiry and the user across a reload', () => {
    const storage = memoryStorage();
    createAuthStore(storage, () => 1_000).save(login);

    expect(createAuthStore(storage, () => 2_000).load()).toEqual({
      accessToken: 'jwt',
      expiresAt: 901_000,
      user: login.user,
    });
  });

  it('drops an expired session (with a small margin) and an unreadable record', () => {
    const storage = memoryStorage();
    createAuthStore(storage, () => 0).save(login);
    expect(createAuthStore(storage, () => 896_000).load()).toBeNull();
    expect(storage.data.has(AUTH_STORAGE_KEY)).toBe(false);

    storage.setItem(AUTH_STORAGE_KEY, '{"accessToken":42}');
    expect(createAuthStore(storage).load()).toBeNull();
  });

  it('forgets the session on sign out', () => {
    const storage = memoryStorage();
    const store = createAuthStore(storage, () => 0);
    store.save(login);
    store.clear();
    expect(store.load()).toBeNull();
  });
});
