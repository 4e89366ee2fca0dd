import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSegment, parsePlaylist, segmentIvDeriver } from '@reelguard/media';
import { ObjectStorage } from '@reelguard/storage';
import { generateTestVideo, generateTextFile, generateTruncatedMp4, type GeneratedMedia } from '@reelguard/testing';
import { ContentKeys } from '@reelguard/videos';
import { startApi, type ApiHarness } from '../../../api/test/harness.js';
import { startWorker } from '../../test/harness.js';

const exec = promisify(execFile);

describe('transcoding an upload end to end (API, worker, FFmpeg, S3)', () => {
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let admin: string;
  let storage: ObjectStorage;
  const media: GeneratedMedia[] = [];

  beforeAll(async () => {
    api = await startApi({ HLS_SEGMENT_SEC: '2', FFMPEG_PRESET: 'ultrafast' });
    worker = await startWorker(api.config);
    admin = await api.adminToken();
    storage = api.app.get(ObjectStorage);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await Promise.all(media.map((m) => m.remove()));
  });

  async function uploadAndWait(
    file: GeneratedMedia,
    until: (v: { status: string; progress: number }) => boolean,
    title = 'clip',
  ) {
    media.push(file);
    const res = await api.http
      .post('/videos/upload')
      .set('Authorization', `Bearer ${admin}`)
      .field('title', title)
      .attach('file', file.path, 'clip.mp4');
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const video = await api.http.get(`/videos/${id}`).set('Authorization', `Bearer ${admin}`);
      if (until(video.body)) return { id, video: video.body };
      if (Date.now() > deadline) throw new Error(`video ${id} stuck: ${JSON.stringify(video.body)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('turns a landscape clip into encrypted adaptive HLS and records its lifecycle', async () => {
    const { id, video } = await uploadAndWait(
      await generateTestVideo({ durationSec: 5, width: 640, height: 360 }),
      (v) => v.progress === 100,
    );
    expect(video).toMatchObject({ status: 'ready', progress: 100 });
    expect(video.durationSec).toBeCloseTo(5, 0);
    expect(video.renditions.map((r: { name: string }) => r.name)).toEqual(['360p', '240p']);
    expect(video.posterUrl).toBe(`/videos/${id}/artwork/poster.jpg`);

    const events = await api.http.get(`/videos/${id}/events`).set('Authorization', `Bearer ${admin}`);
    const types: string[] = events.body.map((e: { type: string }) => e.type);
    expect(types.slice(0, 3)).toEqual(['VideoUploaded', 'TranscodeRequested', 'TranscodeStarted']);
    expect(types.indexOf('VideoReady')).toBeLessThan(types.indexOf('RenditionReady'));
    expect(types.filter((t) => t === 'RenditionReady')).toHaveLength(2);
    expect(types.at(-1)).toBe('TranscodeProgressed');
    expect(events.body.at(-1).data).toEqual({ percent: 100 });
    expect(new Set(events.body.map((e: { correlationId: string }) => e.correlationId)).size).toBe(1);

    const names = (await storage.list(`videos/${id}/hls/`)).map((o) => o.key.slice(`videos/${id}/hls/`.length)).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'master.m3u8',
        '360p.m3u8',
        '360p_init.mp4',
        '240p.m3u8',
        'poster.jpg',
        'storyboard.jpg',
        'storyboard.vtt',
      ]),
    );
    expect(names.some((n) => n.includes('key'))).toBe(false);

    const master = (await storage.getBuffer(`videos/${id}/hls/master.m3u8`)).toString();
    expect(master).toMatch(
      /BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=640x360,CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",FRAME-RATE=25\.000/,
    );

    // The key from the database decrypts the stored segments into media ffprobe accepts, of the source's duration.
    const key = (await api.app.get(ContentKeys).get(id))!;
    expect(key).toHaveLength(16);
    const variant = parsePlaylist((await storage.getBuffer(`videos/${id}/hls/360p.m3u8`)).toString());
    if (variant.type !== 'media') throw new Error('expected a media playlist');
    expect(variant.endList).toBe(true);
    const ivFor = segmentIvDeriver(key);
    const dir = await mkdtemp(join(tmpdir(), 'reelguard-check-'));
    try {
      const parts = [
        decryptSegment(await storage.getBuffer(`videos/${id}/hls/360p_init.mp4`), key, ivFor('360p_init.mp4')),
      ];
      for (const segment of variant.segments) {
        parts.push(decryptSegment(await storage.getBuffer(`videos/${id}/hls/${segment.uri}`), key, ivFor(segment.uri)));
      }
      await writeFile(join(dir, 'joined.mp4'), Buffer.concat(parts));
      const { stdout } = await exec('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'format=duration:stream=codec_name,width',
        '-of',
        'json',
        join(dir, 'joined.mp4'),
      ]);
      const probe = JSON.parse(stdout);
      expect(Number(probe.format.duration)).toBeGreaterThan(3);
      expect(Math.abs(Number(probe.format.duration) - 5)).toBeLessThanOrEqual(2);
      expect(probe.streams.map((s: { codec_name: string }) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a text file named .mp4 at upload, before the worker sees it', async () => {
    const text = await generateTextFile({ content: 'just some words, not a video\n' });
    media.push(text);
    const res = await api.http
      .post('/videos/upload')
      .set('Authorization', `Bearer ${admin}`)
      .attach('file', text.path, 'clip.mp4');
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/text, not a video/);
  });

  it('fails random bytes named .mp4 with a readable reason and removes the source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reelguard-noise-'));
    const path = join(dir, 'noise.mp4');
    await writeFile(path, randomBytes(64 * 1024));
    const { id, video } = await uploadAndWait(
      { path, dir, remove: () => rm(dir, { recursive: true, force: true }) },
      (v) => v.status === 'failed',
    );
    expect(video.error).toMatch(/could not be read as a video/);
    expect(await storage.list(`videos/${id}/`)).toEqual([]);
  });

  it('fails a truncated MP4 and leaves nothing in storage', async () => {
    const { id, video } = await uploadAndWait(await generateTruncatedMp4({}), (v) => v.status === 'failed');
    expect(video.error).toBeTruthy();
    expect(video.error).not.toMatch(/\/tmp|\/work|source/);
    expect(await storage.list(`videos/${id}/`)).toEqual([]);
  });

  it('refuses an MP4 whose index survived but whose end is missing: the decode check beside the encode stops it before ready', async () => {
    const cut = await generateTruncatedMp4({ keepFraction: 0.6, faststart: true });
    const { id, video } = await uploadAndWait(cut, (v) => v.status === 'failed' || v.status === 'ready');
    expect(video.status).toBe('failed');
    expect(video.error).toBe('The video could not be decoded; the file may be truncated or damaged.');
    const events = await api.http.get(`/videos/${id}/events`).set('Authorization', `Bearer ${admin}`);
    expect((events.body as { type: string }[]).map((e) => e.type)).not.toContain('VideoReady');
    expect(await storage.list(`videos/${id}/`)).toEqual([]);
  });
});
