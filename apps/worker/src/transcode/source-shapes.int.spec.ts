// Every shape of source an admin may upload, through the real upload route, the worker, FFmpeg
// and S3: each ends in the right event and status; what is ready plays through the guarded
// streaming routes (the key named in each playlist decrypts every segment into media ffprobe
// accepts, as long as the source); what is refused leaves nothing in storage.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSegment, parseIv, parsePlaylist } from '@reelguard/media';
import { ObjectStorage } from '@reelguard/storage';
import {
  generateAudioOnly,
  generateConcatListSource,
  generateHlsPlaylistSource,
  generateMp4WithSmuggledPlaylist,
  generateOneFrameVideo,
  generateStillImage,
  generateTestVideo,
  type GeneratedMedia,
} from '@reelguard/testing';
import { startApi, type ApiHarness } from '../../../api/test/harness.js';
import { binary, resolveUri, startPlayback } from '../../../api/test/stream-client.js';
import { startWorker } from '../../test/harness.js';

const exec = promisify(execFile);
const SEGMENT_SEC = 2;

interface VideoBody {
  id: string;
  status: string;
  progress: number;
  error?: string;
  durationSec: number;
  renditions: { name: string; width: number; height: number; bandwidth: number }[];
}

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  side_data_list?: { rotation?: number }[];
}

interface PlayedRendition {
  name: string;
  resolution: string | null;
  codecs: string | null;
  frameRate: number | null;
  durationSec: number;
  streams: ProbedStream[];
  /** decrypted init section and segments, joined */
  bytes: Buffer;
}

async function probe(path: string): Promise<{ durationSec: number; streams: ProbedStream[] }> {
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name,width,height,pix_fmt:stream_side_data=rotation',
    '-of',
    'json',
    path,
  ]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: ProbedStream[] };
  return { durationSec: Number(parsed.format.duration), streams: parsed.streams };
}

/** Width and height as shown, after any display rotation. */
function shown(stream: ProbedStream): { width: number; height: number } {
  const rotation = Math.abs(stream.side_data_list?.find((s) => s.rotation !== undefined)?.rotation ?? 0);
  return rotation % 180 === 90
    ? { width: stream.height!, height: stream.width! }
    : { width: stream.width!, height: stream.height! };
}

