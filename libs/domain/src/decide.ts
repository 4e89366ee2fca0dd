// The pure decision step command handlers call: given a video's stored events and one command,
// the new events to append. Handlers only add loading, appending and publishing around it.
import type { ChangeVideoMetadata } from './commands/change-video-metadata.js';
import type { DeleteVideo } from './commands/delete-video.js';
import type { FailTranscode } from './commands/fail-transcode.js';
import type { MarkVideoReady } from './commands/mark-video-ready.js';
import type { PublishVideo } from './commands/publish-video.js';
import type { RecordRenditionReady } from './commands/record-rendition-ready.js';
import type { RecordTranscodeProgress } from './commands/record-transcode-progress.js';
import type { RecordUpload } from './commands/record-upload.js';
import type { RequestTranscode } from './commands/request-transcode.js';
import type { StartTranscode } from './commands/start-transcode.js';
import type { UnpublishVideo } from './commands/unpublish-video.js';
import type { AnyVideoEvent } from './events/event-registry.js';
import { Video } from './video/video.js';

export type AnyVideoCommand =
  | RecordUpload
  | RequestTranscode
  | StartTranscode
  | RecordTranscodeProgress
  | RecordRenditionReady
  | MarkVideoReady
  | FailTranscode
  | PublishVideo
  | UnpublishVideo
  | ChangeVideoMetadata
  | DeleteVideo;

/** Runs one command against a loaded aggregate; the outcome is in `video.getUncommittedEvents()`. */
export function execute(video: Video, command: AnyVideoCommand): void {
  if (command.videoId !== video.id) {
    throw new Error(`Command ${command.type} for video ${command.videoId} sent to video ${video.id}.`);
  }
  switch (command.type) {
    case 'RecordUpload':
      // An upload always needs a transcode; one append keeps the outbox from seeing one without the other.
      video.recordUpload(command.upload);
      video.requestTranscode();
      return;
    case 'RequestTranscode':
      return video.requestTranscode();
    case 'StartTranscode':
      return video.startTranscode(command.attempt);
    case 'RecordTranscodeProgress':
      return video.recordTranscodeProgress(command.percent);
    case 'RecordRenditionReady':
      return video.recordRenditionReady(command.rendition);
    case 'MarkVideoReady':
      return video.markReady(command.output);
    case 'FailTranscode':
      return video.failTranscode(command.reason, command.retryable);
    case 'PublishVideo':
      return video.publishVideo();
    case 'UnpublishVideo':
      return video.unpublishVideo();
    case 'ChangeVideoMetadata':
      return video.changeMetadata(command.changes);
    case 'DeleteVideo':
      return video.delete();
  }
}

/**
 * The events `command` produces on top of `history` (possibly none: idempotent commands).
 * Throws a DomainError when the rules refuse it.
 */
export function decide(history: readonly AnyVideoEvent[], command: AnyVideoCommand): AnyVideoEvent[] {
  const video = Video.fromHistory(command.videoId, history);
  execute(video, command);
  return [...video.getUncommittedEvents()];
}
