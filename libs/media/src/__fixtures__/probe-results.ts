// Probe results for unit tests, shaped like what ffprobe reports for real files.
import type { AudioStreamInfo, ProbeResult, VideoStreamInfo } from '../probe/probe-result.js';

export function videoStream(overrides: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  const width = overrides.width ?? 1920;
  const height = overrides.height ?? 1080;
  const rotation = overrides.rotation ?? 0;
  const sideways = rotation === 90 || rotation === 270;
  return {
    index: 0,
    codec: 'h264',
    profile: 'High',
    width,
    height,
    rotation,
    sampleAspectRatio: 1,
    displayWidth: sideways ? height : width,
    displayHeight: sideways ? width : height,
    pixelFormat: 'yuv420p',
    bitDepth: 8,
    frameRate: 30,
    maxFrameRate: 30,
    frameCount: 300,
    durationSec: 10,
    interlaced: false,
    attachedPicture: false,
    ...overrides,
  };
}

export function audioStream(overrides: Partial<AudioStreamInfo> = {}): AudioStreamInfo {
  return { index: 1, codec: 'aac', channels: 2, sampleRate: 48000, ...overrides };
}

/** A 10 s 1080p H.264 + AAC MP4 unless told otherwise. */
export function probeResult(overrides: Partial<ProbeResult> = {}): ProbeResult {
  const video = overrides.video === undefined ? videoStream() : overrides.video;
  const audio = overrides.audio === undefined ? audioStream() : overrides.audio;
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSec: 10,
    sizeBytes: 5_000_000,
    streamCount: (video ? 1 : 0) + (audio ? 1 : 0),
    videoStreamCount: video ? 1 : 0,
    audioStreamCount: audio ? 1 : 0,
    ...overrides,
    video,
    audio,
  };
}
