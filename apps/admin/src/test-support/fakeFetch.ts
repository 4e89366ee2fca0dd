// A typed stand-in for `fetch` and for `localStorage` in unit tests: it records every request
// and answers from a route table, so tests assert on the exact URL, method, headers and body.
import type { FetchLike } from '../dataProvider/httpClient';
import type { KeyValueStorage } from '../tokenStore';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
}

export type FakeRoute = (request: RecordedRequest) => Response | Promise<Response> | undefined;

export interface FakeFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
  /** The one request recorded so far; fails the test if there are more or none. */
  only(): RecordedRequest;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function apiError(status: number, message: string | string[], error = 'Error'): Response {
  return json({ statusCode: status, error, message }, status);
}

/** Routes are tried in order; the first that answers wins. Unanswered requests are a 599. */
export function fakeFetch(...routes: FakeRoute[]): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const request: RecordedRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
    };
    requests.push(request);
    for (const route of routes) {
      const response = await route(request);
      if (response) return response;
    }
    return new Response('no fake route for this request', { status: 599 });
  };
  return {
    fetch,
    requests,
    only() {
      if (requests.length !== 1) throw new Error(`expected exactly one request, got ${requests.length}`);
      return requests[0] as RecordedRequest;
    },
  };
}

/** Matches on method and path (query string ignored). */
export function on(method: string, path: string, answer: (request: RecordedRequest) => Response): FakeRoute {
  return (request) => {
    const url = new URL(request.url, 'http://api.test');
    return request.method === method && url.pathname === path ? answer(request) : undefined;
  };
}

/** Query parameters of a recorded request, as a plain object. */
export function queryOf(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URL(request.url, 'http://api.test').searchParams);
}

export function memoryStorage(
  initial: Record<string, string> = {},
): KeyValueStorage & { entries: Map<string, string> } {
  const entries = new Map(Object.entries(initial));
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}
