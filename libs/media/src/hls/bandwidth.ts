// Bandwidth measured from the segments actually produced, for a master playlist that states
// what the files are rather than what the encoder was asked for (RFC 8216 §4.3.4.2).
export interface SegmentSize {
  readonly durationSec: number;
  readonly bytes: number;
}

export interface MeasuredBandwidth {
  /** the highest bitrate of any one segment */
  readonly peak: number;
  readonly average: number;
}

export function measureBandwidth(segments: readonly SegmentSize[]): MeasuredBandwidth {
  const timed = segments.filter((s) => s.durationSec > 0);
  if (timed.length === 0) throw new RangeError('bandwidth needs at least one segment with a duration');
  const bits = timed.reduce((sum, s) => sum + s.bytes * 8, 0);
  const seconds = timed.reduce((sum, s) => sum + s.durationSec, 0);
  const peak = Math.max(...timed.map((s) => (s.bytes * 8) / s.durationSec));
  return { peak: Math.ceil(peak), average: Math.ceil(bits / seconds) };
}
