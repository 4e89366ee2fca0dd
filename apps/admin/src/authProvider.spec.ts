// Unit tests of the auth provider against a fake API: what is stored, who is let in, when a
// failed request signs out, and what each role may open.
import { describe, expect, it } from 'vitest';
import { createAuthProvider, SESSION_ENDED, VIEWER_REFUSED } from './authProvider';
import type { Role } from './dataProvider/apiTypes';
import { ApiError } from './dataProvider/httpClient';
import { apiError, fakeFetch, json, memoryStorage, on } from './test-support/fakeFetch';
import { createTokenStore, EXPIRY_KEY, TOKEN_KEY } from './tokenStore';

const NOW = Date.parse('2026-03-01T10:00:00Z');

function loginAnswer(role: Role, accessToken = `token-of-${role}`) {
  return on('POST', '/auth/login', () =>
    json({ accessToken, expiresIn: 900, user: { id: `u-${role}`, email: `${role}@reelguard.test`, role } }),
  );
}

function meAnswer(role: Role) {
  return on('GET', '/auth/me', () => json({ id: `u-${role}`, email: `${role}@reelguard.test`, role }));
}

function setUp(routes: Parameters<typeof fakeFetch>, initial: Record<string, string> = {}, now = NOW) {
  const storage = memoryStorage(initial);
  const api = fakeFetch(...routes);
  const tokens = createTokenStore(storage, () => now);
  const auth = createAuthProvider({ fetch: api.fetch, tokens });
  return { storage, api, auth };
}

const signedIn = (token: string, expiresAt = NOW + 60_000) => ({ [TOKEN_KEY]: token, [EXPIRY_KEY]: String(expiresAt) });

describe('authProvider.login', () => {
  it('posts the credentials and keeps only the access token and its expiry', async () => {
    const { storage, api, auth } = setUp([loginAnswer('admin')]);

    await auth.login({ email: ' admin@reelguard.test ', password: 'correct horse' });

    const request = api.only();
    expect(request.url).toBe('/auth/login');
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(request.body))).toEqual({ email: 'admin@reelguard.test', password: 'correct horse' });
    expect(Object.fromEntries(storage.entries)).toEqual({
      [TOKEN_KEY]: 'token-of-admin',
      [EXPIRY_KEY]: String(NOW + 900_000),
    });
  });

  it('accepts react-admin’s stock `username` field as the email', async () => {
    const { api, auth } = setUp([loginAnswer('auditor')]);
    await auth.login({ username: 'auditor@reelguard.test', password: 'pw' });
    expect(JSON.parse(String(api.only().body))).toMatchObject({ email: 'auditor@reelguard.test' });
  });

  it('sends an auditor to the audit log after signing in', async () => {
    const { auth } = setUp([loginAnswer('auditor')]);
    await expect(auth.login({ email: 'a@x.test', password: 'pw' })).resolves.toEqual({ redirectTo: '/audit-logs' });
  });

  it('refuses a viewer with the dashboard message and stores nothing', async () => {
    const { storage, auth } = setUp([loginAnswer('viewer')]);

    await expect(auth.login({ email: 'viewer@reelguard.test', password: 'pw' })).rejects.toThrow(VIEWER_REFUSED);
    expect(VIEWER_REFUSED).toMatch(/this dashboard is for admins and auditors/i);
    expect(storage.entries.size).toBe(0);
  });

  it('passes on the API’s message for bad credentials and stores nothing', async () => {
    const { storage, auth } = setUp([on('POST', '/auth/login', () => apiError(401, 'Wrong email or password.'))]);

    await expect(auth.login({ email: 'a@x.test', password: 'nope' })).rejects.toMatchObject({
      message: 'Wrong email or password.',
      status: 401,
    });
    expect(storage.entries.size).toBe(0);
  });

  it('asks for both fields before calling the API', async () => {
    const { api, auth } = setUp([loginAnswer('admin')]);
    await expect(auth.login({ email: 'a@x.test', password: '' })).rejects.toThrow(/email and password/);
    expect(api.requests).toHaveLength(0);
  });
});

describe('authProvider.logout', () => {
  it('clears the token and the expiry', async () => {
    const { storage, auth } = setUp([], { ...signedIn('t'), unrelated: 'kept' });
    await auth.logout({});
    expect(Object.fromEntries(storage.entries)).toEqual({ unrelated: 'kept' });
  });

  it('forgets the identity, so the next user is looked up afresh', async () => {
    const { auth, api } = setUp([loginAnswer('admin', 'first'), meAnswer('auditor')]);
    await auth.login({ email: 'a@x.test', password: 'pw' });
    await auth.logout({});
    await expect(auth.getPermissions?.({})).resolves.toBeNull();
    expect(api.requests.map((r) => r.url)).toEqual(['/auth/login']);
  });
});

