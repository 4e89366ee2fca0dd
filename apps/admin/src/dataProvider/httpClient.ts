// Thin HTTP layer over an injected `fetch`: builds URLs, adds the Bearer token to the API's own
// routes (never to another origin), parses JSON, and turns `{statusCode, error, message}` error
// bodies into an `ApiError` whose `message` is the API's own words and whose `status` lets the
// auth provider decide whether to sign out.

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: QueryParams;
  /** Serialised as JSON with the matching content type. */
  json?: unknown;
  /** A raw body (FormData for uploads); the browser sets its content type. */
  body?: BodyInit;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpClient {
  request(path: string, request?: ApiRequest): Promise<ApiResponse>;
  blob(path: string, request?: ApiRequest): Promise<Blob>;
}

export interface HttpClientOptions {
  fetch: FetchLike;
  getToken: () => string | null;
  /** Origin of the API; empty for the same origin (production: the API serves the dashboard). */
  baseUrl?: string;
}

const UNREACHABLE = 'Cannot reach the Reelguard API. Check the connection and try again.';

const STATUS_FALLBACKS: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state. Refresh and try again.',
  413: 'The file is larger than the server accepts.',
  415: 'This file is not a video the server can use.',
  422: 'This file is not a video the server can use.',
  429: 'Too many requests. Wait a moment and try again.',
  503: 'A service the API depends on is unavailable. Try again shortly.',
};

/** Builds `path?query`, leaving out empty values so filters stay minimal. */
export function buildUrl(baseUrl: string, path: string, query: QueryParams = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const search = params.toString();
  const url = isAbsoluteUrl(path) ? path : `${baseUrl}${path}`;
  if (!search) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

export function isAbsoluteUrl(url: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('//');
}

/** The token goes only to the API itself: root-relative paths or URLs under `baseUrl`. */
export function isApiUrl(url: string, baseUrl: string): boolean {
  if (!isAbsoluteUrl(url)) return url.startsWith('/');
  return baseUrl !== '' && (url === baseUrl || url.startsWith(`${baseUrl}/`));
}

/** The message to show a person for a failed response. */
export function extractErrorMessage(body: unknown, status: number, statusText = ''): string {
  if (body !== null && typeof body === 'object' && 'message' in body) {
    const { message } = body as { message: unknown };
    if (typeof message === 'string' && message.trim()) return message;
    if (Array.isArray(message)) {
      const parts = message.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
      if (parts.length > 0) return parts.join('; ');
    }
  }
  if (typeof body === 'string') {
    const text = body.trim();
    if (text && text.length <= 300 && !text.startsWith('<')) return text;
  }
  return STATUS_FALLBACKS[status] ?? (statusText || `The server answered ${status}.`);
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function createHttpClient({ fetch, getToken, baseUrl = '' }: HttpClientOptions): HttpClient {
  const send = async (path: string, request: ApiRequest, accept: string): Promise<Response> => {
    const url = buildUrl(baseUrl, path, request.query);
    const headers = new Headers({ Accept: accept });
    const token = getToken();
    if (token && isApiUrl(url, baseUrl)) headers.set('Authorization', `Bearer ${token}`);
    let body = request.body;
    if (request.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(request.json);
    }
    let response: Response;
    try {
      response = await fetch(url, { method: request.method ?? 'GET', headers, body, signal: request.signal });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError(UNREACHABLE, 0);
    }
    if (!response.ok) {
      const errorBody = await readBody(response).catch(() => null);
      throw new ApiError(
        extractErrorMessage(errorBody, response.status, response.statusText),
        response.status,
        errorBody,
      );
    }
    return response;
  };

  return {
    async request(path, request = {}) {
      const response = await send(path, request, 'application/json');
      return { status: response.status, headers: response.headers, body: await readBody(response) };
    },
    async blob(path, request = {}) {
      const response = await send(path, request, '*/*');
      return response.blob();
    },
  };
}
