// Plans the renditions of one source from the ladder: never larger than the source, aspect
// ratio kept, even dimensions, rotation honoured, H.264 level and HLS attributes worked out.
// Pure: the encoder, the master playlist and the read model all take their figures from here.
import type { ProbeResult } from '../probe/probe-result.js';
import { AAC_LC_CODEC, type H264Level, type H264Profile, avc1CodecString, chooseH264Level } from './h264-level.js';
import { DEFAULT_LADDER, type LadderConfig, type LadderRung, validateLadderConfig } from './ladder-config.js';

export interface PlannedRendition {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** bits per second */
  readonly videoBitrate: number;
  readonly maxVideoBitrate: number;
  /** VBV buffer, bits */
  readonly videoBufferSize: number;
  /** bits per second; null when the source has no sound */
  readonly audioBitrate: number | null;
  /** average output frames per second, when known */
  readonly frameRate: number | null;
  readonly profile: H264Profile;
  readonly level: H264Level;
  /** RFC 6381, for the master playlist's CODECS */
  readonly codecs: string;
  /** estimated peak and average bits per second, container included (HLS BANDWIDTH, AVERAGE-BANDWIDTH) */
  readonly bandwidth: number;
  readonly averageBandwidth: number;
}

export interface LadderPlan {
  /** largest first; never empty */
  readonly renditions: readonly PlannedRendition[];
  readonly videoStreamIndex: number;
  readonly audioStreamIndex: number | null;
  readonly durationSec: number | null;
  /** set when the source is faster than the ladder's maximum and must be resampled */
  readonly outputFrameRate: number | null;
  readonly deinterlace: boolean;
}

// The rung's box has the 16:9 shape of its name; a source is fitted inside it.
const BOX_ASPECT = 16 / 9;
// Fewer pixels than the box get proportionally fewer bits, but never below this share.
const MIN_BITRATE_SHARE = 0.25;
// fMP4 boxes and AES padding on top of the elementary streams.
const CONTAINER_OVERHEAD = 1.05;

export function planLadder(probe: ProbeResult, config: LadderConfig = DEFAULT_LADDER): LadderPlan {
  validateLadderConfig(config);
  const video = probe.video;
  if (!video || video.displayWidth < 2 || video.displayHeight < 2) {
    throw new RangeError('a ladder needs a source with a video stream of known size');
  }
  const source = { width: video.displayWidth, height: video.displayHeight };
  const averageRate = video.frameRate;
  const outputFrameRate = averageRate !== null && averageRate > config.maxFrameRate ? config.maxFrameRate : null;
  const frameRate = averageRate === null ? null : Math.min(averageRate, config.maxFrameRate);
  // Variable frame rate sources can momentarily run at their "real base" rate, and an unknown
  // rate is planned as the fastest allowed: a level too high is harmless, one too low is not.
  const peakFrameRate = Math.min(
    Math.max(video.maxFrameRate ?? 0, frameRate ?? config.maxFrameRate),
    config.maxFrameRate,
  );
  const audioBitrate = probe.audio ? config.audioBitrateKbps * 1000 : null;

  const rungs = [...config.rungs].sort((a, b) => b.height - a.height);
  const fitted = rungs.map((rung) => ({ rung, ...fitInRung(source, rung) }));
  const withoutEnlarging = fitted.filter((candidate) => !candidate.enlarges);
  // A source smaller than every rung still gets one rendition: the smallest, at its own size.
  const chosen = withoutEnlarging.length > 0 ? withoutEnlarging : fitted.slice(-1);

  const seen = new Set<string>();
  const renditions: PlannedRendition[] = [];
  for (const { rung, size } of chosen) {
    const key = `${size.width}x${size.height}`;
    if (seen.has(key)) continue;
    seen.add(key);
    renditions.push(planRendition(rung, size, { frameRate, peakFrameRate, audioBitrate, config }));
  }

  return {
    renditions,
    videoStreamIndex: video.index,
    audioStreamIndex: probe.audio?.index ?? null,
    durationSec: probe.durationSec,
    outputFrameRate,
    deinterlace: video.interlaced,
  };
}

interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The source scaled down to fit the rung's box (a portrait source fits a portrait box), or kept
 * at its own size with `enlarges` set when the box is bigger than the source.
 */
function fitInRung(source: Size, rung: LadderRung): { size: Size; enlarges: boolean } {
  const portrait = source.height > source.width;
  const boxShort = rung.height;
  const boxLong = evenRound(rung.height * BOX_ASPECT);
  const box = portrait ? { width: boxShort, height: boxLong } : { width: boxLong, height: boxShort };
  const scale = Math.min(box.width / source.width, box.height / source.height);
  const factor = Math.min(scale, 1);
  const size = {
    width: evenAtMost(source.width * factor, source.width),
    height: evenAtMost(source.height * factor, source.height),
  };
  return { size, enlarges: scale > 1 };
}

function planRendition(
  rung: LadderRung,
  size: Size,
  context: { frameRate: number | null; peakFrameRate: number; audioBitrate: number | null; config: LadderConfig },
): PlannedRendition {
  const { config, audioBitrate } = context;
  const boxPixels = evenRound(rung.height * BOX_ASPECT) * rung.height;
  const share = Math.max(MIN_BITRATE_SHARE, Math.min(1, (size.width * size.height) / boxPixels));
  const videoBitrate = Math.round((rung.videoBitrateKbps * share) / 10) * 10_000;
  const maxVideoBitrate = Math.round(videoBitrate * config.peakBitrateRatio);
  const videoBufferSize = Math.round(videoBitrate * config.bufferRatio);
  const profile: H264Profile = 'high';
  const level = chooseH264Level({
    width: size.width,
    height: size.height,
    frameRate: context.peakFrameRate,
    maxBitrate: maxVideoBitrate,
    bufferSize: videoBufferSize,
  });
  const audio = audioBitrate ?? 0;
  return {
    name: rung.name,
    width: size.width,
    height: size.height,
    videoBitrate,
    maxVideoBitrate,
    videoBufferSize,
    audioBitrate,
    frameRate: context.frameRate,
    profile,
    level,
    codecs:
      audioBitrate === null ? avc1CodecString(profile, level) : `${avc1CodecString(profile, level)},${AAC_LC_CODEC}`,
    bandwidth: Math.ceil((maxVideoBitrate + audio) * CONTAINER_OVERHEAD),
    averageBandwidth: Math.ceil((videoBitrate + audio) * CONTAINER_OVERHEAD),
  };
}

function evenRound(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** The nearest even number, but never above `limit` (an odd source side rounds down). */
function evenAtMost(value: number, limit: number): number {
  return Math.max(2, Math.min(evenRound(value), Math.floor(limit / 2) * 2));
}
