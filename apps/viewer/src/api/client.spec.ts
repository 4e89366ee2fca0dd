// The API client over a fake fetch: the Bearer header, list parameters, Content-Range totals,
// readable error messages, the sign-out signal on a refused token, and the API's clock.
import { describe, expect, it, vi } from 'vitest';
import { createApiClient, type FetchLike } from './client';
import { ApiError } from './errors';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    seen.push({ url, init });
    return respond(url, init);
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('api client', () => {
  it('sends the access token as a Bearer header on authenticated calls only', async () => {
    const { fetch, seen } = fakeFetch(() =>
      json(200, { accessToken: 't', expiresIn: 900, user: { id: 'u', email: 'e', role: 'viewer' } }),
    );
    const client = createApiClient({ fetch, getAccessToken: () => 'secret-token' });

    await client.login('ann@example.com', 'pw');
    await client.me();

    const loginHeaders = new Headers(seen[0]?.init.headers);
    expect(seen[0]?.url).toBe('/auth/login');
    expect(loginHeaders.get('Authorization')).toBeNull();
    const body = seen[0]?.init.body;
    expect(typeof body === 'string' ? JSON.parse(body) : body).toEqual({ email: 'ann@example.com', password: 'pw' });
    expect(new Headers(seen[1]?.init.headers).get('Authorization')).toBe('Bearer secret-token');
  });

  it('lists videos with the filter, range and sort parameters and reads the total from Content-Range', async () => {
    const { fetch, seen } = fakeFetch(() =>
      json(200, [{ id: 'a' }, { id: 'b' }], { 'Content-Range': 'videos 0-1/57' }),
    );
    const client = createApiClient({ fetch, getAccessToken: () => 't' });

    const page = await client.listVideos({ q: '  cats ', from: 0, to: 47 });

    const url = new URL(seen[0]?.url ?? '', 'http://viewer.test');
    expect(url.pathname).toBe('/videos');
    expect(url.searchParams.get('filter')).toBe('{"q":"cats"}');
    expect(url.searchParams.get('range')).toBe('[0,47]');
    expect(url.searchParams.get('sort')).toBe('["createdAt","DESC"]');
    expect(page.total).toBe(57);
    expect(page.items.map((video) => video.id)).toEqual(['a', 'b']);
  });

  it('sends an empty filter without a search term and falls back to the page length without Content-Range', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, [{ id: 'a' }]));
    const page = await createApiClient({ fetch, getAccessToken: () => 't' }).listVideos({ q: ' ', from: 0, to: 47 });
    expect(new URL(seen[0]?.url ?? '', 'http://x').searchParams.get('filter')).toBe('{}');
    expect(page.total).toBe(1);
  });

  it('puts the API message into the error, joining a list of validation messages', async () => {
    const responses = [
      json(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password.' }),
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: ['email must be an email', 'password is too short'],
      }),
    ];
    const { fetch } = fakeFetch(() => responses.shift() ?? json(500, {}));
    const client = createApiClient({ fetch, getAccessToken: () => null });

    const wrongPassword = await rejection(client.login('a@b.c', 'x'));
    expect(wrongPassword).toMatchObject({
      status: 401,
      message: 'Wrong email or password.',
      errorName: 'Unauthorized',
    });
    const invalid = await rejection(client.login('nope', ''));
    expect(invalid.message).toBe('email must be an email; password is too short');
  });

  it('falls back to a readable message when the body is not the API error shape', async () => {
    const responses = [new Response('<html>Bad gateway</html>', { status: 502 }), new Response('', { status: 429 })];
    const { fetch } = fakeFetch(() => responses.shift() ?? json(500, {}));
    const client = createApiClient({ fetch, getAccessToken: () => 't' });

    expect((await rejection(client.me())).message).toBe('Something went wrong on our side. Try again shortly.');
    expect((await rejection(client.me())).message).toBe('Too many requests. Wait a moment and try again.');
  });

  it('reports a network failure as status 0 with a message about the connection', async () => {
    const client = createApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      getAccessToken: () => 't',
    });
    const error = await rejection(client.me());
    expect(error.status).toBe(0);
    expect(error.isNetworkFailure).toBe(true);
    expect(error.message).toMatch(/Cannot reach Reelguard/);
  });

  it('signals a refused access token, but not a failed sign-in', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(() => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Token expired.' }));
    const client = createApiClient({ fetch, getAccessToken: () => 't', onUnauthorized });

    await rejection(client.login('a@b.c', 'wrong'));
    expect(onUnauthorized).not.toHaveBeenCalled();
    await rejection(client.getVideo('v1'));
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('ends a playback session with a keepalive DELETE and encodes ids in paths', async () => {
    const { fetch, seen } = fakeFetch(() => new Response(null, { status: 204 }));
    await createApiClient({ fetch, getAccessToken: () => 't' }).endSession('a/b');
    expect(seen[0]?.url).toBe('/playback-sessions/a%2Fb');
    expect(seen[0]?.init).toMatchObject({ method: 'DELETE', keepalive: true });
  });

  it('fetches protected assets with the token, and never sends the token to another origin', async () => {
    const { fetch, seen } = fakeFetch(() => new Response('WEBVTT\n', { status: 200 }));
    const client = createApiClient({ fetch, getAccessToken: () => 't' });

    expect(await client.fetchText('/videos/v1/storyboard.vtt')).toBe('WEBVTT\n');
    expect(new Headers(seen[0]?.init.headers).get('Authorization')).toBe('Bearer t');

    for (const foreign of ['https://evil.example/x.jpg', '//evil.example/x.jpg', 'relative.jpg']) {
      expect((await rejection(client.fetchBlob(foreign))).status).toBe(400);
    }
    expect(seen).toHaveLength(1);
  });

  it("reads the API's clock from the Date header of every answer, refusals included", async () => {
    const ahead = Date.now() + 60_000;
    const { fetch } = fakeFetch(() =>
      json(410, { statusCode: 410, error: 'Gone', message: 'ended' }, { Date: new Date(ahead).toUTCString() }),
    );
    const client = createApiClient({ fetch, getAccessToken: () => 't' });
    expect(client.serverClockOffsetMs()).toBeNull();

    expect((await rejection(client.heartbeat('s1'))).status).toBe(410);
    const offset = client.serverClockOffsetMs() ?? 0;
    expect(offset).toBeGreaterThan(58_000);
    expect(offset).toBeLessThanOrEqual(60_000);
  });
});