// Each test waits for a real transcode; a busy machine can take several times longer than an idle one.
describe('transcoding sources of every shape (API, worker, FFmpeg, S3)', { timeout: 150_000 }, () => {
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let admin: string;
  let storage: ObjectStorage;
  let scratch: string;
  const media: GeneratedMedia[] = [];

  beforeAll(async () => {
    api = await startApi({ HLS_SEGMENT_SEC: String(SEGMENT_SEC), FFMPEG_PRESET: 'ultrafast' });
    worker = await startWorker(api.config);
    admin = await api.adminToken();
    storage = api.app.get(ObjectStorage);
    scratch = await mkdtemp(join(tmpdir(), 'reelguard-shapes-'));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await Promise.all(media.map((m) => m.remove()));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  function upload(file: GeneratedMedia, name = 'clip.mp4') {
    media.push(file);
    return api.http
      .post('/videos/upload')
      .set('Authorization', `Bearer ${admin}`)
      .field('title', name)
      .attach('file', file.path, name);
  }

  async function waitForEnd(id: string): Promise<VideoBody> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await api.http.get(`/videos/${id}`).set('Authorization', `Bearer ${admin}`);
      const video = res.body as VideoBody;
      if (video.status === 'failed' || (video.status === 'ready' && video.progress === 100)) return video;
      if (Date.now() > deadline) throw new Error(`video ${id} stuck: ${JSON.stringify(video)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function uploadAndWait(file: GeneratedMedia, name = 'clip.mp4'): Promise<VideoBody> {
    const res = await upload(file, name);
    expect(res.status).toBe(202);
    return waitForEnd(res.body.id as string);
  }

  async function eventsOf(id: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
    const res = await api.http.get(`/videos/${id}/events`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function expectReady(video: VideoBody): Promise<void> {
    expect(video).toMatchObject({ status: 'ready', progress: 100 });
    const events = await eventsOf(video.id);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'VideoReady')).toHaveLength(1);
    expect(types).not.toContain('TranscodeFailed');
    expect(types.filter((t) => t === 'RenditionReady')).toHaveLength(video.renditions.length);
    expect(events.at(-1)).toMatchObject({ type: 'TranscodeProgressed', data: { percent: 100 } });
  }

  async function expectRefused(video: VideoBody, reason: RegExp): Promise<void> {
    expect(video.status).toBe('failed');
    expect(video.error).toMatch(reason);
    const events = await eventsOf(video.id);
    expect(events.at(-1)).toMatchObject({ type: 'TranscodeFailed', data: { reason: video.error } });
    expect(events.map((e) => e.type)).not.toContain('VideoReady');
    expect(await storage.list(`videos/${video.id}/`)).toEqual([]);
  }

  /** The ids of every video with something in storage. */
  async function storedIds(): Promise<Set<string>> {
    return new Set((await storage.list('videos/')).map((o) => o.key.split('/')[1]!));
  }

  async function get(path: string): Promise<Buffer> {
    const res = await api.http.get(path).buffer(true).parse(binary);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return res.body as Buffer;
  }

  /**
   * Plays every rendition as a player would: a session, the master playlist, each variant
   * playlist, the key each one names, every segment decrypted with the playlist's IV.
   */
  async function playEveryRendition(id: string): Promise<PlayedRendition[]> {
    const { manifestUrl } = await startPlayback(api, admin, id);
    const master = parsePlaylist((await get(manifestUrl)).toString('utf8'));
    if (master.type !== 'master') throw new Error('expected a master playlist');
    const keys = new Map<string, Buffer>();
    const keyFor = async (base: string, uri: string | null): Promise<Buffer> => {
      if (uri === null) throw new Error('a segment without a key URI');
      const name = uri.split('?')[0]!;
      if (!keys.has(name)) keys.set(name, await get(resolveUri(base, uri)));
      return keys.get(name)!;
    };
    const played: PlayedRendition[] = [];
    for (const variant of master.variants) {
      const path = resolveUri(manifestUrl, variant.uri);
      const playlist = parsePlaylist((await get(path)).toString('utf8'));
      if (playlist.type !== 'media') throw new Error('expected a media playlist');
      expect(playlist.endList).toBe(true);
      expect(playlist.segments.length).toBeGreaterThan(0);
      const first = playlist.segments[0]!;
      const map = first.map!;
      expect(map.key?.method).toBe('AES-128');
      const parts = [
        decryptSegment(await get(resolveUri(path, map.uri)), await keyFor(path, map.key!.uri), parseIv(map.key!.iv!)),
      ];
      for (const segment of playlist.segments) {
        expect(segment.key?.method).toBe('AES-128');
        const key = await keyFor(path, segment.key!.uri);
        parts.push(decryptSegment(await get(resolveUri(path, segment.uri)), key, parseIv(segment.key!.iv!)));
      }
      const bytes = Buffer.concat(parts);
      const file = join(scratch, `${id}-${played.length}.mp4`);
      await writeFile(file, bytes);
      const probed = await probe(file);
      played.push({
        name: variant.uri.split('?')[0]!.replace(/\.m3u8$/, ''),
        resolution: variant.resolution,
        codecs: variant.codecs,
        frameRate: variant.frameRate,
        ...probed,
        bytes,
      });
    }
    expect(keys.size).toBe(1);
    expect([...keys.values()][0]).toHaveLength(16);
    return played;
  }

  /** Every rendition: decodable H.264 (+ AAC when the source has sound), as long as the source. */
  async function expectPlayable(video: VideoBody, source: GeneratedMedia, audio: boolean): Promise<PlayedRendition[]> {
    const expected = await probe(source.path);
    const played = await playEveryRendition(video.id);
    expect(played.map((p) => p.name)).toEqual(video.renditions.map((r) => r.name));
    for (const [i, rendition] of played.entries()) {
      const planned = video.renditions[i]!;
      expect(rendition.streams.map((s) => s.codec_name).sort()).toEqual(audio ? ['aac', 'h264'] : ['h264']);
      const picture = rendition.streams.find((s) => s.codec_type === 'video')!;
      expect(shown(picture)).toEqual({ width: planned.width, height: planned.height });
      expect(picture.pix_fmt).toBe('yuv420p');
      expect(rendition.resolution).toBe(`${planned.width}x${planned.height}`);
      expect(rendition.codecs).toMatch(audio ? /^avc1\.[0-9a-f]{6},mp4a\.40\.2$/ : /^avc1\.[0-9a-f]{6}$/);
      expect(Math.abs(rendition.durationSec - expected.durationSec)).toBeLessThanOrEqual(SEGMENT_SEC);
    }
    expect(Math.abs(video.durationSec - expected.durationSec)).toBeLessThanOrEqual(SEGMENT_SEC);
    return played;
  }

  it('turns a portrait clip (landscape pixels, rotated 90° by metadata) into portrait renditions', async () => {
    const source = await generateTestVideo({ durationSec: 3, width: 640, height: 360, rotation: 90 });
    const video = await uploadAndWait(source);
    await expectReady(video);
    expect(video.renditions.map(({ name, width, height }) => ({ name, width, height }))).toEqual([
      { name: '360p', width: 360, height: 640 },
      { name: '240p', width: 240, height: 426 },
    ]);
    const played = await expectPlayable(video, source, true);
    for (const rendition of played) {
      const picture = shown(rendition.streams.find((s) => s.codec_type === 'video')!);
      expect(picture.height).toBeGreaterThan(picture.width);
    }
  });

  it('gives an odd-sized source (641×359) even rendition sizes with its aspect ratio', async () => {
    const source = await generateTestVideo({ durationSec: 3, width: 641, height: 359 });
    const video = await uploadAndWait(source);
    await expectReady(video);
    expect(video.renditions.length).toBeGreaterThan(0);
    for (const r of video.renditions) {
      expect(r.width % 2).toBe(0);
      expect(r.height % 2).toBe(0);
      expect(r.width).toBeLessThanOrEqual(641);
      expect(r.height).toBeLessThanOrEqual(359);
      expect(Math.abs(r.width / r.height - 641 / 359)).toBeLessThan(0.02);
    }
    await expectPlayable(video, source, true);
  });

  it('makes renditions without sound from a source without an audio track', async () => {
    const source = await generateTestVideo({ durationSec: 3, width: 640, height: 360, audio: false });
    const video = await uploadAndWait(source);
    await expectReady(video);
    const played = await expectPlayable(video, source, false);
    for (const rendition of played) {
      expect(rendition.streams.some((s) => s.codec_type === 'audio')).toBe(false);
      expect(rendition.codecs).not.toContain('mp4a');
    }
  });

  it('turns a 10-bit source into 8-bit H.264 renditions', async () => {
    const source = await generateTestVideo({ durationSec: 3, width: 640, height: 360, tenBit: true });
    expect((await probe(source.path)).streams.find((s) => s.codec_type === 'video')!.pix_fmt).toBe('yuv420p10le');
    const video = await uploadAndWait(source);
    await expectReady(video);
    await expectPlayable(video, source, true);
  });

  it('transcodes a variable-frame-rate source to its full length', async () => {
    const source = await generateTestVideo({ durationSec: 4, width: 640, height: 360, variableFrameRate: true });
    const video = await uploadAndWait(source);
    await expectReady(video);
    const played = await expectPlayable(video, source, true);
    for (const rendition of played) expect(rendition.frameRate).toBeGreaterThan(0);
  });

  it('transcodes a 2-second clip (shorter than two segments)', async () => {
    const source = await generateTestVideo({ durationSec: 2, width: 640, height: 360 });
    const video = await uploadAndWait(source);
    await expectReady(video);
    expect(video.durationSec).toBeCloseTo(2, 0);
    await expectPlayable(video, source, true);
  });

  describe('a playlist or concat list pointing at a local file and at a loopback listener', () => {
    let listener: Server;
    let hits: string[];
    let canary: Buffer;
    let targets: string[];

    beforeAll(async () => {
      hits = [];
      listener = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.end(canary);
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      const { port } = listener.address() as AddressInfo;
      canary = Buffer.from(`REELGUARD-CANARY-${randomBytes(12).toString('hex')}\n`.repeat(64));
      // A .ts name: FFmpeg's HLS demuxer only opens segments with media extensions.
      const canaryPath = join(scratch, 'canary.ts');
      await writeFile(canaryPath, canary);
      targets = [canaryPath, `file://${canaryPath}`, `http://127.0.0.1:${port}/segment.ts`];
    });
    afterAll(async () => {
      await new Promise((resolve) => listener?.close(resolve));
    });

    const canaryMarker = () => canary.subarray(0, canary.indexOf(0x0a));

    /** Refused at upload (nothing stored), or failed by the worker (its source removed). */
    async function expectNotFollowed(file: GeneratedMedia): Promise<void> {
      const before = await storedIds();
      const res = await upload(file);
      if (res.status === 202) {
        await expectRefused(await waitForEnd(res.body.id as string), /playlist|list of other files|not a video/);
      } else {
        expect([415, 422]).toContain(res.status);
        expect(res.body.message).toMatch(/playlist|list of other files/);
        expect(await storedIds()).toEqual(before);
      }
      expect(hits).toEqual([]);
    }

    it('refuses an HLS playlist named .mp4 without reading what it lists', async () => {
      await expectNotFollowed(await generateHlsPlaylistSource({ target: targets[1] }));
      await expectNotFollowed(await generateHlsPlaylistSource({ target: targets[2] }));
    });

    it('refuses an FFmpeg concat list named .mp4 without reading what it lists', async () => {
      await expectNotFollowed(await generateConcatListSource({ target: targets[0] }));
    });

    it('transcodes an MP4 carrying a playlist and a concat list, following neither', async () => {
      const source = await generateMp4WithSmuggledPlaylist({ targets, durationSec: 3 });
      const video = await uploadAndWait(source);
      await expectReady(video);
      const played = await expectPlayable(video, source, true);
      for (const rendition of played) expect(rendition.bytes.includes(canaryMarker())).toBe(false);
      for (const name of ['poster.jpg', 'storyboard.jpg', 'storyboard.vtt']) {
        expect((await storage.getBuffer(`videos/${video.id}/hls/${name}`)).includes(canaryMarker())).toBe(false);
      }
      expect(hits).toEqual([]);
    });
  });

  it('refuses a PNG picture at upload and stores nothing of it', async () => {
    const before = await storedIds();
    const res = await upload(await generateStillImage({ format: 'png' }), 'picture.mp4');
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/still image/);
    expect(await storedIds()).toEqual(before);
  });

  it('fails a one-frame video as a still image and removes its source', async () => {
    const video = await uploadAndWait(await generateOneFrameVideo());
    await expectRefused(video, /still image/);
  });

  it('fails an audio-only file with a readable reason and removes its source', async () => {
    const video = await uploadAndWait(await generateAudioOnly({ durationSec: 2 }), 'sound.mp4');
    await expectRefused(video, /sound but no picture/);
  });
});
