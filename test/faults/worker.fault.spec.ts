// The worker under faults, with the real processes from dist/: killed outright mid-transcode,
// stopped with SIGTERM mid-transcode, and Redis losing every key of the deployment while
// videos wait and one is being transcoded. No video may end stuck, doubled or half-written.
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePlaylist } from '@reelguard/media';
import { generateTestVideo, type GeneratedMedia } from '@reelguard/testing';
import { ffmpegProcessesIn, startStack, type Stack, type VideoView } from './worker-stack.js';

// Short locks and checks so a dead worker's job is picked up in seconds, not half a minute.
const FAST_RECOVERY = { TRANSCODE_LOCK_SEC: '4', TRANSCODE_STALLED_CHECK_SEC: '2', HLS_SEGMENT_SEC: '2' };

const finished = (v: VideoView) => v.status === 'failed' || (v.status === 'ready' && v.progress === 100);
// Once VideoReady is recorded (the first segments are out); the test then checks the ladder is not complete.
const playable = (v: VideoView) => v.status === 'ready' || v.status === 'failed';

/** Polls `probe` every 100 ms until it answers something, or gives up with undefined. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  return undefined;
}

describe('the worker under faults', () => {
  let stack: Stack | undefined;
  const media: GeneratedMedia[] = [];

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    await Promise.all(media.splice(0).map((m) => m.remove()));
  });

  async function source(durationSec: number): Promise<string> {
    const file = await generateTestVideo({ durationSec, width: 640, height: 360 });
    media.push(file);
    return file.path;
  }

  /** Exactly the objects a finished transcode leaves: the source, artwork, playlists and listed segments. */
  async function expectExactOutputs(id: string, video: VideoView): Promise<void> {
    const prefix = `videos/${id}/`;
    const stored = (await stack!.storage.list(prefix)).map((o) => o.key.slice(prefix.length)).sort();
    const expected = ['source', 'hls/master.m3u8', 'hls/poster.jpg', 'hls/storyboard.jpg', 'hls/storyboard.vtt'];
    for (const { name } of video.renditions) {
      const playlist = parsePlaylist((await stack!.storage.getBuffer(`${prefix}hls/${name}.m3u8`)).toString());
      if (playlist.type !== 'media') throw new Error('expected a media playlist');
      expect(playlist.endList).toBe(true);
      expect(playlist.segments.map((s) => s.sequence)).toEqual(playlist.segments.map((_, i) => i));
      expected.push(`hls/${name}.m3u8`, `hls/${playlist.initSection}`);
      expected.push(...playlist.segments.map((s) => `hls/${s.uri}`));
    }
    expect(stored).toEqual([...new Set(expected)].sort());
  }

  it('SIGKILL mid-transcode: a new worker takes the stalled job over and completes it once, cleanly', async () => {
    stack = await startStack({ ...FAST_RECOVERY, FFMPEG_PRESET: 'veryfast' });
    const path = await source(16);
    const first = await stack.startWorker();
    const id = await stack.upload(path);
    const interrupted = await stack.waitFor(id, playable);
    expect(interrupted).toMatchObject({ status: 'ready', progress: expect.any(Number) });
    expect(interrupted.progress).toBeLessThan(100);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const stored = await stack.storage.list(`videos/${id}/hls/`);
    expect(stored.some((o) => o.key.endsWith('.m4s'))).toBe(true);

    const second = await stack.startWorker();
    const video = await stack.waitFor(id, finished);
    expect(video).toMatchObject({ status: 'ready', progress: 100 });

    const types = (await stack.events(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'TranscodeStarted')).toHaveLength(2);
    expect(types.filter((t) => t === 'VideoReady')).toHaveLength(1);
    expect(types.filter((t) => t === 'RenditionReady')).toHaveLength(video.renditions.length);
    expect(types).not.toContain('TranscodeFailed');
    await expectExactOutputs(id, video);
    expect(second.output()).toMatch(/job \S+ \(transcode of \S+\): done/);

    // Neither the killed run's folder nor its FFmpeg outlives the job.
    expect(await readdir(stack.workDir)).toEqual([]);
    expect(await ffmpegProcessesIn(stack.workDir)).toEqual([]);
  });

  it('SIGTERM mid-transcode: the worker finishes or hands back the job and exits cleanly', async () => {
    stack = await startStack({ ...FAST_RECOVERY, FFMPEG_PRESET: 'veryfast' });
    const path = await source(16);
    const worker = await stack.startWorker();
    const id = await stack.upload(path);
    expect((await stack.waitFor(id, playable)).progress).toBeLessThan(100);
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    // Nest re-raises the signal once its shutdown hooks have run; anything else is a crash.
    expect([JSON.stringify({ code: 0, signal: null }), JSON.stringify({ code: null, signal: 'SIGTERM' })]).toContain(
      JSON.stringify(exit),
    );
    // The hooks did run: the job was finished, or interrupted and handed back for a retry.
    expect(worker.output()).toMatch(
      new RegExp(`\\(transcode of ${id}\\): done|attempt 1/\\d+ failed: the transcode was interrupted`),
    );
    expect(worker.output()).not.toMatch(/"level":50/);

    let video = await stack.video(id);
    if (!finished(video)) {
      // The job was handed back: the next worker completes it.
      await stack.startWorker();
      video = await stack.waitFor(id, finished);
    }
    expect(video).toMatchObject({ status: 'ready', progress: 100 });
    const types = (await stack.events(id)).map((e) => e.type);
    expect(types).not.toContain('TranscodeFailed');
    expect(types.filter((t) => t === 'VideoReady')).toHaveLength(1);
    await expectExactOutputs(id, video);
    expect(await readdir(stack.workDir)).toEqual([]);
    expect(await ffmpegProcessesIn(stack.workDir)).toEqual([]);
  });

  it('Redis emptied of the deployment’s keys while videos wait and one is transcoded: none is left stuck', async () => {
    stack = await startStack({ ...FAST_RECOVERY, FFMPEG_PRESET: 'ultrafast' });
    const { redis, redisPrefix } = stack;
    const flush = async () => {
      const keys = await redis.keys(`${redisPrefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    };
    const waiting = () => redis.llen(`${redisPrefix}:bull:transcode:wait`);

    await stack.startWorker();
    const paths = await Promise.all([source(12), source(6), source(6), source(6)]);
    const ids: string[] = [];
    for (const path of paths) ids.push(await stack.upload(path));

    // The status says `processing` from the upload on; TranscodeStarted tells a running job from a queued one.
    const state = async (id: string) => {
      const started = (await stack!.events(id)).some((e) => e.type === 'TranscodeStarted');
      const video = await stack!.video(id);
      return { id, started, running: started && !finished(video) };
    };

    // First loss: one video is being transcoded, the others are queued behind it.
    await eventually(async () => ((await state(ids[0]!)).started ? true : undefined), 120_000);
    await eventually(async () => ((await waiting()) >= 2 ? true : undefined), 30_000);
    const before = await Promise.all(ids.map(state));
    await flush();
    expect(before.some((s) => s.running)).toBe(true);
    const queued = before.filter((s) => !s.started).map((s) => s.id);
    expect(queued.length).toBeGreaterThanOrEqual(2);

    // Second loss: while a video that was queued at the first loss (so queued again since) is transcoded.
    const next = await eventually(async () => (await Promise.all(queued.map(state))).find((s) => s.running), 120_000);
    expect(next).toBeDefined();
    await flush();

    for (const id of ids) {
      const video = await stack.waitFor(id, finished, 180_000);
      expect(video).toMatchObject({ status: 'ready', progress: 100 });
      const types = (await stack.events(id)).map((e) => e.type);
      expect(types.filter((t) => t === 'VideoReady')).toHaveLength(1);
      await expectExactOutputs(id, video);
    }
    expect(await readdir(stack.workDir)).toEqual([]);
  });
});
