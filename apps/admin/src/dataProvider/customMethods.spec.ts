// Unit tests of the custom data-provider methods: which route each calls, what it sends, and
// how it reads the answer (including the statistics route being absent).
import { describe, expect, it } from 'vitest';
import { apiError, fakeFetch, json, on, queryOf, type FakeRoute } from '../test-support/fakeFetch';
import { createDataProvider } from './index';

function provider(...routes: FakeRoute[]) {
  const api = fakeFetch(...routes);
  return { api, dataProvider: createDataProvider({ fetch: api.fetch, getToken: () => 'tok' }) };
}

const readyVideo = { id: 'v1', title: 'T', status: 'ready', progress: 100, published: true, renditions: [] };

describe('video commands', () => {
  it('publishes and unpublishes with POST /videos/:id/publish|unpublish', async () => {
    const { api, dataProvider } = provider((request) => (request.method === 'POST' ? json(readyVideo) : undefined));
    const published = await dataProvider.publish('v1');
    await dataProvider.unpublish('v1');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /videos/v1/publish',
      'POST /videos/v1/unpublish',
    ]);
    expect(published.data).toMatchObject({ id: 'v1', published: true });
  });

  it('passes on the 409 refusal to publish a video that is not ready', async () => {
    const { dataProvider } = provider(
      on('POST', '/videos/v1/publish', () => apiError(409, 'Only ready videos can be published.')),
    );
    await expect(dataProvider.publish('v1')).rejects.toMatchObject({
      status: 409,
      message: 'Only ready videos can be published.',
    });
  });

  it('reads the event history, oldest first as sent', async () => {
    const { dataProvider } = provider(
      on('GET', '/videos/v1/events', () =>
        json([
          {
            version: 1,
            type: 'VideoUploaded',
            occurredAt: '2026-03-01T10:00:00Z',
            actor: 'admin@x.test',
            data: { size: 10 },
          },
          {
            version: 2,
            type: 'TranscodeStarted',
            occurredAt: '2026-03-01T10:00:01Z',
            actor: { id: 'worker' },
            data: {},
          },
        ]),
      ),
    );
    const { data } = await dataProvider.videoEvents('v1');
    expect(data).toEqual([
      {
        version: 1,
        type: 'VideoUploaded',
        occurredAt: '2026-03-01T10:00:00Z',
        actor: 'admin@x.test',
        data: { size: 10 },
      },
      { version: 2, type: 'TranscodeStarted', occurredAt: '2026-03-01T10:00:01Z', actor: 'worker', data: {} },
    ]);
  });
});

describe('playback sessions for the preview', () => {
  it('starts a session, heartbeats it and ends it', async () => {
    const { api, dataProvider } = provider(
      on('POST', '/videos/v1/playback', () =>
        json(
          { sessionId: 's1', manifestUrl: '/videos/v1/manifest.m3u8?token=abc', expiresAt: '2026-03-01T10:02:00Z' },
          201,
        ),
      ),
      on('POST', '/playback-sessions/s1/heartbeat', () => json({ expiresAt: '2026-03-01T10:04:00Z' })),
      on('DELETE', '/playback-sessions/s1', () => new Response(null, { status: 204 })),
    );

    const started = await dataProvider.startPlayback('v1');
    const beat = await dataProvider.heartbeat('s1');
    await dataProvider.endPlayback('s1');

    expect(started.data).toEqual({
      sessionId: 's1',
      manifestUrl: '/videos/v1/manifest.m3u8?token=abc',
      expiresAt: '2026-03-01T10:02:00Z',
    });
    expect(beat.data.expiresAt).toBe('2026-03-01T10:04:00Z');
    expect(api.requests.every((r) => r.headers.get('authorization') === 'Bearer tok')).toBe(true);
  });

  it('reports a dead session’s heartbeat as an error with its status, so the player can start anew', async () => {
    const { dataProvider } = provider(
      on('POST', '/playback-sessions/s1/heartbeat', () => apiError(404, 'Session not found.')),
    );
    await expect(dataProvider.heartbeat('s1')).rejects.toMatchObject({ status: 404 });
  });
});

