import { describe, expect, it } from 'vitest';
import { probeResult } from '../__fixtures__/probe-results.js';
import { planLadder } from '../ladder/plan-ladder.js';
import { buildMasterPlaylist } from './master-playlist.js';
import { parsePlaylist } from './parse-playlist.js';

describe('buildMasterPlaylist', () => {
  const renditions = planLadder(probeResult()).renditions;

  it('declares bandwidth, resolution, codecs and frame rate for each rendition', () => {
    const text = buildMasterPlaylist(renditions);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS']);
    const top = renditions[0];
    expect(text).toContain(
      `#EXT-X-STREAM-INF:BANDWIDTH=${top.bandwidth},AVERAGE-BANDWIDTH=${top.averageBandwidth},RESOLUTION=1920x1080,` +
        'CODECS="avc1.640028,mp4a.40.2",FRAME-RATE=30.000\n1080p.m3u8',
    );
  });

  it('starts players on the largest rendition within the start bandwidth, then lists the rest largest first', () => {
    const variants = parsePlaylist(buildMasterPlaylist(renditions));
    if (variants.type !== 'master') throw new Error('expected a master playlist');
    expect(variants.variants.map((v) => v.uri)).toEqual([
      '720p.m3u8',
      '1080p.m3u8',
      '480p.m3u8',
      '360p.m3u8',
      '240p.m3u8',
    ]);
    const low = parsePlaylist(buildMasterPlaylist(renditions, { startBandwidth: 1 }));
    if (low.type !== 'master') throw new Error('expected a master playlist');
    expect(low.variants[0].uri).toBe('240p.m3u8');
  });

  it('leaves FRAME-RATE out when it is unknown, and refuses an empty list', () => {
    expect(buildMasterPlaylist([{ ...renditions[0], frameRate: null }])).not.toContain('FRAME-RATE');
    expect(() => buildMasterPlaylist([])).toThrow(RangeError);
  });
});
