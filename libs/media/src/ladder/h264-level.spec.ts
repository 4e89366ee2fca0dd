import { describe, expect, it } from 'vitest';
import { avc1CodecString, chooseH264Level } from './h264-level.js';

const shape = (width: number, height: number, frameRate: number, maxKbps: number) => ({
  width,
  height,
  frameRate,
  maxBitrate: maxKbps * 1000,
  bufferSize: maxKbps * 1500,
});

describe('chooseH264Level', () => {
  it.each([
    ['1080p30', '4', shape(1920, 1080, 30, 5350)],
    ['1080p60', '4.2', shape(1920, 1080, 60, 5350)],
    ['720p30', '3.1', shape(1280, 720, 30, 2996)],
    ['720p60', '3.2', shape(1280, 720, 60, 2996)],
    ['480p30 (wider than NTSC 720x480, so past level 3)', '3.1', shape(854, 480, 30, 1498)],
    ['360p30', '3', shape(640, 360, 30, 856)],
    ['240p30', '2.1', shape(426, 240, 30, 428)],
    ['a thumbnail-sized stream', '1.1', shape(160, 90, 25, 100)],
    ['4K30', '5.1', shape(3840, 2160, 30, 20000)],
    ['a bitrate beyond level 4', '4.1', shape(1920, 1080, 30, 30000)],
  ])('%s → level %s', (_, level, stream) => {
    expect(chooseH264Level(stream).name).toBe(level);
  });

  it('refuses what no level allows', () => {
    expect(() => chooseH264Level(shape(8192, 4320, 60, 10000))).toThrow(RangeError);
  });
});

describe('avc1CodecString', () => {
  it('writes profile, constraint flags and level as hex', () => {
    expect(avc1CodecString('high', { name: '4', idc: 40 })).toBe('avc1.640028');
    expect(avc1CodecString('high', { name: '3.1', idc: 31 })).toBe('avc1.64001f');
  });
});
