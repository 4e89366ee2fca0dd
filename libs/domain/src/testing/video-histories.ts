// Ready-made event histories for the Video aggregate in each interesting state, for tests.
import type { AnyVideoEvent } from '../events/event-registry.js';
import { RenditionReady } from '../events/rendition-ready.js';
import { TranscodeFailed } from '../events/transcode-failed.js';
import { TranscodeProgressed } from '../events/transcode-progressed.js';
import { TranscodeRequested } from '../events/transcode-requested.js';
import { TranscodeStarted } from '../events/transcode-started.js';
import type { Rendition } from '../events/video-event.js';
import { VideoDeleted } from '../events/video-deleted.js';
import { VideoPublished } from '../events/video-published.js';
import { VideoReady } from '../events/video-ready.js';
import { VideoUnpublished } from '../events/video-unpublished.js';
import { VideoUploaded, type VideoUploadedData } from '../events/video-uploaded.js';
import { TEST_VIDEO_ID } from './given.js';

const id = TEST_VIDEO_ID;

export const SAMPLE_UPLOAD: VideoUploadedData = {
  title: 'Harbour at dawn',
  description: 'Boats leaving the harbour.',
  sourceKey: `uploads/${id}/source`,
  sourceBytes: 10_485_760,
  originalFilename: 'harbour.mp4',
  contentType: 'video/mp4',
};

export const R360: Rendition = { name: '360p', width: 640, height: 360, bandwidth: 900_000 };
export const R720: Rendition = { name: '720p', width: 1280, height: 720, bandwidth: 3_000_000 };
export const R1080: Rendition = { name: '1080p', width: 1920, height: 1080, bandwidth: 6_000_000 };

export const uploaded = (): AnyVideoEvent[] => [new VideoUploaded(id, SAMPLE_UPLOAD)];
export const requested = (): AnyVideoEvent[] => [
  ...uploaded(),
  new TranscodeRequested(id, { sourceKey: SAMPLE_UPLOAD.sourceKey }),
];
export const running = (): AnyVideoEvent[] => [...requested(), new TranscodeStarted(id, { attempt: 1 })];
/** Playable with its first rendition while the rest of the ladder is still encoding. */
export const playableRunning = (): AnyVideoEvent[] => [
  ...running(),
  new TranscodeProgressed(id, { percent: 40 }),
  new RenditionReady(id, R360),
  new VideoReady(id, { durationSec: 20, renditions: [R360], posterKey: `videos/${id}/poster.jpg` }),
];
export const completed = (): AnyVideoEvent[] => [
  ...playableRunning(),
  new RenditionReady(id, R720),
  new TranscodeProgressed(id, { percent: 100 }),
];
export const failed = (): AnyVideoEvent[] => [
  ...running(),
  new TranscodeFailed(id, { reason: 'Not a video file.', retryable: false }),
];
export const failedAfterReady = (): AnyVideoEvent[] => [
  ...playableRunning(),
  new TranscodeFailed(id, { reason: 'Worker lost.', retryable: true }),
];
export const published = (): AnyVideoEvent[] => [...completed(), new VideoPublished(id, {})];
export const unpublished = (): AnyVideoEvent[] => [...published(), new VideoUnpublished(id, {})];
export const deleted = (): AnyVideoEvent[] => [...published(), new VideoDeleted(id, {})];
