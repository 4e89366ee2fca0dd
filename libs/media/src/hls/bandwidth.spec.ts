import { describe, expect, it } from 'vitest';
import { measureBandwidth } from './bandwidth.js';

describe('measureBandwidth', () => {
  it('takes the busiest segment as the peak and all bits over all time as the average', () => {
    expect(
      measureBandwidth([
        { durationSec: 4, bytes: 500_000 },
        { durationSec: 4, bytes: 1_000_000 },
        { durationSec: 2, bytes: 250_000 },
      ]),
    ).toEqual({ peak: 2_000_000, average: 1_400_000 });
  });

  it('needs at least one timed segment', () => {
    expect(() => measureBandwidth([{ durationSec: 0, bytes: 10 }])).toThrow(RangeError);
  });
});
