// Guarded playback end to end against PostgreSQL, Redis, the S3 server and FFmpeg: a real HLS
// client plays a fresh session; signed playlists, key delivery, segment headers and ranges, a
// growing playlist, the routes next to it; the audit of each decision.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@reelguard/audit';
import { decryptSegment, parseIv } from '@reelguard/media';
import { ObjectStorage } from '@reelguard/storage';
import { ContentKeys } from '@reelguard/videos';
import { encodeTestLadder, listeningUrl, publishTestVideo, type EncodedLadder } from '../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../test/harness.js';
import { binary, followPlaylists, startPlayback, watchAudit } from '../../test/stream-client.js';

const run = promisify(execFile);

describe('guarded playback', () => {
  let api: ApiHarness;
  let ladder: EncodedLadder;
  let video: string;
  let viewer: { id: string; token: string };
  let admin: string;
  let audit: AccessLogEntry[];

  beforeAll(async () => {
    api = await startApi();
    ladder = await encodeTestLadder({ durationSec: 4, segmentSec: 1 });
    video = await publishTestVideo(api, ladder, { title: 'Launch keynote' });
    viewer = await api.createUser('viewer');
    admin = await api.adminToken();
    audit = watchAudit(api);
  });
  afterAll(async () => {
    await ladder?.remove();
    await api?.close();
  });

  const since = (mark: number) => audit.slice(mark);

  it('starts a session: 201 with a root-relative manifest URL and the idle deadline', async () => {
    const mark = audit.length;
    const before = Date.now();
    const res = await api.http.post(`/videos/${video}/playback`).set('Authorization', `Bearer ${viewer.token}`);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      manifestUrl: expect.stringMatching(new RegExp(`^/videos/${video}/manifest\\.m3u8\\?token=[^&]+$`)),
      expiresAt: expect.any(String),
      hardExpiresAt: expect.any(String),
    });
    const idleMs = Date.parse(res.body.expiresAt) - before;
    expect(idleMs).toBeGreaterThanOrEqual(119_000);
    expect(idleMs).toBeLessThanOrEqual(121_000);
    expect(Date.parse(res.body.hardExpiresAt) - before).toBeGreaterThanOrEqual(4 * 3600_000 - 1000);
    expect(since(mark)).toEqual([
      expect.objectContaining({
        action: 'playback.start',
        outcome: 'granted',
        userId: viewer.id,
        sessionId: res.body.sessionId,
        videoId: video,
      }),
    ]);
  });

  it('an unmodified HLS client (ffprobe, ffmpeg) plays manifestUrl: full duration, every rendition, decodable media', async () => {
    const { manifestUrl } = await startPlayback(api, viewer.token, video);
    const url = `${await listeningUrl(api)}${manifestUrl}`;
    const probe = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_type,width,height',
      '-of',
      'json',
      url,
    ]);
    const info = JSON.parse(probe.stdout) as {
      format: { duration: string };
      streams: { codec_type: string; width?: number }[];
    };
    expect(Number(info.format.duration)).toBeCloseTo(ladder.durationSec, 1);
    expect(
      info.streams
        .filter((s) => s.codec_type === 'video')
        .map((s) => s.width)
        .sort(),
    ).toEqual([160, 320]);
    expect(info.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(2);
    // Every frame of both renditions decrypted through the key URI and decoded without an error.
    const frames = await run('ffprobe', [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v',
      '-show_entries',
      'stream=width,nb_read_frames',
      '-of',
      'json',
      url,
    ]);
    const counted = (JSON.parse(frames.stdout) as { streams: { width: number; nb_read_frames: string }[] }).streams;
    expect(counted.map((s) => [s.width, Number(s.nb_read_frames)]).sort()).toEqual([
      [160, 100],
      [320, 100],
    ]);
    const decode = await run('ffmpeg', [
      '-v',
      'error',
      '-xerror',
      '-i',
      url,
      '-map',
      '0:v',
      '-map',
      '0:a',
      '-f',
      'null',
      '-',
    ]);
    expect(decode.stderr).toBe('');
  });

  it('signs every URI, serves playlists and the key unstored-by-intermediaries, segments with exact lengths and a private lifetime', async () => {
    const mark = audit.length;
    const { manifestUrl, sessionId } = await startPlayback(api, viewer.token, video);
    const master = await api.http.get(manifestUrl);
    expect(master.status).toBe(200);
    expect(master.headers['content-type']).toMatch(/^application\/vnd\.apple\.mpegurl/);
    expect(master.headers['cache-control']).toBe('private, no-store');
    const view = await followPlaylists(api, manifestUrl);
    expect([...view.variants.keys()].sort()).toEqual(['180p', '90p']);
    expect([...view.urls.keys()].sort()).toEqual(
      ['key', '180p_init.mp4', '90p_init.mp4', ...ladder.segments.get('180p')!, ...ladder.segments.get('90p')!].sort(),
    );

    const playlist = await api.http.get(view.variants.get('180p')!);
    expect(playlist.headers['cache-control']).toBe('private, no-store');
    expect(playlist.text).toContain('#EXT-X-ENDLIST');
    // One key URI per playlist, so a player fetches the key once.
    expect(new Set([...playlist.text.matchAll(/URI="(key\?[^"]+)"/g)].map((m) => m[1])).size).toBe(1);

    const key = await api.http.get(view.urls.get('key')!).buffer(true).parse(binary);
    expect(key.status).toBe(200);
    expect(key.headers['content-type']).toBe('application/octet-stream');
    expect(key.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(key.body as Buffer, (await api.app.get(ContentKeys).get(video))!)).toBe(0);

    const init = await api.http.get(view.urls.get('180p_init.mp4')!).buffer(true).parse(binary);
    const stored = await api.app.get(ObjectStorage).getBuffer(`videos/${video}/hls/180p_init.mp4`);
    expect(init.status).toBe(200);
    expect(init.headers['content-type']).toBe('video/mp4');
    expect(Number(init.headers['content-length'])).toBe(stored.length);
    expect(Buffer.compare(init.body as Buffer, stored)).toBe(0);
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(init.headers['cache-control'])?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(api.config.PLAYBACK_IDLE_SEC);
    // The key and IV from the playlist decrypt the init section into an MP4 ('ftyp' box first).
    const iv = parseIv(/#EXT-X-KEY:[^\n]*IV=(0x[0-9A-F]{32})\n#EXT-X-MAP/.exec(playlist.text)![1]!);
    expect(
      decryptSegment(init.body as Buffer, key.body as Buffer, iv)
        .subarray(4, 8)
        .toString('latin1'),
    ).toBe('ftyp');

    const segment = view.urls.get(ladder.segments.get('180p')![1]!)!;
    const whole = await api.http.get(segment).buffer(true).parse(binary);
    const cached = await api.http.get(segment).buffer(true).parse(binary);
    expect(Buffer.compare(whole.body as Buffer, cached.body as Buffer)).toBe(0);
    const ranged = await api.http.get(segment).set('Range', 'bytes=16-47').buffer(true).parse(binary);
    expect(ranged.status).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 16-47/${(whole.body as Buffer).length}`);
    expect(Buffer.compare(ranged.body as Buffer, (whole.body as Buffer).subarray(16, 48))).toBe(0);
    expect((await api.http.get(segment).set('Range', 'bytes=99999999-')).status).toBe(416);

    const decisions = since(mark).filter((e) => e.sessionId === sessionId);
    expect(new Set(decisions.map((e) => `${e.action}:${e.outcome}`))).toEqual(
      new Set([
        'playback.start:granted',
        'manifest:granted',
        'playlist:granted',
        'key:granted',
        'segment:granted',
        'segment:denied',
      ]),
    );
    expect(decisions.find((e) => e.action === 'segment' && e.outcome === 'denied')?.reason).toBe('range_unsatisfiable');
    expect(decisions.find((e) => e.action === 'key')).toMatchObject({
      userId: viewer.id,
      videoId: video,
      resource: 'key',
      reason: null,
    });
  });

  it('re-reads a growing (EVENT) playlist on every request: nothing is cached', async () => {
    const growing = await publishTestVideo(api, ladder, { complete: false });
    const { manifestUrl } = await startPlayback(api, viewer.token, growing);
    const view = await followPlaylists(api, manifestUrl);
    const first = await api.http.get(view.variants.get('90p')!);
    expect(first.text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(first.text).not.toContain('#EXT-X-ENDLIST');
    const storage = api.app.get(ObjectStorage);
    const stored = (await storage.getBuffer(`videos/${growing}/hls/90p.m3u8`)).toString();
    await storage.putBuffer(
      `videos/${growing}/hls/90p.m3u8`,
      `${stored.replace('EVENT', 'VOD')}#EXT-X-ENDLIST\n`,
      'application/vnd.apple.mpegurl',
    );
    const reloaded = await api.http.get(view.variants.get('90p')!);
    expect(reloaded.status).toBe(200);
    expect(reloaded.text).toContain('#EXT-X-ENDLIST');
  });

  it('refuses to sign a stored playlist that points anywhere but at its own resources', async () => {
    const tampered = await publishTestVideo(api, ladder);
    const storage = api.app.get(ObjectStorage);
    const master = (await storage.getBuffer(`videos/${tampered}/hls/master.m3u8`)).toString();
    await storage.putBuffer(
      `videos/${tampered}/hls/master.m3u8`,
      master.replace('90p.m3u8', 'https://elsewhere.example/90p.m3u8'),
      'application/vnd.apple.mpegurl',
    );
    const { manifestUrl } = await startPlayback(api, viewer.token, tampered);
    const res = await api.http.get(manifestUrl);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('elsewhere');
    expect(res.text).not.toContain('token=');
  });

  it('keeps GET /videos/:id and GET /videos/:id/events as they were', async () => {
    const events = await api.http.get(`/videos/${video}/events`).set('Authorization', `Bearer ${admin}`);
    expect(events.status).toBe(200);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      'VideoUploaded',
      'TranscodeRequested',
      'TranscodeStarted',
      'VideoReady',
      'VideoPublished',
    ]);
    expect((await api.http.get(`/videos/${video}/events`)).status).toBe(401);
    expect((await api.http.get(`/videos/${video}/events?token=x`)).status).toBe(401);
    expect((await api.http.get(`/videos/${video}/events`).set('Authorization', `Bearer ${viewer.token}`)).status).toBe(
      403,
    );
    const one = await api.http.get(`/videos/${video}`).set('Authorization', `Bearer ${viewer.token}`);
    expect(one.body).toMatchObject({
      id: video,
      posterUrl: `/videos/${video}/artwork/poster.jpg`,
      storyboardUrl: `/videos/${video}/artwork/storyboard.vtt`,
    });
  });
});
