// The limits a source must respect and the container formats Reelguard accepts. The format
// list doubles as FFmpeg's `-format_whitelist`, so a file that claims to be something else
// (a playlist, a concat list, an SDP file) is never even parsed by the matching demuxer.
export interface SourceLimits {
  readonly maxDurationSec: number;
  /** width × height, after rotation and pixel aspect */
  readonly maxPixels: number;
  /** longest side in pixels */
  readonly maxDimension: number;
  /** every stream counts: video, audio, subtitles, data, cover art */
  readonly maxStreams: number;
  /** FFmpeg demuxer names allowed to read a source */
  readonly acceptedFormats: readonly string[];
}

/** Containers that carry video and read only the one file they are given. */
export const VIDEO_CONTAINER_FORMATS: readonly string[] = [
  'mov', // also mp4, m4v, 3gp
  'matroska', // also webm
  'avi',
  'mpegts',
  'mpeg',
  'flv',
  'asf',
  'ogg',
  'mxf',
  'dv',
];

/** Single-image demuxers: safe to read, accepted only so a picture is refused by name. */
export const STILL_IMAGE_FORMATS: readonly string[] = [
  'png_pipe',
  'jpeg_pipe',
  'webp_pipe',
  'bmp_pipe',
  'tiff_pipe',
  'gif',
];

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxDurationSec: 4 * 3600,
  maxPixels: 4096 * 2160,
  maxDimension: 4096,
  maxStreams: 16,
  acceptedFormats: VIDEO_CONTAINER_FORMATS,
};

// Demuxers that open other files or network resources named inside the input.
const PLAYLIST_FORMATS = new Set([
  'hls',
  'applehttp',
  'concat',
  'ffconcat',
  'dash',
  'webm_dash_manifest',
  'sdp',
  'rtsp',
  'rtp',
]);
const TEXT_FORMATS = new Set([
  'tty',
  'srt',
  'ass',
  'webvtt',
  'subviewer',
  'microdvd',
  'mpl2',
  'jacosub',
  'lrc',
  'sami',
  'realtext',
  'stl',
]);
const IMAGE_FORMATS = new Set([
  'image2',
  'image2pipe',
  'gif',
  'apng',
  'webp',
  'ico',
  'alias_pix',
  'brender_pix',
  'jpegxl_anim',
]);

export type FormatCategory = 'playlist' | 'text' | 'image' | 'other';

/** What kind of file ffprobe's format name says this is (names may be lists, e.g. "hls,applehttp"). */
export function formatCategory(formatName: string): FormatCategory {
  const names = formatName.split(',').map((n) => n.trim());
  if (names.some((n) => PLAYLIST_FORMATS.has(n))) return 'playlist';
  if (names.some((n) => TEXT_FORMATS.has(n))) return 'text';
  if (names.some((n) => IMAGE_FORMATS.has(n) || n.endsWith('_pipe'))) return 'image';
  return 'other';
}

/** True when one of the format's names is in the accepted list. */
export function isAcceptedFormat(formatName: string, accepted: readonly string[]): boolean {
  return formatName.split(',').some((name) => accepted.includes(name.trim()));
}
