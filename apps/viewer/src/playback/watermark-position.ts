// Where the moving watermark goes next: a random spot inside the frame (as percentages, so it
// follows resizes and fullscreen), noticeably away from where it was.

export interface WatermarkPosition {
  leftPercent: number;
  topPercent: number;
}

export const WATERMARK_AREA = { minLeft: 3, maxLeft: 62, minTop: 5, maxTop: 80 } as const;
const MIN_JUMP_PERCENT = 15;
const ATTEMPTS = 6;

function randomPosition(random: () => number): WatermarkPosition {
  const { minLeft, maxLeft, minTop, maxTop } = WATERMARK_AREA;
  return {
    leftPercent: Math.round((minLeft + random() * (maxLeft - minLeft)) * 10) / 10,
    topPercent: Math.round((minTop + random() * (maxTop - minTop)) * 10) / 10,
  };
}

export function nextWatermarkPosition(random: () => number, previous?: WatermarkPosition): WatermarkPosition {
  let candidate = randomPosition(random);
  for (let attempt = 1; previous && attempt < ATTEMPTS; attempt += 1) {
    const jump = Math.hypot(candidate.leftPercent - previous.leftPercent, candidate.topPercent - previous.topPercent);
    if (jump >= MIN_JUMP_PERCENT) break;
    candidate = randomPosition(random);
  }
  return candidate;
}
