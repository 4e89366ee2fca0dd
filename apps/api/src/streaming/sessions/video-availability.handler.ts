// Unpublishing or deleting a video ends its live playback sessions. The video commands publish
// their committed events on Nest's EventBus in the process that ran them; the revocation then
// reaches the other API instances through Redis.
import { Inject } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { VideoDeleted, VideoUnpublished } from '@reelguard/domain';
import { PlaybackSessionsService } from './playback-sessions.service.js';

@EventsHandler(VideoUnpublished, VideoDeleted)
export class VideoAvailabilityHandler implements IEventHandler<VideoUnpublished | VideoDeleted> {
  constructor(@Inject(PlaybackSessionsService) private readonly sessions: PlaybackSessionsService) {}

  handle(event: VideoUnpublished | VideoDeleted): Promise<void> {
    return this.sessions.endForVideo(
      event.videoId,
      event.type === 'VideoDeleted' ? 'video_deleted' : 'video_unpublished',
    );
  }
}