describe('audit trail', () => {
  it('verifies a range with GET /audit/verify?from&to', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/audit/verify', () => json({ ok: false, checked: 42, firstMismatch: { batch: 7 } })),
    );
    const { data } = await dataProvider.verifyAudit({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' });
    expect(queryOf(api.only())).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(data).toEqual({ ok: false, checked: 42, firstMismatch: { batch: 7 } });
  });

  it('keeps the coverage figures the API adds to a verification', async () => {
    const { dataProvider } = provider(
      on('GET', '/audit/verify', () =>
        json({ ok: true, checked: 2, entries: 340, sealedThrough: '2026-03-01T10:00:00.000Z', unsealed: 5 }),
      ),
    );
    await expect(dataProvider.verifyAudit()).resolves.toEqual({
      data: { ok: true, checked: 2, entries: 340, sealedThrough: '2026-03-01T10:00:00.000Z', unsealed: 5 },
    });
  });

  it('verifies everything sealed when no range is given', async () => {
    const { api, dataProvider } = provider(on('GET', '/audit/verify', () => json({ ok: true, checked: 3 })));
    await expect(dataProvider.verifyAudit()).resolves.toEqual({ data: { ok: true, checked: 3 } });
    expect(api.only().url).toBe('/audit/verify');
  });

  it('reads hourly statistics, and answers null when the route does not exist', async () => {
    const withStats = provider(
      on('GET', '/audit/stats', () => json([{ at: '2026-03-01T10:00:00Z', granted: 5, denied: 1 }])),
    );
    await expect(withStats.dataProvider.auditStats({ from: '2026-03-01T00:00:00Z' })).resolves.toEqual({
      data: [{ at: '2026-03-01T10:00:00Z', granted: 5, denied: 1 }],
    });
    expect(queryOf(withStats.api.only())).toEqual({ from: '2026-03-01T00:00:00.000Z', bucket: 'hour' });

    const filtered = provider(on('GET', '/audit/stats', () => json([])));
    await filtered.dataProvider.auditStats({ action: 'segment', outcome: 'denied', videoId: ' v1 ', bucket: 'day' });
    expect(queryOf(filtered.api.only())).toEqual({
      action: 'segment',
      outcome: 'denied',
      videoId: 'v1',
      bucket: 'day',
    });

    const without = provider(on('GET', '/audit/stats', () => apiError(404, 'Cannot GET /audit/stats')));
    await expect(without.dataProvider.auditStats()).resolves.toEqual({ data: null });
  });

  it('still fails on statistics errors other than 404', async () => {
    const { dataProvider } = provider(on('GET', '/audit/stats', () => apiError(403, 'Forbidden resource')));
    await expect(dataProvider.auditStats()).rejects.toMatchObject({ status: 403 });
  });

  it('exports with the format and the same filters as the list', async () => {
    const { api, dataProvider } = provider(
      on(
        'GET',
        '/audit/access-logs/export',
        () => new Response('id,at\n1,2026', { headers: { 'content-type': 'text/csv' } }),
      ),
    );
    const { data } = await dataProvider.exportAuditLogs('csv', { outcome: 'denied', videoId: 'v1', action: '' });
    expect(queryOf(api.only())).toEqual({ format: 'csv', outcome: 'denied', videoId: 'v1' });
    expect(api.only().headers.get('authorization')).toBe('Bearer tok');
    await expect(data.text()).resolves.toBe('id,at\n1,2026');
  });
});

describe('transcode jobs and dashboard figures', () => {
  it('reads job counts, failed jobs and retries one', async () => {
    const { api, dataProvider } = provider(
      on('GET', '/jobs/transcode/counts', () => json({ waiting: 1, active: 2, failed: 3, completed: 4, delayed: 0 })),
      on('GET', '/jobs/transcode/failed', () =>
        json([
          {
            id: 'j1',
            data: { videoId: 'v1' },
            failedReason: 'ffmpeg exited 1',
            attemptsMade: 3,
            finishedOn: 1_700_000_000_000,
          },
        ]),
      ),
      on('POST', '/jobs/transcode/j1/retry', () => new Response(null, { status: 204 })),
    );

    await expect(dataProvider.jobCounts()).resolves.toEqual({
      data: { waiting: 1, active: 2, failed: 3, completed: 4, delayed: 0 },
    });
    await expect(dataProvider.failedJobs()).resolves.toEqual({
      data: [
        { id: 'j1', videoId: 'v1', failedReason: 'ffmpeg exited 1', attemptsMade: 3, finishedOn: 1_700_000_000_000 },
      ],
    });
    await dataProvider.retryJob('j1');
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', url: '/jobs/transcode/j1/retry' });
  });

  it('counts videos per status from Content-Range totals of one-row pages', async () => {
    const totals: Record<string, number> = { uploaded: 1, processing: 2, ready: 30, failed: 4 };
    const { api, dataProvider } = provider(
      on('GET', '/videos', (request) => {
        const filter = JSON.parse(queryOf(request).filter ?? '{}') as { status?: string; published?: boolean };
        const total = filter.published ? 12 : (totals[filter.status ?? ''] ?? 0);
        return json([], 200, { 'Content-Range': `videos */${total}` });
      }),
    );

    const { data } = await dataProvider.videoCounts();

    expect(data).toEqual({ uploaded: 1, processing: 2, ready: 30, failed: 4, published: 12 });
    expect(api.requests.every((r) => queryOf(r).range === '[0,0]')).toBe(true);
  });
});

describe('authenticated downloads', () => {
  it('sends the token to the API’s own root-relative files', async () => {
    const { api, dataProvider } = provider(on('GET', '/videos/v1/poster.jpg', () => new Response(new Uint8Array([1]))));
    await dataProvider.fetchBlob('/videos/v1/poster.jpg');
    expect(api.only().headers.get('authorization')).toBe('Bearer tok');
  });

  it('never sends the token to another origin', async () => {
    const { api, dataProvider } = provider(() => new Response(new Uint8Array([1])));
    await dataProvider.fetchBlob('https://cdn.example.com/poster.jpg');
    await dataProvider.fetchBlob('//cdn.example.com/poster.jpg');
    expect(api.requests.map((r) => r.headers.get('authorization'))).toEqual([null, null]);
  });
});
