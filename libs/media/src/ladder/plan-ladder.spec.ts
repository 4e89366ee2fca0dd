import { describe, expect, it } from 'vitest';
import { probeResult, videoStream } from '../__fixtures__/probe-results.js';
import type { VideoStreamInfo } from '../probe/probe-result.js';
import { DEFAULT_LADDER, type LadderConfig } from './ladder-config.js';
import { planLadder } from './plan-ladder.js';

const sized = (overrides: Partial<VideoStreamInfo>) => probeResult({ video: videoStream(overrides) });
const sizes = (plan: ReturnType<typeof planLadder>): string[] =>
  plan.renditions.map((r) => `${r.name}:${r.width}x${r.height}`);

describe('planLadder over a table of sources', () => {
  it.each<[string, Partial<VideoStreamInfo>, string[]]>([
    [
      '1080p landscape',
      { width: 1920, height: 1080 },
      ['1080p:1920x1080', '720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240'],
    ],
    [
      '4K gets the full ladder, nothing above it',
      { width: 3840, height: 2160 },
      ['1080p:1920x1080', '720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240'],
    ],
    [
      '720p never upscaled',
      { width: 1280, height: 720 },
      ['720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240'],
    ],
    [
      'between rungs: 900p tops out at 720p',
      { width: 1600, height: 900 },
      ['720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240'],
    ],
    ['640x360 test source', { width: 640, height: 360 }, ['360p:640x360', '240p:426x240']],
    [
      'rotated 1080p is portrait',
      { width: 1920, height: 1080, rotation: 90 },
      ['1080p:1080x1920', '720p:720x1280', '480p:480x854', '360p:360x640', '240p:240x426'],
    ],
    [
      'rotated the other way too',
      { width: 1280, height: 720, rotation: 270 },
      ['720p:720x1280', '480p:480x854', '360p:360x640', '240p:240x426'],
    ],
    [
      'upside down stays landscape',
      { width: 1280, height: 720, rotation: 180 },
      ['720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240'],
    ],
    [
      '4:3 keeps its shape',
      { width: 1440, height: 1080 },
      ['1080p:1440x1080', '720p:960x720', '480p:640x480', '360p:480x360', '240p:320x240'],
    ],
    [
      'cinemascope fits the 1080p box by width',
      { width: 1920, height: 800 },
      ['1080p:1920x800', '720p:1280x534', '480p:854x356', '360p:640x266', '240p:426x178'],
    ],
    ['odd sizes become even, never larger than the source', { width: 321, height: 181 }, ['240p:320x180']],
    ['smaller than 240p: one rendition at the source size', { width: 160, height: 90 }, ['240p:160x90']],
    ['tiny odd source', { width: 33, height: 17 }, ['240p:32x16']],
    [
      'anamorphic DVD uses its display size',
      { width: 720, height: 576, displayWidth: 1024, displayHeight: 576, sampleAspectRatio: 64 / 45 },
      ['480p:854x480', '360p:640x360', '240p:426x240'],
    ],
  ])('%s', (_, video, expected) => {
    const plan = planLadder(sized(video));
    expect(sizes(plan)).toEqual(expected);
    for (const r of plan.renditions) {
      expect(r.width % 2).toBe(0);
      expect(r.height % 2).toBe(0);
    }
  });

  it('keeps the aspect ratio within a pixel of rounding', () => {
    for (const [w, h] of [
      [1920, 1080],
      [1920, 800],
      [1440, 1080],
      [1080, 1920],
      [1000, 1000],
      [321, 181],
    ]) {
      for (const r of planLadder(sized({ width: w, height: h })).renditions) {
        expect(Math.abs(r.width / r.height - w / h)).toBeLessThan(2 / Math.min(r.width, r.height) + 0.01);
      }
    }
  });

  it('sets bitrates, audio and HLS attributes from the ladder', () => {
    const [top] = planLadder(probeResult()).renditions;
    expect(top).toMatchObject({
      name: '1080p',
      videoBitrate: 5_000_000,
      maxVideoBitrate: 5_350_000,
      videoBufferSize: 7_500_000,
      audioBitrate: 128_000,
      frameRate: 30,
      profile: 'high',
      level: { name: '4', idc: 40 },
      codecs: 'avc1.640028,mp4a.40.2',
    });
    expect(top.bandwidth).toBeGreaterThan(top.maxVideoBitrate + 128_000);
    expect(top.averageBandwidth).toBeGreaterThan(5_128_000);
    expect(top.averageBandwidth).toBeLessThan(top.bandwidth);
  });

  it('gives pictures narrower than the box proportionally fewer bits', () => {
    const [top] = planLadder(sized({ width: 1440, height: 1080 })).renditions;
    expect(top.videoBitrate).toBe(3_750_000);
  });

  it('plans renditions without audio for a silent source', () => {
    const plan = planLadder(probeResult({ audio: null }));
    expect(plan.audioStreamIndex).toBeNull();
    expect(
      plan.renditions.every((r) => r.audioBitrate === null && r.codecs === `avc1.6400${r.level.idc.toString(16)}`),
    ).toBe(true);
  });

  it('caps the frame rate and asks for resampling above it', () => {
    const plan = planLadder(sized({ frameRate: 120, maxFrameRate: 120 }));
    expect(plan.outputFrameRate).toBe(60);
    expect(plan.renditions[0]).toMatchObject({ frameRate: 60, level: { name: '4.2' } });
  });

  it('chooses the level from the peak rate of a variable frame rate source', () => {
    const plan = planLadder(sized({ width: 1280, height: 720, frameRate: 24, maxFrameRate: 60 }));
    expect(plan.outputFrameRate).toBeNull();
    expect(plan.renditions[0]).toMatchObject({ frameRate: 24, level: { name: '3.2' } });
  });

  it('passes stream indexes, duration and interlacing on to the encoder', () => {
    const plan = planLadder(probeResult({ durationSec: 42, video: videoStream({ index: 2, interlaced: true }) }));
    expect(plan).toMatchObject({ videoStreamIndex: 2, audioStreamIndex: 1, durationSec: 42, deinterlace: true });
  });

  it('follows a custom ladder, whatever order its rungs are listed in', () => {
    const config: LadderConfig = {
      ...DEFAULT_LADDER,
      rungs: [
        { name: 'low', height: 180, videoBitrateKbps: 300 },
        { name: 'high', height: 540, videoBitrateKbps: 2000 },
      ],
    };
    expect(sizes(planLadder(probeResult(), config))).toEqual(['high:960x540', 'low:320x180']);
  });

  it.each<[string, Partial<LadderConfig>]>([
    ['no rungs', { rungs: [] }],
    ['a name with a slash', { rungs: [{ name: '../x', height: 720, videoBitrateKbps: 1 }] }],
    ['a reserved name', { rungs: [{ name: 'master', height: 720, videoBitrateKbps: 1 }] }],
    ['an odd height', { rungs: [{ name: 'odd', height: 721, videoBitrateKbps: 1 }] }],
    [
      'a duplicate name',
      {
        rungs: [
          { name: 'a', height: 720, videoBitrateKbps: 1 },
          { name: 'a', height: 360, videoBitrateKbps: 1 },
        ],
      },
    ],
    ['no bitrate', { rungs: [{ name: 'a', height: 720, videoBitrateKbps: 0 }] }],
  ])('refuses a ladder with %s', (_, config) => {
    expect(() => planLadder(probeResult(), { ...DEFAULT_LADDER, ...config })).toThrow(RangeError);
  });

  it('refuses a source without a picture', () => {
    expect(() => planLadder(probeResult({ video: null }))).toThrow(RangeError);
  });
});
