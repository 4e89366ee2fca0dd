// The whole media path on a real file: inspect, plan, one FFmpeg encode into HLS (with the
// storyboard from the same decode) and a poster, then encrypt and publish as the worker does,
// and check that what a player would receive decrypts, decodes and lasts as long as the source.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTestVideo } from '@reelguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHlsCommand } from './commands/hls-command.js';
import { buildPosterCommand, posterSize } from './commands/poster-command.js';
import { buildStoryboardVtt, planStoryboard, type StoryboardPlan } from './commands/storyboard.js';
import { avcCodecFromInitSegment } from './hls/init-segment.js';
import { buildMasterPlaylist } from './hls/master-playlist.js';
import { type MediaPlaylist, parsePlaylist } from './hls/parse-playlist.js';
import { publishVariantPlaylist } from './hls/publish-variant.js';
import { KEY_NAME, MASTER_PLAYLIST_NAME, isValidResourceName } from './hls/resource-names.js';
import { createContentKey, decryptSegment, encryptSegment, parseIv, segmentIvDeriver } from './hls/segment-crypto.js';
import { type LadderPlan, planLadder } from './ladder/plan-ladder.js';
import { inspectSource } from './probe/inspect-source.js';
import { probeMedia } from './probe/probe-media.js';
import type { FfmpegProgress } from './process/progress.js';
import { runFfmpeg } from './process/run-ffmpeg.js';
import { runProcess } from './process/run-process.js';

const SOURCE_SECONDS = 6;
const SEGMENT_SECONDS = 2;

let work: string;
let encodeDir: string;
let publishDir: string;
let plan: LadderPlan;
let storyboard: StoryboardPlan;
let sourceDuration: number;
const key = createContentKey();
const progress: FfmpegProgress[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelguard-hls-'));
  encodeDir = join(work, 'encode');
  publishDir = join(work, 'published');
  await mkdir(encodeDir);
  await mkdir(publishDir);
  const source = await generateTestVideo({
    dir: work,
    fileName: 'source.mp4',
    durationSec: SOURCE_SECONDS,
    width: 640,
    height: 360,
    fps: 25,
  });

  const inspection = await inspectSource(source.path);
  if (!inspection.ok) throw new Error(`the test source was refused: ${inspection.reason}`);
  sourceDuration = inspection.probe.durationSec ?? 0;
  plan = planLadder(inspection.probe);
  storyboard = planStoryboard(sourceDuration, { width: 640, height: 360 }, { intervalSec: 2 });

  const hls = buildHlsCommand(plan, {
    inputPath: source.path,
    outputDir: encodeDir,
    segmentDurationSec: SEGMENT_SECONDS,
    storyboard,
  });
  await runFfmpeg(hls.args, { timeoutMs: 60_000, durationSec: sourceDuration, onProgress: (p) => progress.push(p) });
  await runFfmpeg(buildPosterCommand(plan, { inputPath: source.path, outputDir: encodeDir }).args, {
    timeoutMs: 30_000,
  });

  // What the worker does: encrypt every init section and segment under its own IV, publish
  // the playlists, the master and the key.
  const ivFor = segmentIvDeriver(key);
  for (const rendition of plan.renditions) {
    const published = publishVariantPlaylist(await readFile(join(encodeDir, `${rendition.name}.m3u8`), 'utf8'), {
      rendition: rendition.name,
      ivFor,
      final: true,
    });
    for (const name of [published.initSegment, ...published.segments.map((s) => s.name)]) {
      await writeFile(join(publishDir, name), encryptSegment(await readFile(join(encodeDir, name)), key, ivFor(name)));
    }
    await writeFile(join(publishDir, `${rendition.name}.m3u8`), published.text);
  }
  await writeFile(join(publishDir, MASTER_PLAYLIST_NAME), buildMasterPlaylist(plan.renditions));
  await writeFile(join(publishDir, KEY_NAME), key);
}, 90_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function mediaPlaylist(rendition: string): Promise<MediaPlaylist> {
  const parsed = parsePlaylist(await readFile(join(publishDir, `${rendition}.m3u8`), 'utf8'));
  if (parsed.type !== 'media') throw new Error('expected a media playlist');
  return parsed;
}

/** The init section and every segment of a rendition, decrypted with the key and the playlist's IVs. */
async function decryptedRendition(rendition: string): Promise<Buffer> {
  const playlist = await mediaPlaylist(rendition);
  const init = playlist.segments[0].map;
  if (!init?.key?.iv) throw new Error('the init section has no IV');
  const parts = [decryptSegment(await readFile(join(publishDir, init.uri)), key, parseIv(init.key.iv))];
  for (const segment of playlist.segments) {
    if (!segment.key?.iv) throw new Error(`${segment.uri} has no IV`);
    parts.push(decryptSegment(await readFile(join(publishDir, segment.uri)), key, parseIv(segment.key.iv)));
  }
  return Buffer.concat(parts);
}

