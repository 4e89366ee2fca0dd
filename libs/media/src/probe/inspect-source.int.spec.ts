import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  generateAudioOnly,
  generateConcatListSource,
  generateHlsPlaylistSource,
  generateStillImage,
  generateTestVideo,
  generateTextFile,
  generateTruncatedMp4,
} from '@reelguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaToolError } from '../process/media-tool-error.js';
import { runProcess } from '../process/run-process.js';
import { assessSource } from './assess-source.js';
import { inspectSource } from './inspect-source.js';
import { probeMedia } from './probe-media.js';
import { DEFAULT_SOURCE_LIMITS } from './source-limits.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelguard-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const out = (fileName: string) => ({ dir, fileName });

describe('inspectSource accepts real videos and reads them right', () => {
  it('an MP4 with sound', async () => {
    const { path } = await generateTestVideo({ ...out('plain.mp4'), durationSec: 2 });
    const result = await inspectSource(path);
    expect(result.ok).toBe(true);
    expect(result.probe).toMatchObject({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2', streamCount: 2 });
    expect(result.probe?.durationSec).toBeCloseTo(2, 1);
    expect(result.probe?.video).toMatchObject({
      codec: 'h264',
      width: 320,
      height: 180,
      rotation: 0,
      bitDepth: 8,
      frameRate: 25,
    });
    expect(result.probe?.audio).toMatchObject({ codec: 'aac' });
  });

  it('a silent Matroska file', async () => {
    const { path } = await generateTestVideo({ ...out('silent.mkv'), container: 'mkv', audio: false });
    const result = await inspectSource(path);
    expect(result).toMatchObject({ ok: true, probe: { formatName: 'matroska,webm', audio: null, streamCount: 1 } });
  });

  it('a portrait phone clip: rotation metadata turns 320x180 into 180x320', async () => {
    const { path } = await generateTestVideo({ ...out('rotated.mp4'), rotation: 90 });
    const result = await inspectSource(path);
    expect(result.ok).toBe(true);
    expect(result.probe?.video).toMatchObject({
      width: 320,
      height: 180,
      rotation: 90,
      displayWidth: 180,
      displayHeight: 320,
    });
  });

  it('10-bit H.264', async () => {
    const { path } = await generateTestVideo({ ...out('ten-bit.mp4'), tenBit: true, audio: false });
    const result = await inspectSource(path);
    expect(result.ok).toBe(true);
    expect(result.probe?.video).toMatchObject({ bitDepth: 10, pixelFormat: 'yuv420p10le', profile: 'High 10' });
  });

  it('variable frame rate', async () => {
    const { path } = await generateTestVideo({ ...out('vfr.mp4'), variableFrameRate: true, fps: 30, audio: false });
    const result = await inspectSource(path);
    expect(result.ok).toBe(true);
    const video = result.probe?.video;
    expect(video?.maxFrameRate).toBe(30);
    expect(video?.frameRate).toBeLessThan(25);
  });

  it('odd dimensions', async () => {
    const { path } = await generateTestVideo({ ...out('odd.mp4'), width: 321, height: 181, audio: false });
    const result = await inspectSource(path);
    expect(result.ok).toBe(true);
    expect(result.probe?.video).toMatchObject({ width: 321, height: 181, displayWidth: 321, displayHeight: 181 });
  });
});

describe('inspectSource refuses what is not a video, with the reason', () => {
  it('a text file named .mp4', async () => {
    const { path } = await generateTextFile(out('notes.mp4'));
    expect(await inspectSource(path)).toMatchObject({
      ok: false,
      code: 'text',
      reason: 'The file is text, not a video.',
    });
  });

  it('an MP4 cut short before its index', async () => {
    const { path } = await generateTruncatedMp4({ ...out('cut.mp4'), keepFraction: 0.6 });
    expect(await inspectSource(path)).toMatchObject({ ok: false, code: 'unreadable', probe: null });
  });

  it('an MP4 whose index survived but whose end is missing', async () => {
    const { path } = await generateTruncatedMp4({ ...out('cut-faststart.mp4'), keepFraction: 0.6, faststart: true });
    const result = await inspectSource(path);
    expect(result).toMatchObject({ ok: false, code: 'undecodable' });
    expect(result.probe?.durationSec).toBeCloseTo(4, 0); // the probe alone would have believed it
  });

  it.each(['png', 'jpg'] as const)('a %s image', async (format) => {
    const { path } = await generateStillImage({ ...out(`still.${format}`), format });
    expect(await inspectSource(path)).toMatchObject({ ok: false, code: 'image' });
  });

  it('a picture that gets past the first-bytes check is still named as one by the probe', async () => {
    const { path } = await generateStillImage({ ...out('still-for-probe.png'), format: 'png' });
    const probe = await probeMedia(path);
    expect(probe.formatName).toBe('png_pipe');
    expect(assessSource(probe, DEFAULT_SOURCE_LIMITS)).toMatchObject({ ok: false, code: 'image' });
  });

  it('sound without picture', async () => {
    const { path } = await generateAudioOnly(out('sound.mp4'));
    expect(await inspectSource(path)).toMatchObject({ ok: false, code: 'audio-only' });
  });

  it('an HLS playlist and a concat list named .mp4', async () => {
    const hls = await generateHlsPlaylistSource(out('playlist.mp4'));
    const concat = await generateConcatListSource(out('list.mp4'));
    expect(await inspectSource(hls.path)).toMatchObject({ ok: false, code: 'playlist', probe: null });
    expect(await inspectSource(concat.path)).toMatchObject({ ok: false, code: 'playlist', probe: null });
  });

  it('videos beyond the configured limits', async () => {
    const { path } = await generateTestVideo({ ...out('limits.mp4'), durationSec: 2 });
    expect(await inspectSource(path, { limits: { ...DEFAULT_SOURCE_LIMITS, maxDurationSec: 1 } })).toMatchObject({
      ok: false,
      code: 'too-long',
      reason: 'The video lasts 2 s; the limit is 1 s.',
    });
    expect(await inspectSource(path, { limits: { ...DEFAULT_SOURCE_LIMITS, maxDimension: 200 } })).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    expect(await inspectSource(path, { limits: { ...DEFAULT_SOURCE_LIMITS, maxStreams: 1 } })).toMatchObject({
      ok: false,
      code: 'too-many-streams',
    });
  });
});

describe('a playlist smuggling a local file is never read', () => {
  it('ffprobe refuses the HLS and concat demuxers before they open anything', async () => {
    for (const source of [
      await generateHlsPlaylistSource(out('passwd.mp4')),
      await generateConcatListSource(out('passwd-list.mp4')),
    ]) {
      const error: unknown = await probeMedia(source.path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MediaToolError);
      expect((error as MediaToolError).failure).toBe('exit');
      expect((error as MediaToolError).message).toMatch(/not on whitelist/);
      expect((error as MediaToolError).message).not.toContain('root:');
    }
  });

  it('a FIFO named as a segment shows the whitelist is what keeps it closed', async () => {
    // Opening a FIFO for reading blocks until a writer comes: a probe that touched it would hang.
    const canary = join(dir, 'canary.ts');
    await promisify(execFile)('mkfifo', [canary]);
    const { path } = await generateHlsPlaylistSource({ ...out('canary.mp4'), target: `file://${canary}` });

    const started = Date.now();
    await expect(probeMedia(path, { timeoutMs: 10_000 })).rejects.toMatchObject({ failure: 'exit' });
    expect(Date.now() - started).toBeLessThan(5_000);

    // The control: the same probe without the demuxer whitelist opens the FIFO and hangs.
    const unguarded = runProcess({
      tool: 'ffprobe',
      executable: 'ffprobe',
      args: ['-v', 'error', '-protocol_whitelist', 'file', '-show_format', '-i', path],
      timeoutMs: 1_500,
      killGraceMs: 200,
    });
    await expect(unguarded).rejects.toMatchObject({ failure: 'timeout' });
  });
});
