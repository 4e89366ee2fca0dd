// Unit tests of the HTTP layer and the list-query helpers: error messages a person will read,
// Content-Range parsing, and the query strings the API receives.
import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../test-support/fakeFetch';
import { ApiError, buildUrl, createHttpClient, extractErrorMessage, isApiUrl } from './httpClient';
import { clampAuditLimit, parseContentRange, simpleRestQuery, toIsoInstant } from './listQuery';

describe('extractErrorMessage', () => {
  it('uses the message of the API’s error body', () => {
    expect(
      extractErrorMessage({ statusCode: 413, error: 'Payload Too Large', message: 'The file exceeds 2 GiB.' }, 413),
    ).toBe('The file exceeds 2 GiB.');
  });

  it('joins a list of messages', () => {
    expect(extractErrorMessage({ message: ['a is wrong', '', 'b is wrong'] }, 400)).toBe('a is wrong; b is wrong');
  });

  it('uses a short plain-text body, but not an HTML error page', () => {
    expect(extractErrorMessage('Bad gateway from proxy', 502)).toBe('Bad gateway from proxy');
    expect(extractErrorMessage('<html><body>502</body></html>', 502, 'Bad Gateway')).toBe('Bad Gateway');
  });

  it('falls back to a readable sentence per status', () => {
    expect(extractErrorMessage(null, 415)).toMatch(/not a video/);
    expect(extractErrorMessage({}, 413)).toMatch(/larger than the server accepts/);
    expect(extractErrorMessage(null, 418, "I'm a teapot")).toBe("I'm a teapot");
    expect(extractErrorMessage(null, 418)).toBe('The server answered 418.');
  });
});

describe('createHttpClient', () => {
  it('turns a refused request into an ApiError with the API’s message and status', async () => {
    const api = fakeFetch(() =>
      json({ statusCode: 415, error: 'Unsupported Media Type', message: 'Not a video.' }, 415),
    );
    const http = createHttpClient({ fetch: api.fetch, getToken: () => null });
    const failure = await http.request('/videos/upload', { method: 'POST' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 415, message: 'Not a video.' });
  });

  it('reports an unreachable API as status 0 with a readable message', async () => {
    const api = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const http = createHttpClient({ fetch: api.fetch, getToken: () => 't' });
    await expect(http.request('/videos')).rejects.toMatchObject({
      status: 0,
      message: expect.stringMatching(/Cannot reach/),
    });
  });

  it('lets an abort through untouched, so react-query can cancel quietly', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const api = fakeFetch(() => Promise.reject(abort));
    const http = createHttpClient({ fetch: api.fetch, getToken: () => 't' });
    await expect(http.request('/videos')).rejects.toBe(abort);
  });

  it('sends no Authorization header when signed out', async () => {
    const api = fakeFetch(() => json({}));
    await createHttpClient({ fetch: api.fetch, getToken: () => null }).request('/auth/me');
    expect(api.only().headers.has('authorization')).toBe(false);
  });

  it('prefixes a configured API origin and still sends it the token', async () => {
    const api = fakeFetch(() => json({}));
    await createHttpClient({ fetch: api.fetch, getToken: () => 't', baseUrl: 'http://127.0.0.1:3000' }).request(
      '/auth/me',
    );
    expect(api.only().url).toBe('http://127.0.0.1:3000/auth/me');
    expect(api.only().headers.get('authorization')).toBe('Bearer t');
  });
});

describe('URL helpers', () => {
  it('builds a query string without empty values', () => {
    expect(buildUrl('', '/audit/verify', { from: '', to: undefined, limit: 5, flag: false })).toBe(
      '/audit/verify?limit=5&flag=false',
    );
    expect(buildUrl('', '/a?x=1', { y: 2 })).toBe('/a?x=1&y=2');
  });

  it('knows the API’s own URLs from foreign ones', () => {
    expect(isApiUrl('/videos/v1/poster.jpg', '')).toBe(true);
    expect(isApiUrl('https://evil.example/x', '')).toBe(false);
    expect(isApiUrl('//evil.example/x', '')).toBe(false);
    expect(isApiUrl('http://api.test/videos', 'http://api.test')).toBe(true);
    expect(isApiUrl('http://api.test.evil/videos', 'http://api.test')).toBe(false);
  });
});

describe('list query helpers', () => {
  it('parses Content-Range in its three shapes and refuses junk', () => {
    expect(parseContentRange('videos 0-24/319')).toEqual({ start: 0, end: 24, total: 319 });
    expect(parseContentRange('videos */0')).toEqual({ start: null, end: null, total: 0 });
    expect(parseContentRange('playback-sessions 10-19/*')).toEqual({ start: 10, end: 19, total: null });
    expect(parseContentRange('bytes=0-1')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });

  it('sorts ASC only when asked, DESC otherwise, and omits sort without a field', () => {
    expect(simpleRestQuery({ sort: { field: 'title', order: 'ASC' } }).sort).toBe('["title","ASC"]');
    expect(simpleRestQuery({ sort: { field: 'title', order: 'desc' } }).sort).toBe('["title","DESC"]');
    expect(simpleRestQuery({}).sort).toBeUndefined();
    expect(simpleRestQuery({}).range).toBe('[0,24]');
  });

  it('clamps the audit page size to 1–1000', () => {
    expect(clampAuditLimit(0)).toBe(1);
    expect(clampAuditLimit(250.7)).toBe(250);
    expect(clampAuditLimit(10_000)).toBe(1000);
    expect(clampAuditLimit(undefined)).toBe(100);
  });

  it('turns dates into ISO instants and leaves junk for the API to refuse', () => {
    expect(toIsoInstant('2026-03-01T10:00:00+01:00')).toBe('2026-03-01T09:00:00.000Z');
    expect(toIsoInstant(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02T00:00:00.000Z');
    expect(toIsoInstant('yesterday-ish')).toBe('yesterday-ish');
    expect(toIsoInstant('')).toBeUndefined();
  });
});
