// Public surface of @reelguard/domain: the Video aggregate, its commands and events, and the
// conversions the event store needs. Pure TypeScript, no I/O.
export * from './errors.js';

export { VideoEvent, type NoPayload, type Rendition, type Storyboard } from './events/video-event.js';
export { VideoUploaded, type VideoUploadedData } from './events/video-uploaded.js';
export { TranscodeRequested, type TranscodeRequestedData } from './events/transcode-requested.js';
export { TranscodeStarted, type TranscodeStartedData } from './events/transcode-started.js';
export { TranscodeProgressed, type TranscodeProgressedData } from './events/transcode-progressed.js';
export { RenditionReady, type RenditionReadyData } from './events/rendition-ready.js';
export { VideoReady, type VideoReadyData } from './events/video-ready.js';
export { TranscodeFailed, type TranscodeFailedData } from './events/transcode-failed.js';
export { VideoPublished } from './events/video-published.js';
export { VideoUnpublished } from './events/video-unpublished.js';
export { VideoMetadataChanged, type VideoMetadataChangedData } from './events/video-metadata-changed.js';
export { VideoDeleted } from './events/video-deleted.js';
export {
  CURRENT_EVENT_VERSIONS,
  VIDEO_EVENT_TYPES,
  eventFromRecord,
  eventToRecord,
  isVideoEventType,
  upcast,
  type AnyVideoEvent,
  type VideoEventRecord,
  type VideoEventType,
} from './events/event-registry.js';
export {
  UpcastError,
  buildUpcaster,
  type EventPayload,
  type UpcastStep,
  type UpcastSteps,
  type Upcaster,
} from './events/upcasting.js';

export {
  SYSTEM_ACTOR,
  VideoCommand,
  type Actor,
  type CommandContext,
  type EventMetadata,
  type VideoCommandResult,
} from './commands/video-command.js';
export { RecordUpload } from './commands/record-upload.js';
export { RequestTranscode } from './commands/request-transcode.js';
export { StartTranscode } from './commands/start-transcode.js';
export { RecordTranscodeProgress } from './commands/record-transcode-progress.js';
export { RecordRenditionReady } from './commands/record-rendition-ready.js';
export { MarkVideoReady } from './commands/mark-video-ready.js';
export { FailTranscode } from './commands/fail-transcode.js';
export { PublishVideo } from './commands/publish-video.js';
export { UnpublishVideo } from './commands/unpublish-video.js';
export { ChangeVideoMetadata } from './commands/change-video-metadata.js';
export { DeleteVideo } from './commands/delete-video.js';

export { Video } from './video/video.js';
export type { TranscodeFailure, TranscodePhase, VideoSnapshot, VideoStatus } from './video/video-state.js';
export {
  DESCRIPTION_MAX_CHARS,
  TITLE_MAX_CHARS,
  defaultTitleFor,
  normaliseDescription,
  normaliseTitle,
  type MetadataChanges,
  type UploadDetails,
} from './video/metadata-rules.js';
export type { ReadyOutput } from './video/transcode-rules.js';
export { decide, execute, type AnyVideoCommand } from './decide.js';
