// Sign-in for the dashboard: `POST /auth/login` stores only the access token and its expiry;
// the signed-in user's identity and role come from `GET /auth/me` (asked once per token). A
// viewer is refused at the door, a 401 from the API signs out, a 403 does not (the person is
// signed in, just not allowed that one thing). Free of React: `fetch` and storage are passed in.
import type { AuthProvider, UserIdentity } from 'react-admin';
import { canRoleAccess, isDashboardRole } from './access';
import type { AuthUser, LoginResponse, Role } from './dataProvider/apiTypes';
import { ApiError, createHttpClient, type FetchLike } from './dataProvider/httpClient';
import type { TokenStore } from './tokenStore';

export const VIEWER_REFUSED =
  'This dashboard is for admins and auditors. Use the Reelguard viewer app to watch videos.';
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

export interface AuthProviderOptions {
  fetch: FetchLike;
  tokens: TokenStore;
  baseUrl?: string;
}

export interface Credentials {
  email?: string;
  /** react-admin's stock login form names the field `username`. */
  username?: string;
  password?: string;
}

/** What react-admin expects as a rejection: `message: false` means "no notification". */
export interface AuthRejection {
  message: string | false;
  redirectTo?: string;
}

function toLoginResponse(body: unknown): LoginResponse {
  const b = (body ?? {}) as Partial<LoginResponse>;
  const user = (b.user ?? {}) as Partial<AuthUser>;
  if (typeof b.accessToken !== 'string' || typeof user.role !== 'string') {
    throw new Error('The sign-in answer was not understood. Try again or contact an administrator.');
  }
  return {
    accessToken: b.accessToken,
    expiresIn: typeof b.expiresIn === 'number' ? b.expiresIn : 900,
    user: { id: String(user.id ?? ''), email: String(user.email ?? ''), role: user.role },
  };
}

function toAuthUser(body: unknown): AuthUser {
  const b = (body ?? {}) as Partial<AuthUser>;
  return { id: String(b.id ?? ''), email: String(b.email ?? ''), role: (b.role ?? 'viewer') as Role };
}

const statusOf = (error: unknown): number | undefined =>
  error !== null && typeof error === 'object' && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

export function createAuthProvider({ fetch, tokens, baseUrl = '' }: AuthProviderOptions): AuthProvider {
  const http = createHttpClient({ fetch, getToken: () => tokens.read(), baseUrl });
  let identity: { token: string; user: Promise<AuthUser> } | null = null;

  /** The signed-in user, asked of the API once per token; null when nobody is signed in. */
  const currentUser = async (): Promise<AuthUser | null> => {
    const token = tokens.read();
    if (!token) return null;
    if (identity?.token !== token) {
      const user = http.request('/auth/me').then(({ body }) => toAuthUser(body));
      identity = { token, user };
      // A failed look-up is not cached: the next call asks again.
      user.catch(() => {
        if (identity?.user === user) identity = null;
      });
    }
    return identity.user;
  };

  const forget = (): void => {
    tokens.clear();
    identity = null;
  };

  return {
    async login(params: Credentials) {
      const email = (params.email ?? params.username ?? '').trim();
      const password = params.password ?? '';
      if (!email || !password) throw new Error('Enter your email and password.');
      const { body } = await http.request('/auth/login', { method: 'POST', json: { email, password } });
      const session = toLoginResponse(body);
      if (!isDashboardRole(session.user.role)) {
        forget();
        throw new Error(VIEWER_REFUSED);
      }
      tokens.save(session.accessToken, session.expiresIn);
      identity = { token: session.accessToken, user: Promise.resolve(session.user) };
      return { redirectTo: session.user.role === 'auditor' ? '/audit-logs' : '/' };
    },

    async logout() {
      forget();
    },

    async checkAuth() {
      if (!tokens.read()) {
        const expired = tokens.isExpired();
        forget();
        const rejection: AuthRejection = { message: expired ? SESSION_ENDED : false, redirectTo: '/login' };
        throw rejection;
      }
      let user: AuthUser | null;
      try {
        user = await currentUser();
      } catch (error) {
        // Only the API's own "who are you?" refusal ends the session; a network blip does not.
        if (statusOf(error) !== 401) return;
        forget();
        const rejection: AuthRejection = { message: SESSION_ENDED, redirectTo: '/login' };
        throw rejection;
      }
      if (!isDashboardRole(user?.role)) {
        forget();
        const rejection: AuthRejection = { message: VIEWER_REFUSED, redirectTo: '/login' };
        throw rejection;
      }
    },

    async checkError(error: unknown) {
      if (statusOf(error) === 401) {
        const rejection: AuthRejection = { message: SESSION_ENDED, redirectTo: '/login' };
        throw rejection;
      }
      // 403 and everything else: stay signed in; the screen shows the API's message.
    },

    async getIdentity(): Promise<UserIdentity> {
      const user = await currentUser();
      if (!user) throw new ApiError(SESSION_ENDED, 401);
      return { id: user.id, fullName: user.email, role: user.role };
    },

    async getPermissions(): Promise<Role | null> {
      const user = await currentUser();
      return user?.role ?? null;
    },

    async canAccess({ resource, action }: { resource: string; action: string }): Promise<boolean> {
      const user = await currentUser().catch(() => null);
      return canRoleAccess(user?.role, resource, action);
    },
  };
}
