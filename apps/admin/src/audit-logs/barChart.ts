// Geometry of the granted/denied bar chart, computed apart from React so it is testable: one
// stacked bar per time bucket, scaled to the busiest bucket, with a few round-number gridlines.
import type { AuditStatsPoint } from '../dataProvider/apiTypes';

export interface ChartBar {
  at: string;
  x: number;
  width: number;
  grantedY: number;
  grantedHeight: number;
  deniedY: number;
  deniedHeight: number;
  granted: number;
  denied: number;
}

export interface ChartLayout {
  bars: ChartBar[];
  max: number;
  ticks: number[];
}

/** A round upper bound (1, 2, 5 × 10ⁿ) at or above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * magnitude >= value) ?? 10;
  return step * magnitude;
}

export function layoutBars(points: readonly AuditStatsPoint[], width: number, height: number, gap = 2): ChartLayout {
  const max = niceCeiling(Math.max(0, ...points.map((point) => point.granted + point.denied)));
  const slot = points.length > 0 ? width / points.length : width;
  const barWidth = Math.max(1, slot - gap);
  const scale = (count: number): number => (count / max) * height;
  const bars = points.map((point, index): ChartBar => {
    const grantedHeight = scale(point.granted);
    const deniedHeight = scale(point.denied);
    return {
      at: point.at,
      x: index * slot + gap / 2,
      width: barWidth,
      grantedY: height - grantedHeight,
      grantedHeight,
      deniedY: height - grantedHeight - deniedHeight,
      deniedHeight,
      granted: point.granted,
      denied: point.denied,
    };
  });
  return { bars, max, ticks: [0, max / 2, max] };
}
