// The viewer's HTTP client for the Reelguard API: adds the Bearer token, turns error responses
// into ApiError with the API's own message, and reports a refused token so the app can sign out.
// `fetch` is injected so the client is testable without a network.
import { totalFromContentRange } from './content-range';
import { ApiError, errorFromResponse, networkFailure } from './errors';
import type { HeartbeatResponse, LoginResponse, PlaybackStart, User, Video, VideoPage } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch: FetchLike;
  /** Current access token, or null when signed out. Read on every request. */
  getAccessToken: () => string | null;
  /** Called when an authenticated request is answered 401 (token expired or revoked). */
  onUnauthorized?: () => void;
}

export interface VideoQuery {
  q?: string;
  /** First index, inclusive. */
  from: number;
  /** Last index, inclusive. */
  to: number;
}

const JSON_HEADERS = { Accept: 'application/json' } as const;

/** True for URLs on this origin written root-relative; only those may carry the token. */
export function isRootRelative(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');
}

export function createApiClient(options: ApiClientOptions) {
  const { fetch: fetchFn, getAccessToken, onUnauthorized } = options;
  /** The API's clock minus ours, from the last answer's `Date` header (1 s resolution). */
  let serverClockOffsetMs: number | null = null;

  function noteServerClock(response: Response): void {
    const date = Date.parse(response.headers.get('Date') ?? '');
    if (Number.isFinite(date)) serverClockOffsetMs = date - Date.now();
  }

  async function send(path: string, init: RequestInit & { authenticated?: boolean } = {}): Promise<Response> {
    const { authenticated = true, ...requestInit } = init;
    const headers = new Headers(requestInit.headers);
    if (authenticated) {
      const token = getAccessToken();
      if (token) headers.set('Authorization', `Bearer ${token}`);
    }
    let response: Response;
    try {
      response = await fetchFn(path, { ...requestInit, headers });
    } catch (cause) {
      throw networkFailure(cause);
    }
    noteServerClock(response);
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (authenticated && response.status === 401) onUnauthorized?.();
      throw error;
    }
    return response;
  }

  async function sendJson<T>(path: string, init: RequestInit & { authenticated?: boolean } = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set('Accept', JSON_HEADERS.Accept);
    const response = await send(path, { ...init, headers });
    try {
      return (await response.json()) as T;
    } catch (cause) {
      const error = new ApiError(response.status, 'The server sent an unreadable answer. Try again.');
      error.cause = cause;
      throw error;
    }
  }

  function requireRootRelative(url: string): string {
    if (!isRootRelative(url)) throw new ApiError(400, 'Refusing to send credentials to another origin.');
    return url;
  }

  return {
    /**
     * How far the API's clock is ahead of this browser's (negative: behind), as of the last
     * answer; null before any answer carried a date. Compares this browser's time with the
     * deadlines the API sends.
     */
    serverClockOffsetMs(): number | null {
      return serverClockOffsetMs;
    },

    login(email: string, password: string): Promise<LoginResponse> {
      return sendJson<LoginResponse>('/auth/login', {
        method: 'POST',
        authenticated: false,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    },

    me(): Promise<User> {
      return sendJson<User>('/auth/me');
    },

    async listVideos(query: VideoQuery, signal?: AbortSignal): Promise<VideoPage> {
      const q = query.q?.trim();
      const params = new URLSearchParams({
        filter: JSON.stringify(q ? { q } : {}),
        range: JSON.stringify([query.from, query.to]),
        sort: JSON.stringify(['createdAt', 'DESC']),
      });
      const response = await send(`/videos?${params.toString()}`, { headers: JSON_HEADERS, signal });
      const items = (await response.json()) as Video[];
      return { items, total: totalFromContentRange(response.headers.get('Content-Range'), items.length) };
    },

    getVideo(videoId: string, signal?: AbortSignal): Promise<Video> {
      return sendJson<Video>(`/videos/${encodeURIComponent(videoId)}`, { signal });
    },

    startPlayback(videoId: string): Promise<PlaybackStart> {
      return sendJson<PlaybackStart>(`/videos/${encodeURIComponent(videoId)}/playback`, { method: 'POST' });
    },

    heartbeat(sessionId: string): Promise<HeartbeatResponse> {
      return sendJson<HeartbeatResponse>(`/playback-sessions/${encodeURIComponent(sessionId)}/heartbeat`, {
        method: 'POST',
      });
    },

    /** Ends a playback session; `keepalive` lets it finish while the page unloads. */
    async endSession(sessionId: string): Promise<void> {
      await send(`/playback-sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE', keepalive: true });
    },

    /** Fetches a token-protected asset (poster, storyboard sprite) as bytes. */
    async fetchBlob(url: string, signal?: AbortSignal): Promise<Blob> {
      const response = await send(requireRootRelative(url), { signal });
      return response.blob();
    },

    /** Fetches a token-protected text asset (the storyboard WebVTT). */
    async fetchText(url: string, signal?: AbortSignal): Promise<string> {
      const response = await send(requireRootRelative(url), { signal });
      return response.text();
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
