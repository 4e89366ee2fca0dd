// One command handler per Video command. Every handler does the same three things (load the
// stream, let the aggregate decide, append with the projection), so each is made by one factory
// around VideoStore rather than written out eleven times; after the append, the stored events
// are published on Nest's EventBus for in-process subscribers.
import { Inject, type Type } from '@nestjs/common';
import { CommandHandler, EventBus } from '@nestjs/cqrs';
import {
  ChangeVideoMetadata,
  DeleteVideo,
  FailTranscode,
  MarkVideoReady,
  PublishVideo,
  RecordRenditionReady,
  RecordTranscodeProgress,
  RecordUpload,
  RequestTranscode,
  StartTranscode,
  UnpublishVideo,
  type AnyVideoCommand,
  type VideoCommandResult,
} from '@reelguard/domain';
import { VideoStore, toDomainEvent } from './video-store.js';

interface VideoCommandHandler<C> {
  execute(command: C): Promise<VideoCommandResult>;
}

function videoCommandHandler<C extends AnyVideoCommand>(command: Type<C>): Type<VideoCommandHandler<C>> {
  @CommandHandler(command)
  class Handler implements VideoCommandHandler<C> {
    constructor(
      @Inject(VideoStore) private readonly store: VideoStore,
      @Inject(EventBus) private readonly bus: EventBus,
    ) {}

    async execute(cmd: C): Promise<VideoCommandResult> {
      const outcome = await this.store.execute(cmd);
      // Persist first, publish after: subscribers only ever see committed events.
      if (outcome.events.length > 0) this.bus.publishAll(outcome.events.map(toDomainEvent));
      return { videoId: outcome.videoId, version: outcome.version };
    }
  }
  Object.defineProperty(Handler, 'name', { value: `${command.name}Handler` });
  return Handler;
}

export const RecordUploadHandler = videoCommandHandler(RecordUpload);
export const RequestTranscodeHandler = videoCommandHandler(RequestTranscode);
export const StartTranscodeHandler = videoCommandHandler(StartTranscode);
export const RecordTranscodeProgressHandler = videoCommandHandler(RecordTranscodeProgress);
export const RecordRenditionReadyHandler = videoCommandHandler(RecordRenditionReady);
export const MarkVideoReadyHandler = videoCommandHandler(MarkVideoReady);
export const FailTranscodeHandler = videoCommandHandler(FailTranscode);
export const PublishVideoHandler = videoCommandHandler(PublishVideo);
export const UnpublishVideoHandler = videoCommandHandler(UnpublishVideo);
export const ChangeVideoMetadataHandler = videoCommandHandler(ChangeVideoMetadata);
export const DeleteVideoHandler = videoCommandHandler(DeleteVideo);

export const VIDEO_COMMAND_HANDLERS = [
  RecordUploadHandler,
  RequestTranscodeHandler,
  StartTranscodeHandler,
  RecordTranscodeProgressHandler,
  RecordRenditionReadyHandler,
  MarkVideoReadyHandler,
  FailTranscodeHandler,
  PublishVideoHandler,
  UnpublishVideoHandler,
  ChangeVideoMetadataHandler,
  DeleteVideoHandler,
];
