// The adaptive bitrate ladder an installation encodes to, and its checks.
import { isValidRenditionName } from '../hls/resource-names.js';

export interface LadderRung {
  /** becomes part of file names: lowercase letters and digits, e.g. "720p" */
  readonly name: string;
  /** the short side of the picture: 720 means 1280x720 landscape or 720x1280 portrait */
  readonly height: number;
  /** for a full 16:9 picture; narrower pictures get proportionally less */
  readonly videoBitrateKbps: number;
}

export interface LadderConfig {
  readonly rungs: readonly LadderRung[];
  /** AAC-LC stereo, the same in every rendition */
  readonly audioBitrateKbps: number;
  /** sources faster than this are resampled to it */
  readonly maxFrameRate: number;
  /** VBV peak rate relative to the target bitrate */
  readonly peakBitrateRatio: number;
  /** VBV buffer relative to the target bitrate */
  readonly bufferRatio: number;
}

export const DEFAULT_LADDER: LadderConfig = {
  rungs: [
    { name: '1080p', height: 1080, videoBitrateKbps: 5000 },
    { name: '720p', height: 720, videoBitrateKbps: 2800 },
    { name: '480p', height: 480, videoBitrateKbps: 1400 },
    { name: '360p', height: 360, videoBitrateKbps: 800 },
    { name: '240p', height: 240, videoBitrateKbps: 400 },
  ],
  audioBitrateKbps: 128,
  maxFrameRate: 60,
  peakBitrateRatio: 1.07,
  bufferRatio: 1.5,
};

/** Throws a readable error for a ladder that could not produce valid HLS. */
export function validateLadderConfig(config: LadderConfig): void {
  if (config.rungs.length === 0) throw new RangeError('the ladder needs at least one rung');
  const names = new Set<string>();
  const heights = new Set<number>();
  for (const rung of config.rungs) {
    if (!isValidRenditionName(rung.name)) {
      throw new RangeError(`rung name "${rung.name}" must be 1–16 lowercase letters or digits and not a reserved name`);
    }
    if (names.has(rung.name)) throw new RangeError(`rung name "${rung.name}" is used twice`);
    if (heights.has(rung.height)) throw new RangeError(`two rungs have the height ${rung.height}`);
    if (!Number.isInteger(rung.height) || rung.height < 2 || rung.height % 2 !== 0) {
      throw new RangeError(`rung "${rung.name}" needs an even height of at least 2`);
    }
    if (!(rung.videoBitrateKbps > 0)) throw new RangeError(`rung "${rung.name}" needs a positive bitrate`);
    names.add(rung.name);
    heights.add(rung.height);
  }
  if (!(config.audioBitrateKbps > 0)) throw new RangeError('the audio bitrate must be positive');
  if (!(config.maxFrameRate > 0)) throw new RangeError('the maximum frame rate must be positive');
  if (!(config.peakBitrateRatio >= 1)) throw new RangeError('the peak bitrate ratio must be at least 1');
  if (!(config.bufferRatio > 0)) throw new RangeError('the buffer ratio must be positive');
}
