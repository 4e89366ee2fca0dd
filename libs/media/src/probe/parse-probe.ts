// Reads ffprobe's JSON (`-show_format -show_streams`) into a ProbeResult. Pure; tolerant of the
// many fields ffprobe leaves out or writes as "N/A", strict about the shape it relies on.
import type { AudioStreamInfo, ProbeResult, Rotation, VideoStreamInfo } from './probe-result.js';

type Json = Record<string, unknown>;

export class ProbeOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeOutputError';
  }
}

export function parseProbeOutput(output: unknown): ProbeResult {
  const root = record(output);
  const format = record(root?.format);
  if (!root || !format) throw new ProbeOutputError('ffprobe printed no format section');
  const streams = Array.isArray(root.streams) ? root.streams.map(record).filter((s): s is Json => s !== null) : [];

  const videoStreams = streams.filter((s) => s.codec_type === 'video').map(readVideo);
  const audioStreams = streams.filter((s) => s.codec_type === 'audio').map(readAudio);
  const video = videoStreams.find((v) => !v.attachedPicture) ?? null;

  return {
    formatName: text(format.format_name) ?? 'unknown',
    durationSec: positiveOrNull(number(format.duration)) ?? video?.durationSec ?? null,
    sizeBytes: number(format.size),
    streamCount: number(format.nb_streams) ?? streams.length,
    video,
    audio: audioStreams[0] ?? null,
    videoStreamCount: videoStreams.filter((v) => !v.attachedPicture).length,
    audioStreamCount: audioStreams.length,
  };
}

function readVideo(stream: Json): VideoStreamInfo {
  const width = number(stream.width) ?? 0;
  const height = number(stream.height) ?? 0;
  const rotation = readRotation(stream);
  const sampleAspectRatio = ratio(stream.sample_aspect_ratio) ?? 1;
  const squareWidth = Math.round(width * sampleAspectRatio);
  const sideways = rotation === 90 || rotation === 270;
  const pixelFormat = text(stream.pix_fmt);
  return {
    index: number(stream.index) ?? 0,
    codec: text(stream.codec_name),
    profile: text(stream.profile),
    width,
    height,
    rotation,
    sampleAspectRatio,
    displayWidth: sideways ? height : squareWidth,
    displayHeight: sideways ? squareWidth : height,
    pixelFormat,
    bitDepth: number(stream.bits_per_raw_sample) ?? bitDepthOf(pixelFormat),
    frameRate: ratio(stream.avg_frame_rate) ?? ratio(stream.r_frame_rate),
    maxFrameRate: ratio(stream.r_frame_rate),
    frameCount: number(stream.nb_frames),
    durationSec: positiveOrNull(number(stream.duration)),
    interlaced: ['tt', 'bb', 'tb', 'bt'].includes(text(stream.field_order) ?? ''),
    attachedPicture: record(stream.disposition)?.attached_pic === 1,
  };
}

function readAudio(stream: Json): AudioStreamInfo {
  return {
    index: number(stream.index) ?? 0,
    codec: text(stream.codec_name),
    channels: number(stream.channels),
    sampleRate: number(stream.sample_rate),
  };
}

// ffprobe prints the display matrix angle counter-clockwise; the legacy "rotate" tag is
// clockwise. Both are folded into the clockwise quarter turn a player applies.
function readRotation(stream: Json): Rotation {
  const sideData: unknown[] = Array.isArray(stream.side_data_list) ? stream.side_data_list : [];
  const angles = sideData.map((d) => record(d)?.rotation).filter((r): r is number => typeof r === 'number');
  const clockwise = angles.length > 0 ? -angles[0] : (number(record(stream.tags)?.rotate) ?? 0);
  const quarter = (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360;
  return quarter as Rotation;
}

function bitDepthOf(pixelFormat: string | null): number | null {
  if (pixelFormat === null) return null;
  const match = /p(\d{1,2})(?:le|be)$/.exec(pixelFormat);
  return match ? Number(match[1]) : 8;
}

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value !== 'N/A' && value !== 'unknown' ? value : null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function positiveOrNull(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

/** "30000/1001" or "16:9" → number; "0/0" and friends → null */
function ratio(value: unknown): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const match = /^(\d+)[/:](\d+)$/.exec(raw);
  if (!match) return null;
  const [num, den] = [Number(match[1]), Number(match[2])];
  return num > 0 && den > 0 ? num / den : null;
}
