// Unit tests of the data provider's CRUD mapping against a fake API: URLs and query strings per
// resource, Content-Range totals, the audit trail's cursor pages, and what is sent on writes.
import { describe, expect, it } from 'vitest';
import { apiError, fakeFetch, json, on, queryOf, type FakeRoute } from '../test-support/fakeFetch';
import { createDataProvider } from './index';

const video = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Video ${id}`,
  description: null,
  status: 'ready',
  progress: 100,
  published: false,
  durationSec: 12.5,
  renditions: [{ name: '720p', width: 1280, height: 720, bandwidth: 2_800_000 }],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:05:00.000Z',
  ...extra,
});

function provider(...routes: FakeRoute[]) {
  const api = fakeFetch(...routes);
  const dataProvider = createDataProvider({ fetch: api.fetch, getToken: () => 'access-token' });
  return { api, dataProvider };
}

describe('getList with simple-rest conventions', () => {
  it('asks GET /videos with filter, range and sort, and reads the total from Content-Range', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/videos', () => json([video('a'), video('b')], 200, { 'Content-Range': 'videos 0-24/319' })),
    );

    const result = await dataProvider.getList('videos', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'createdAt', order: 'DESC' },
      filter: { q: 'cats', status: 'processing', published: false, empty: '' },
    });

    const request = api.only();
    expect(new URL(request.url, 'http://x').pathname).toBe('/videos');
    expect(queryOf(request)).toEqual({
      filter: '{"q":"cats","status":"processing","published":false}',
      range: '[0,24]',
      sort: '["createdAt","DESC"]',
    });
    expect(request.headers.get('authorization')).toBe('Bearer access-token');
    expect(result.total).toBe(319);
    expect(result.data.map((record) => record.id)).toEqual(['a', 'b']);
    expect(result.data[0]).toMatchObject({ status: 'ready', renditions: [{ name: '720p' }] });
  });

  it('turns page and perPage into an inclusive range', async () => {
    const { api, dataProvider } = provider(on('GET', '/users', () => json([], 200, { 'Content-Range': 'users */0' })));

    const result = await dataProvider.getList('users', {
      pagination: { page: 3, perPage: 10 },
      sort: { field: 'email', order: 'ASC' },
      filter: {},
    });

    expect(queryOf(api.only())).toMatchObject({ range: '[20,29]', sort: '["email","ASC"]', filter: '{}' });
    expect(result.total).toBe(0);
  });

  it('maps sessions to GET /playback-sessions and reads nested user and video', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/playback-sessions', () =>
        json(
          [
            {
              sessionId: 's1',
              user: { id: 'u1', email: 'v@x.test' },
              video: { id: 'v1', title: 'Intro' },
              createdAt: '2026-03-01T10:00:00Z',
              lastHeartbeatAt: '2026-03-01T10:01:00Z',
              ip: '10.0.0.7',
            },
          ],
          200,
          { 'Content-Range': 'sessions 0-0/1' },
        ),
      ),
    );

    const { data, total } = await dataProvider.getList('sessions', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'startedAt', order: 'DESC' },
      filter: {},
    });

    expect(new URL(api.only().url, 'http://x').pathname).toBe('/playback-sessions');
    expect(queryOf(api.only()).sort).toBeUndefined();
    expect(total).toBe(1);
    expect(data[0]).toEqual({
      id: 's1',
      userId: 'u1',
      userEmail: 'v@x.test',
      videoId: 'v1',
      videoTitle: 'Intro',
      startedAt: '2026-03-01T10:00:00Z',
      lastSeenAt: '2026-03-01T10:01:00Z',
      expiresAt: null,
      ip: '10.0.0.7',
    });
  });

  it('leaves out a sort the route does not offer, so the API’s own order applies', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/videos', () => json([], 200, { 'Content-Range': 'videos */0' })),
    );
    await dataProvider.getList('videos', { sort: { field: 'published', order: 'ASC' }, filter: {} });
    await dataProvider.getList('videos', { sort: { field: 'title', order: 'ASC' }, filter: {} });
    expect(api.requests.map((request) => queryOf(request).sort)).toEqual([undefined, '["title","ASC"]']);
  });

  it('falls back to the rows received when a route sends no Content-Range', async () => {
    const { dataProvider } = provider(
      on('GET', '/users', () => json([{ id: 'u1', email: 'a@x.test', role: 'admin' }])),
    );
    const result = await dataProvider.getList('users', { pagination: { page: 2, perPage: 25 }, filter: {} });
    expect(result.total).toBe(26);
  });
});

describe('getList for the audit trail (cursor pages)', () => {
  const entry = { id: 'e1', at: '2026-03-01T10:00:00Z', action: 'segment', outcome: 'denied', reason: 'token expired' };

  it('sends every filter as a query parameter, the page size as limit and the cursor from meta', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/audit/access-logs', () => json({ items: [entry], nextCursor: 'c-2' })),
    );

    const result = await dataProvider.getList('audit-logs', {
      pagination: { page: 1, perPage: 50 },
      filter: {
        videoId: ' v1 ',
        userId: 'u1',
        sessionId: 's1',
        action: 'segment',
        outcome: 'denied',
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-02T00:00:00.000Z',
      },
      meta: { cursor: 'c-1' },
    });

    const request = api.only();
    expect(new URL(request.url, 'http://x').pathname).toBe('/audit/access-logs');
    expect(queryOf(request)).toEqual({
      videoId: 'v1',
      userId: 'u1',
      sessionId: 's1',
      action: 'segment',
      outcome: 'denied',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
      limit: '50',
      cursor: 'c-1',
    });
    expect(result.data).toEqual([
      expect.objectContaining({ id: 'e1', action: 'segment', outcome: 'denied', reason: 'token expired' }),
    ]);
    expect(result.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
    expect(result.meta).toEqual({ nextCursor: 'c-2' });
    expect(result.total).toBeUndefined();
  });

  it('leaves out empty filters and the cursor on the first page', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/audit/access-logs', () => json({ items: [], nextCursor: null })),
    );

    const result = await dataProvider.getList('audit-logs', {
      pagination: { page: 1, perPage: 5000 },
      filter: { videoId: '', outcome: '', action: undefined },
    });

    expect(queryOf(api.only())).toEqual({ limit: '1000' });
    expect(result.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false });
    expect(result.meta).toEqual({ nextCursor: null });
  });
});

describe('getOne, update, create and delete', () => {
  it('reads one video by id, escaping the id', async () => {
    const { api, dataProvider } = provider(on('GET', '/videos/a%2Fb', () => json(video('a/b'))));
    const { data } = await dataProvider.getOne('videos', { id: 'a/b' });
    expect(api.only().url).toBe('/videos/a%2Fb');
    expect(data.id).toBe('a/b');
  });

  it('PATCHes only title and description of a video', async () => {
    const { api, dataProvider } = provider(on('PATCH', '/videos/v1', () => json(video('v1', { title: 'New' }))));

    const { data } = await dataProvider.update('videos', {
      id: 'v1',
      data: { ...video('v1'), title: 'New', description: 'About it', status: 'failed', published: true },
      previousData: video('v1'),
    });

    const request = api.only();
    expect(request.method).toBe('PATCH');
    expect(JSON.parse(String(request.body))).toEqual({ title: 'New', description: 'About it' });
    expect(data.title).toBe('New');
  });

  it('PATCHes a user’s role and disabled flag only, and merges when the API answers 204', async () => {
    const { api, dataProvider } = provider(on('PATCH', '/users/u1', () => new Response(null, { status: 204 })));
    const previousData = { id: 'u1', email: 'a@x.test', role: 'viewer', disabled: false };

    const { data } = await dataProvider.update('users', {
      id: 'u1',
      data: { email: 'changed@x.test', role: 'auditor', disabled: true },
      previousData,
    });

    expect(JSON.parse(String(api.only().body))).toEqual({ role: 'auditor', disabled: true });
    expect(data).toEqual({ id: 'u1', email: 'a@x.test', role: 'auditor', disabled: true, createdAt: undefined });
  });

  it('creates a user with POST /users {email, password, role}', async () => {
    const { api, dataProvider } = provider(
      on('POST', '/users', () => json({ id: 'u9', email: 'new@x.test', role: 'auditor' }, 201)),
    );
    const { data } = await dataProvider.create('users', {
      data: { email: 'new@x.test', password: 'long enough pw', role: 'auditor' },
    });
    expect(JSON.parse(String(api.only().body))).toEqual({
      email: 'new@x.test',
      password: 'long enough pw',
      role: 'auditor',
    });
    expect(data).toMatchObject({ id: 'u9', role: 'auditor' });
  });

  it('creates a video as a multipart upload to POST /videos/upload', async () => {
    const { api, dataProvider } = provider(
      on('POST', '/videos/upload', () => json({ id: 'v7', status: 'uploaded' }, 202)),
    );
    const file = new File([new Uint8Array([1, 2, 3])], 'clip.mp4', { type: 'video/mp4' });

    const { data } = await dataProvider.create('videos', { data: { file, title: ' Clip ' } });

    const body = api.only().body;
    expect(body).toBeInstanceOf(FormData);
    const form = body as FormData;
    expect(form.get('title')).toBe('Clip');
    expect((form.get('file') as File).name).toBe('clip.mp4');
    expect(api.only().headers.get('content-type')).toBeNull();
    expect(data).toMatchObject({ id: 'v7', status: 'uploaded' });
  });

  it('deletes a video with DELETE /videos/:id and revokes a session with DELETE /playback-sessions/:id', async () => {
    const { api, dataProvider } = provider((request) =>
      request.method === 'DELETE' ? new Response(null, { status: 204 }) : undefined,
    );
    await dataProvider.delete('videos', { id: 'v1', previousData: video('v1') });
    await dataProvider.delete('sessions', { id: 's1' });
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /videos/v1',
      'DELETE /playback-sessions/s1',
    ]);
  });

  it('reports how many of a bulk delete failed, with the first reason and status', async () => {
    const { dataProvider } = provider(
      on('DELETE', '/videos/bad', () => apiError(409, 'Video is being transcoded.')),
      (request) => (request.method === 'DELETE' ? new Response(null, { status: 204 }) : undefined),
    );
    await expect(dataProvider.deleteMany('videos', { ids: ['ok1', 'bad', 'ok2'] })).rejects.toMatchObject({
      message: '1 of 3 could not be deleted: Video is being transcoded.',
      status: 409,
    });
  });

  it('refuses writes the API does not offer, without calling it', async () => {
    const { api, dataProvider } = provider();
    await expect(dataProvider.delete('audit-logs', { id: 'e1' })).rejects.toThrow(/cannot be deleted/);
    await expect(dataProvider.delete('users', { id: 'u1' })).rejects.toThrow(/cannot be deleted/);
    await expect(dataProvider.getList('nonsense', {})).rejects.toThrow(/Unknown resource/);
    expect(api.requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('shows the API’s message and keeps the status for the auth provider', async () => {
    const { dataProvider } = provider(on('GET', '/videos/v1', () => apiError(404, 'No such video.', 'Not Found')));
    await expect(dataProvider.getOne('videos', { id: 'v1' })).rejects.toMatchObject({
      name: 'ApiError',
      message: 'No such video.',
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'No such video.' },
    });
  });

  it('joins validation messages sent as a list', async () => {
    const { dataProvider } = provider(
      on('POST', '/users', () => apiError(400, ['email must be an email', 'password is too weak'])),
    );
    await expect(dataProvider.create('users', { data: { email: 'x' } })).rejects.toThrow(
      'email must be an email; password is too weak',
    );
  });
});
