// Viewers may no longer find or watch the video; its live playback sessions end.
import { VideoEvent, type NoPayload } from './video-event.js';

export class VideoUnpublished extends VideoEvent<NoPayload> {
  static readonly type = 'VideoUnpublished';
  static readonly version = 1;
  readonly type = VideoUnpublished.type;
}
