// Viewers may now find and watch the video.
import { VideoEvent, type NoPayload } from './video-event.js';

export class VideoPublished extends VideoEvent<NoPayload> {
  static readonly type = 'VideoPublished';
  static readonly version = 1;
  readonly type = VideoPublished.type;
}