describe('authProvider.checkAuth', () => {
  it('rejects silently when nobody has signed in', async () => {
    const { auth, api } = setUp([]);
    await expect(auth.checkAuth({})).rejects.toEqual({ message: false, redirectTo: '/login' });
    expect(api.requests).toHaveLength(0);
  });

  it('rejects with the session-ended message and clears storage when the token has expired', async () => {
    const { auth, storage } = setUp([], signedIn('old', NOW - 1));
    await expect(auth.checkAuth({})).rejects.toEqual({ message: SESSION_ENDED, redirectTo: '/login' });
    expect(storage.entries.size).toBe(0);
  });

  it('lets a stored admin token in after asking the API who it belongs to', async () => {
    const { auth, api } = setUp([meAnswer('admin')], signedIn('stored'));
    await expect(auth.checkAuth({})).resolves.toBeUndefined();
    expect(api.only().headers.get('authorization')).toBe('Bearer stored');
  });

  it('signs out when the API no longer accepts the stored token', async () => {
    const { auth, storage } = setUp([on('GET', '/auth/me', () => apiError(401, 'Token expired'))], signedIn('stale'));
    await expect(auth.checkAuth({})).rejects.toEqual({ message: SESSION_ENDED, redirectTo: '/login' });
    expect(storage.entries.size).toBe(0);
  });

  it('does not sign out when the API is merely unreachable', async () => {
    const { auth, storage } = setUp([() => Promise.reject(new TypeError('Failed to fetch'))], signedIn('kept'));
    await expect(auth.checkAuth({})).resolves.toBeUndefined();
    expect(storage.entries.get(TOKEN_KEY)).toBe('kept');
  });

  it('refuses a stored viewer token', async () => {
    const { auth, storage } = setUp([meAnswer('viewer')], signedIn('viewer-token'));
    await expect(auth.checkAuth({})).rejects.toEqual({ message: VIEWER_REFUSED, redirectTo: '/login' });
    expect(storage.entries.size).toBe(0);
  });
});

describe('authProvider.checkError', () => {
  it('signs out on 401', async () => {
    const { auth } = setUp([]);
    await expect(auth.checkError(new ApiError('Unauthorized', 401))).rejects.toEqual({
      message: SESSION_ENDED,
      redirectTo: '/login',
    });
  });

  it('stays signed in on 403: the person is known, only this action is refused', async () => {
    const { auth } = setUp([]);
    await expect(auth.checkError(new ApiError('Only admins may do this.', 403))).resolves.toBeUndefined();
  });

  it('stays signed in on other failures', async () => {
    const { auth } = setUp([]);
    await expect(auth.checkError(new ApiError('Conflict', 409))).resolves.toBeUndefined();
    await expect(auth.checkError(new ApiError('Down', 503))).resolves.toBeUndefined();
    await expect(auth.checkError(new Error('no status'))).resolves.toBeUndefined();
  });
});

describe('authProvider.getPermissions and getIdentity', () => {
  it('returns the role given at sign-in without another request', async () => {
    const { auth, api } = setUp([loginAnswer('auditor')]);
    await auth.login({ email: 'auditor@reelguard.test', password: 'pw' });
    await expect(auth.getPermissions?.({})).resolves.toBe('auditor');
    expect(api.requests).toHaveLength(1);
  });

  it('after a reload, asks GET /auth/me once with the stored token and reuses the answer', async () => {
    const { auth, api } = setUp([meAnswer('admin')], signedIn('from-storage'));
    await expect(auth.getPermissions?.({})).resolves.toBe('admin');
    await expect(auth.getIdentity?.()).resolves.toEqual({
      id: 'u-admin',
      fullName: 'admin@reelguard.test',
      role: 'admin',
    });
    expect(api.only().url).toBe('/auth/me');
  });

  it('returns null when nobody is signed in', async () => {
    const { auth } = setUp([]);
    await expect(auth.getPermissions?.({})).resolves.toBeNull();
  });
});

describe('authProvider.canAccess', () => {
  async function accessFor(role: Role, resource: string, action: string) {
    const { auth } = setUp([meAnswer(role)], signedIn('t'));
    return auth.canAccess?.({ resource, action });
  }

  it('lets an admin open every screen', async () => {
    await expect(accessFor('admin', 'videos', 'list')).resolves.toBe(true);
    await expect(accessFor('admin', 'jobs', 'list')).resolves.toBe(true);
    await expect(accessFor('admin', 'audit-logs', 'list')).resolves.toBe(true);
  });

  it('shows an auditor only the audit screens', async () => {
    await expect(accessFor('auditor', 'audit-logs', 'list')).resolves.toBe(true);
    await expect(accessFor('auditor', 'videos', 'list')).resolves.toBe(false);
    await expect(accessFor('auditor', 'users', 'list')).resolves.toBe(false);
    await expect(accessFor('auditor', 'sessions', 'list')).resolves.toBe(false);
    await expect(accessFor('auditor', 'jobs', 'list')).resolves.toBe(false);
  });

  it('opens nothing to a viewer', async () => {
    await expect(accessFor('viewer', 'audit-logs', 'list')).resolves.toBe(false);
  });
});
