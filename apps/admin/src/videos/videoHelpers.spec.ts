// Unit tests of the video screens' pure rules: polling, playability, storyboards, formatting.
import { describe, expect, it } from 'vitest';
import { formatBandwidth, formatBytes, formatDuration } from '../common/format';
import { parseStoryboard, resolveAgainst, sampleTiles } from './storyboard';
import { canPublish, isPlayable, listRefetchInterval } from './videoState';

describe('listRefetchInterval', () => {
  it('polls every 2 s while any row is uploaded, processing or ready below 100 %, and stops otherwise', () => {
    expect(
      listRefetchInterval([
        { status: 'ready', progress: 100 },
        { status: 'processing', progress: 40 },
      ]),
    ).toBe(2000);
    expect(listRefetchInterval([{ status: 'uploaded', progress: 0 }])).toBe(2000);
    // Playable early: the rest of the ladder is still being encoded.
    expect(listRefetchInterval([{ status: 'ready', progress: 62 }])).toBe(2000);
    expect(
      listRefetchInterval([
        { status: 'ready', progress: 100 },
        { status: 'failed', progress: 30 },
      ]),
    ).toBe(false);
    expect(listRefetchInterval(undefined)).toBe(false);
  });
});

describe('video rules', () => {
  const rendition = { name: '360p', width: 640, height: 360, bandwidth: 800_000 };
  it('plays ready videos and processing ones with a first rendition', () => {
    expect(isPlayable({ status: 'ready', renditions: [rendition] })).toBe(true);
    expect(isPlayable({ status: 'processing', renditions: [rendition] })).toBe(true);
    expect(isPlayable({ status: 'processing', renditions: [] })).toBe(false);
    expect(isPlayable({ status: 'failed', renditions: [rendition] })).toBe(false);
  });

  it('offers publishing only for ready, unpublished videos', () => {
    expect(canPublish({ status: 'ready', published: false })).toBe(true);
    expect(canPublish({ status: 'ready', published: true })).toBe(false);
    expect(canPublish({ status: 'processing', published: false })).toBe(false);
  });
});

describe('parseStoryboard', () => {
  const vtt = [
    'WEBVTT',
    '',
    '00:00.000 --> 00:05.000',
    'sprite.jpg?token=a#xywh=0,0,160,90',
    '',
    '00:00:05.000 --> 00:00:10.000 align:start',
    'sprite.jpg?token=a#xywh=160,0,160,90',
    '',
    '00:10.000 --> 00:15.000',
    'no-fragment.jpg',
  ].join('\r\n');

  it('reads cues with sprite fragments, resolving the sprite against the WebVTT URL', () => {
    expect(parseStoryboard(vtt, '/videos/v1/storyboard.vtt?token=x')).toEqual([
      { start: 0, end: 5, image: '/videos/v1/sprite.jpg?token=a', x: 0, y: 0, width: 160, height: 90 },
      { start: 5, end: 10, image: '/videos/v1/sprite.jpg?token=a', x: 160, y: 0, width: 160, height: 90 },
    ]);
  });

  it('keeps absolute sprite URLs absolute', () => {
    expect(resolveAgainst('https://cdn.test/s.jpg', '/videos/v1/sb.vtt')).toBe('https://cdn.test/s.jpg');
    expect(resolveAgainst('s.jpg', 'https://cdn.test/v1/sb.vtt')).toBe('https://cdn.test/v1/s.jpg');
  });

  it('samples evenly', () => {
    expect(sampleTiles([0, 1, 2, 3, 4, 5, 6, 7], 4)).toEqual([0, 2, 4, 6]);
    expect(sampleTiles([0, 1], 4)).toEqual([0, 1]);
  });
});

describe('formatting', () => {
  it('formats durations, sizes and bit rates', () => {
    expect([formatDuration(5), formatDuration(65.4), formatDuration(3725), formatDuration(null)]).toEqual([
      '0:05',
      '1:05',
      '1:02:05',
      '—',
    ]);
    expect([formatBytes(512), formatBytes(1536), formatBytes(5 * 1024 ** 3)]).toEqual(['512 B', '1.5 KB', '5.0 GB']);
    expect([formatBandwidth(800_000), formatBandwidth(5_360_000), formatBandwidth(0)]).toEqual([
      '800 kbit/s',
      '5.4 Mbit/s',
      '—',
    ]);
  });
});
