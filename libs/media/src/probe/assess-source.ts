// Decides from a probe whether a source is a video Reelguard will transcode. Pure: the same
// probe and limits always give the same answer, with a reason a person can act on.
import type { ProbeResult, VideoStreamInfo } from './probe-result.js';
import { type SourceAssessment, refuse } from './source-refusal.js';
import { type SourceLimits, formatCategory, isAcceptedFormat } from './source-limits.js';

// Codecs that usually hold a single picture; one frame of any codec is a still as well.
const IMAGE_CODECS = new Set([
  'mjpeg',
  'png',
  'apng',
  'bmp',
  'gif',
  'webp',
  'tiff',
  'jpeg2000',
  'jpegls',
  'jpegxl',
  'ppm',
  'pgm',
  'pam',
  'qoi',
  'targa',
]);
// Below this a "video" is a picture with a nominal duration (image demuxers report 1/25 s).
const MIN_MOVING_DURATION_SEC = 0.1;

export function assessSource(probe: ProbeResult, limits: SourceLimits): SourceAssessment {
  switch (formatCategory(probe.formatName)) {
    case 'playlist':
      return refuse(
        'playlist',
        'The file is a playlist or a list of other files, not a video. Upload the video file itself.',
      );
    case 'text':
      return refuse('text', 'The file is text, not a video.');
    case 'image':
      return refuse('image', 'The file is a still image, not a video.');
    case 'other':
      break;
  }

  const video = probe.video;
  if (!video) {
    return probe.audio
      ? refuse('audio-only', 'The file has sound but no picture: only videos are accepted.')
      : refuse('no-video', 'The file contains no video stream.');
  }
  if (isStillImage(video, probe)) return refuse('image', 'The file is a still image, not a video.');
  if (!isAcceptedFormat(probe.formatName, limits.acceptedFormats)) {
    return refuse(
      'unsupported-format',
      `The container format (${probe.formatName}) is not accepted. Use MP4, MOV, MKV or WebM.`,
    );
  }
  if (video.codec === null || video.width <= 0 || video.height <= 0 || video.pixelFormat === null) {
    return refuse('undecodable', 'The video stream is in a format that cannot be decoded.');
  }

  const duration = probe.durationSec;
  if (duration === null || duration <= 0) {
    return refuse('no-duration', 'The video has no known duration; the file may be damaged or incomplete.');
  }
  if (duration > limits.maxDurationSec) {
    return refuse(
      'too-long',
      `The video lasts ${formatDuration(duration)}; the limit is ${formatDuration(limits.maxDurationSec)}.`,
    );
  }

  const { displayWidth: width, displayHeight: height } = video;
  if (Math.max(width, height) > limits.maxDimension || width * height > limits.maxPixels) {
    return refuse(
      'too-large',
      `The video is ${width}×${height}; the limit is ${limits.maxDimension} pixels on the long side and ` +
        `${(limits.maxPixels / 1e6).toFixed(1)} megapixels.`,
    );
  }
  if (probe.streamCount > limits.maxStreams) {
    return refuse(
      'too-many-streams',
      `The file has ${probe.streamCount} streams; at most ${limits.maxStreams} are accepted.`,
    );
  }
  return { ok: true };
}

function isStillImage(video: VideoStreamInfo, probe: ProbeResult): boolean {
  // 0 is what fragmented MP4 declares (its frames live in the fragments), so only 1 counts.
  if (video.frameCount === 1) return true;
  if (video.codec === null || !IMAGE_CODECS.has(video.codec)) return false;
  // An image codec in a real container (Motion-JPEG AVI from old cameras) is a video if it lasts.
  const duration = probe.durationSec ?? video.durationSec;
  return duration === null || duration < MIN_MOVING_DURATION_SEC;
}

/** 5415 → "1 h 30 min 15 s"; 42.5 → "42.5 s" */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const total = Math.round(seconds);
  const parts: string[] = [];
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  if (secs > 0) parts.push(`${secs} s`);
  return parts.join(' ');
}
