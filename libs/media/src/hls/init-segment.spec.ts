import { describe, expect, it } from 'vitest';
import { avcCodecFromInitSegment } from './init-segment.js';

describe('avcCodecFromInitSegment', () => {
  it('reads profile, constraint flags and level from the avcC box', () => {
    const avcC = Buffer.concat([
      Buffer.from([0, 0, 0, 20]),
      Buffer.from('avcC'),
      Buffer.from([1, 0x64, 0x00, 0x1f, 0xff]),
    ]);
    const init = Buffer.concat([Buffer.from('....ftypiso6....moov....avc1'), avcC]);
    expect(avcCodecFromInitSegment(init)).toBe('avc1.64001f');
  });

  it('returns null without H.264', () => {
    expect(avcCodecFromInitSegment(Buffer.from('....ftypiso6....moov....mp4a'))).toBeNull();
  });
});
