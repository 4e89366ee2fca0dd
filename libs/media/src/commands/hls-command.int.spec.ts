// The awkward sources through the real encoder: rotation, 10-bit, variable frame rate and odd
// sizes must come out as upright, 8-bit, even-sized H.264 at exactly the planned dimensions.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTestVideo, type TestVideoOptions } from '@reelguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlaylist } from '../hls/parse-playlist.js';
import { planLadder } from '../ladder/plan-ladder.js';
import { probeMedia } from '../probe/probe-media.js';
import { runFfmpeg } from '../process/run-ffmpeg.js';
import { buildHlsCommand } from './hls-command.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelguard-encode-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Encodes a generated source and returns the planned sizes and what the first rendition really is. */
async function encode(name: string, source: TestVideoOptions) {
  const generated = await generateTestVideo({ dir: work, fileName: `${name}.mp4`, durationSec: 2, ...source });
  const probe = await probeMedia(generated.path);
  const plan = planLadder(probe);
  const outputDir = join(work, name);
  const { args } = buildHlsCommand(plan, { inputPath: generated.path, outputDir, segmentDurationSec: 1 });
  await mkdir(outputDir);
  await runFfmpeg(args, { timeoutMs: 30_000, durationSec: probe.durationSec });

  const top = plan.renditions[0];
  const playlist = parsePlaylist(await readFile(join(outputDir, `${top.name}.m3u8`), 'utf8'));
  if (playlist.type !== 'media' || playlist.initSection === null) throw new Error('expected a media playlist');
  const joined = join(work, `${name}-${top.name}.mp4`);
  const parts = [playlist.initSection, ...playlist.segments.map((s) => s.uri)];
  await writeFile(joined, Buffer.concat(await Promise.all(parts.map((p) => readFile(join(outputDir, p))))));
  return { plan, top, output: await probeMedia(joined) };
}

describe('buildHlsCommand with awkward sources', () => {
  it('turns a rotated phone clip upright at the planned portrait size', async () => {
    const { top, output } = await encode('rotated', { width: 320, height: 180, rotation: 90, audio: false });
    expect([top.width, top.height]).toEqual([180, 320]);
    expect(output.video).toMatchObject({ width: 180, height: 320, rotation: 0 });
  });

  it('turns 10-bit, variable frame rate, odd-sized video into 8-bit 4:2:0 at even sizes', async () => {
    const { top, output } = await encode('awkward', {
      width: 321,
      height: 181,
      tenBit: true,
      variableFrameRate: true,
      fps: 30,
    });
    expect([top.width, top.height]).toEqual([320, 180]);
    expect(output.video).toMatchObject({
      width: 320,
      height: 180,
      pixelFormat: 'yuv420p',
      bitDepth: 8,
      profile: 'High',
      sampleAspectRatio: 1,
    });
    expect(output.audio).toMatchObject({ codec: 'aac' });
  });
});

describe('buildHlsCommand segment boundaries', () => {
  it('cuts a short first segment, then every segment at its full length, alike in every rendition', async () => {
    // 60 fps: x264 on its own would add a keyframe every 250 frames (4.2 s), inside a 6 s segment.
    const generated = await generateTestVideo({
      dir: work,
      fileName: 'boundaries.mp4',
      durationSec: 14,
      width: 640,
      height: 360,
      fps: 60,
    });
    const plan = planLadder(await probeMedia(generated.path));
    expect(plan.renditions.length).toBeGreaterThan(1);
    const outputDir = join(work, 'boundaries');
    const { args } = buildHlsCommand(plan, {
      inputPath: generated.path,
      outputDir,
      segmentDurationSec: 6,
      firstSegmentDurationSec: 2,
      preset: 'ultrafast',
    });
    await mkdir(outputDir);
    await runFfmpeg(args, { timeoutMs: 60_000, durationSec: 14 });

    for (const rendition of plan.renditions) {
      const playlist = parsePlaylist(await readFile(join(outputDir, `${rendition.name}.m3u8`), 'utf8'));
      if (playlist.type !== 'media') throw new Error('expected a media playlist');
      expect(playlist.segments.map((s) => Number(s.durationSec.toFixed(2)))).toEqual([2, 6, 6]);
    }
  });
});