describe('one FFmpeg encode into HLS', () => {
  it('plans the renditions a 640x360 source allows', () => {
    expect(plan.renditions.map((r) => `${r.name}:${r.width}x${r.height}`)).toEqual(['360p:640x360', '240p:426x240']);
  });

  it('reported progress up to the end', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toMatchObject({ fraction: 1, done: true });
  });

  it('wrote only flat names of the resource grammar, nothing half-written left behind', async () => {
    const files = await readdir(encodeDir);
    expect(files.filter((f) => !isValidResourceName(f))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        '360p.m3u8',
        '360p_init.mp4',
        '360p_00000.m4s',
        '240p.m3u8',
        '240p_init.mp4',
        'poster.jpg',
        'storyboard.jpg',
      ]),
    );
  });

  it('cut every rendition at the same times, on segment boundaries', async () => {
    const durations = await Promise.all(
      plan.renditions.map(async (r) => (await mediaPlaylist(r.name)).segments.map((s) => s.durationSec)),
    );
    expect(durations[0].length).toBe(Math.ceil(SOURCE_SECONDS / SEGMENT_SECONDS));
    expect(durations[1]).toEqual(durations[0]);
    for (const d of durations[0].slice(0, -1)) expect(d).toBeCloseTo(SEGMENT_SECONDS, 1);
  });
});

describe('the published HLS', () => {
  it('(i) every variant playlist parses, ends, and keys the init section and each segment', async () => {
    for (const rendition of plan.renditions) {
      const playlist = await mediaPlaylist(rendition.name);
      expect(playlist).toMatchObject({ endList: true, playlistType: 'VOD', initSection: `${rendition.name}_init.mp4` });
      expect(playlist.segments[0].map?.key).toMatchObject({ method: 'AES-128', uri: KEY_NAME });
      const ivs = playlist.segments.map((s) => s.key?.iv);
      expect(new Set(ivs).size).toBe(playlist.segments.length);
    }
    const master = parsePlaylist(await readFile(join(publishDir, MASTER_PLAYLIST_NAME), 'utf8'));
    expect(master.type === 'master' && master.variants.map((v) => v.uri)).toEqual(['360p.m3u8', '240p.m3u8']);
  });

  it('stores nothing readable without the key', async () => {
    const encrypted = await readFile(join(publishDir, '360p_init.mp4'));
    expect(encrypted.includes(Buffer.from('ftyp'))).toBe(false);
    expect((await readFile(join(encodeDir, '360p_init.mp4'))).includes(Buffer.from('ftyp'))).toBe(true);
  });

  it('(ii) decrypts with the key into files ffprobe accepts, matching the plan and its CODECS', async () => {
    for (const rendition of plan.renditions) {
      const plain = await decryptedRendition(rendition.name);
      const file = join(work, `${rendition.name}-decrypted.mp4`);
      await writeFile(file, plain);
      const probe = await probeMedia(file);
      expect(probe.video).toMatchObject({
        codec: 'h264',
        profile: 'High',
        width: rendition.width,
        height: rendition.height,
        pixelFormat: 'yuv420p',
      });
      expect(probe.audio).toMatchObject({ codec: 'aac', channels: 2, sampleRate: 48000 });
      expect(rendition.codecs.split(',')[0]).toBe(avcCodecFromInitSegment(plain));
    }
  });

  it('(iii) lasts as long as the source, within one segment', async () => {
    for (const rendition of plan.renditions) {
      const playlist = await mediaPlaylist(rendition.name);
      const listed = playlist.segments.reduce((sum, s) => sum + s.durationSec, 0);
      expect(Math.abs(listed - sourceDuration)).toBeLessThan(SEGMENT_SECONDS);
    }
  });

  it("plays through FFmpeg's own HLS client from the master playlist, key and all", async () => {
    const { stdout } = await runProcess({
      tool: 'ffprobe',
      executable: 'ffprobe',
      args: [
        '-v',
        'error',
        '-protocol_whitelist',
        'file,crypto',
        '-allowed_extensions',
        'ALL',
        '-count_frames',
        '-show_entries',
        'stream=codec_type,nb_read_frames,width',
        '-of',
        'json',
        join(publishDir, MASTER_PLAYLIST_NAME),
      ],
      timeoutMs: 30_000,
      captureStdoutMaxBytes: 1_000_000,
    });
    const streams = (
      JSON.parse(stdout) as { streams: Array<{ codec_type: string; nb_read_frames?: string; width?: number }> }
    ).streams;
    const video = streams.filter((s) => s.codec_type === 'video');
    expect(video.map((s) => s.width).sort()).toEqual([426, 640]);
    for (const s of video) expect(Number(s.nb_read_frames)).toBeGreaterThanOrEqual(SOURCE_SECONDS * 25 - 2);
  });
});

describe('poster and storyboard', () => {
  it('wrote a poster at the planned size', async () => {
    const probe = await probeMedia(join(encodeDir, 'poster.jpg'), { acceptedFormats: ['image2', 'jpeg_pipe'] });
    expect(probe.video).toMatchObject({ codec: 'mjpeg', ...posterSize(plan) });
  });

  it('wrote a sprite of the planned grid from the same decode, described by the VTT track', async () => {
    const probe = await probeMedia(join(encodeDir, 'storyboard.jpg'), { acceptedFormats: ['image2', 'jpeg_pipe'] });
    expect(probe.video).toMatchObject({
      width: storyboard.columns * storyboard.thumbnailWidth,
      height: storyboard.rows * storyboard.thumbnailHeight,
    });
    const vtt = buildStoryboardVtt(storyboard);
    expect(vtt.match(/#xywh=/g)).toHaveLength(3);
  });
});
