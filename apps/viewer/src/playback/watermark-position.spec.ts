// The watermark's next position: inside the frame and away from the last one.
import { describe, expect, it } from 'vitest';
import { WATERMARK_AREA, nextWatermarkPosition } from './watermark-position';

function sequence(values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

describe('nextWatermarkPosition', () => {
  it('stays inside the allowed area', () => {
    const low = nextWatermarkPosition(() => 0);
    const high = nextWatermarkPosition(() => 0.999999);
    expect(low).toEqual({ leftPercent: WATERMARK_AREA.minLeft, topPercent: WATERMARK_AREA.minTop });
    expect(high.leftPercent).toBeLessThanOrEqual(WATERMARK_AREA.maxLeft);
    expect(high.topPercent).toBeLessThanOrEqual(WATERMARK_AREA.maxTop);
  });

  it('draws again when the new spot is too close to the previous one', () => {
    const previous = nextWatermarkPosition(() => 0.5);
    const next = nextWatermarkPosition(sequence([0.5, 0.5, 0.51, 0.5, 0.05, 0.9]), previous);
    expect(next).toEqual(nextWatermarkPosition(sequence([0.05, 0.9])));
  });
});
