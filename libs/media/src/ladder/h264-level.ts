// H.264 levels (ITU-T H.264 Table A-1) and the RFC 6381 codec string a master playlist
// declares. The level is chosen here and passed to the encoder, so the CODECS attribute
// states what the stream really is rather than what x264 might have picked.
export type H264Profile = 'high';

export interface H264Level {
  /** as the encoder takes it, e.g. "3.1" */
  readonly name: string;
  /** level_idc, e.g. 31 */
  readonly idc: number;
}

interface LevelLimits extends H264Level {
  readonly maxMacroblocksPerSec: number;
  readonly maxFrameMacroblocks: number;
  readonly maxDpbMacroblocks: number;
  /** kbit/s for Baseline/Main; High allows 1.25× (cpbBrVclFactor) */
  readonly maxBitrateKbps: number;
  readonly maxCpbKbits: number;
}

const LEVELS: readonly LevelLimits[] = [
  level('1', 10, 1485, 99, 396, 64, 175),
  level('1.1', 11, 3000, 396, 900, 192, 500),
  level('1.2', 12, 6000, 396, 2376, 384, 1000),
  level('1.3', 13, 11880, 396, 2376, 768, 2000),
  level('2', 20, 11880, 396, 2376, 2000, 2000),
  level('2.1', 21, 19800, 792, 4752, 4000, 4000),
  level('2.2', 22, 20250, 1620, 8100, 4000, 4000),
  level('3', 30, 40500, 1620, 8100, 10000, 10000),
  level('3.1', 31, 108000, 3600, 18000, 14000, 14000),
  level('3.2', 32, 216000, 5120, 20480, 20000, 20000),
  level('4', 40, 245760, 8192, 32768, 20000, 25000),
  level('4.1', 41, 245760, 8192, 32768, 50000, 62500),
  level('4.2', 42, 522240, 8704, 34816, 50000, 62500),
  level('5', 50, 589824, 22080, 110400, 135000, 135000),
  level('5.1', 51, 983040, 36864, 184320, 240000, 240000),
  level('5.2', 52, 2073600, 36864, 184320, 240000, 240000),
];

const HIGH_PROFILE_BITRATE_FACTOR = 1.25;
// Room in the decoded picture buffer for this many frames: enough for x264's presets up to
// "medium" (3 references plus B-frames) without the encoder silently exceeding the level.
const MIN_DPB_FRAMES = 4;

export interface H264StreamShape {
  readonly width: number;
  readonly height: number;
  /** the highest frame rate the stream may reach */
  readonly frameRate: number;
  /** peak bitrate (VBV maxrate), bits per second */
  readonly maxBitrate: number;
  /** VBV buffer, bits */
  readonly bufferSize: number;
}

/** The lowest level whose limits the stream fits; throws past level 5.2. */
export function chooseH264Level(shape: H264StreamShape): H264Level {
  const widthMbs = Math.ceil(shape.width / 16);
  const heightMbs = Math.ceil(shape.height / 16);
  const frameMbs = widthMbs * heightMbs;
  const found = LEVELS.find(
    (l) =>
      frameMbs <= l.maxFrameMacroblocks &&
      widthMbs * widthMbs <= 8 * l.maxFrameMacroblocks &&
      heightMbs * heightMbs <= 8 * l.maxFrameMacroblocks &&
      frameMbs * shape.frameRate <= l.maxMacroblocksPerSec &&
      frameMbs * MIN_DPB_FRAMES <= l.maxDpbMacroblocks &&
      shape.maxBitrate <= l.maxBitrateKbps * 1000 * HIGH_PROFILE_BITRATE_FACTOR &&
      shape.bufferSize <= l.maxCpbKbits * 1000 * HIGH_PROFILE_BITRATE_FACTOR,
  );
  if (!found) {
    throw new RangeError(`${shape.width}x${shape.height} at ${shape.frameRate} fps is beyond H.264 level 5.2`);
  }
  return { name: found.name, idc: found.idc };
}

const PROFILE_IDC: Readonly<Record<H264Profile, number>> = { high: 100 };

/** RFC 6381 "avc1.PPCCLL", e.g. High 3.1 → "avc1.64001f". x264 sets no constraint flags for High. */
export function avc1CodecString(profile: H264Profile, level: H264Level): string {
  return `avc1.${hex(PROFILE_IDC[profile])}00${hex(level.idc)}`;
}

/** AAC-LC, the only audio Reelguard encodes. */
export const AAC_LC_CODEC = 'mp4a.40.2';

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function level(
  name: string,
  idc: number,
  maxMacroblocksPerSec: number,
  maxFrameMacroblocks: number,
  maxDpbMacroblocks: number,
  maxBitrateKbps: number,
  maxCpbKbits: number,
): LevelLimits {
  return { name, idc, maxMacroblocksPerSec, maxFrameMacroblocks, maxDpbMacroblocks, maxBitrateKbps, maxCpbKbits };
}
