import { describe, expect, it } from 'vitest';
import { audioStream, probeResult, videoStream } from '../__fixtures__/probe-results.js';
import { assessSource, formatDuration } from './assess-source.js';
import type { ProbeResult } from './probe-result.js';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './source-limits.js';
import { type SourceRefusalCode, refusalCategory } from './source-refusal.js';

const limits: SourceLimits = {
  ...DEFAULT_SOURCE_LIMITS,
  maxDurationSec: 3600,
  maxDimension: 3840,
  maxPixels: 3840 * 2160,
  maxStreams: 4,
};

const cases: Array<[string, ProbeResult, SourceRefusalCode | 'ok']> = [
  ['a 1080p MP4 with sound', probeResult(), 'ok'],
  ['a silent MKV', probeResult({ formatName: 'matroska,webm', audio: null }), 'ok'],
  ['a portrait phone clip', probeResult({ video: videoStream({ rotation: 90 }) }), 'ok'],
  [
    'a Motion-JPEG AVI that lasts',
    probeResult({ formatName: 'avi', video: videoStream({ codec: 'mjpeg', frameCount: 250 }) }),
    'ok',
  ],
  ['a fragmented MP4 that declares no frames', probeResult({ video: videoStream({ frameCount: 0 }) }), 'ok'],
  ['an HLS playlist', probeResult({ formatName: 'hls', video: null, audio: null }), 'playlist'],
  ['an old-style HLS name', probeResult({ formatName: 'applehttp', video: null, audio: null }), 'playlist'],
  ['a concat list', probeResult({ formatName: 'concat' }), 'playlist'],
  ['a text file', probeResult({ formatName: 'tty', video: videoStream({ codec: 'ansi' }), audio: null }), 'text'],
  ['a PNG', probeResult({ formatName: 'png_pipe', durationSec: null, audio: null }), 'image'],
  ['a JPEG by extension', probeResult({ formatName: 'image2', durationSec: 0.04, audio: null }), 'image'],
  ['one frame of H.264', probeResult({ video: videoStream({ frameCount: 1 }), audio: null }), 'image'],
  [
    'a JPEG in a MOV',
    probeResult({ video: videoStream({ codec: 'mjpeg', frameCount: null, durationSec: null }), durationSec: 0.04 }),
    'image',
  ],
  ['sound only', probeResult({ video: null }), 'audio-only'],
  [
    'a song with cover art',
    probeResult({ formatName: 'mp3', video: null, audio: audioStream({ codec: 'mp3' }) }),
    'audio-only',
  ],
  ['nothing at all', probeResult({ video: null, audio: null }), 'no-video'],
  ['video in an unaccepted container', probeResult({ formatName: 'nut' }), 'unsupported-format'],
  ['an unknown codec', probeResult({ video: videoStream({ codec: null }) }), 'undecodable'],
  [
    'a picture of no size',
    probeResult({ video: videoStream({ width: 0, height: 0, displayWidth: 0, displayHeight: 0 }) }),
    'undecodable',
  ],
  ['no duration', probeResult({ durationSec: null }), 'no-duration'],
  ['zero duration', probeResult({ durationSec: 0 }), 'no-duration'],
  ['too long', probeResult({ durationSec: 3601 }), 'too-long'],
  ['8K', probeResult({ video: videoStream({ width: 7680, height: 4320 }) }), 'too-large'],
  ['a tall strip beyond the long side', probeResult({ video: videoStream({ width: 200, height: 4000 }) }), 'too-large'],
  [
    'too many pixels within the long side',
    probeResult({ video: videoStream({ width: 3840, height: 3840 }) }),
    'too-large',
  ],
  ['too many streams', probeResult({ streamCount: 5 }), 'too-many-streams'],
];

describe('assessSource', () => {
  it.each(cases)('%s → %s', (_, probe, expected) => {
    const result = assessSource(probe, limits);
    if (expected === 'ok') expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, code: expected });
  });

  it('explains limits in words a person can act on', () => {
    const result = assessSource(probeResult({ durationSec: 5415 }), limits);
    expect(result).toEqual({
      ok: false,
      code: 'too-long',
      reason: 'The video lasts 1 h 30 min 15 s; the limit is 1 h.',
    });
  });

  it('sorts refusals into not-a-video and beyond-limits', () => {
    expect(refusalCategory('playlist')).toBe('not-a-video');
    expect(refusalCategory('too-large')).toBe('beyond-limits');
  });
});

describe('formatDuration', () => {
  it.each([
    [42.54, '42.5 s'],
    [60, '1 min'],
    [3725, '1 h 2 min 5 s'],
    [7200, '2 h'],
  ])('%d s → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});
