// The video is gone for everyone: storage is cleaned up and the stream accepts nothing more.
import { VideoEvent, type NoPayload } from './video-event.js';

export class VideoDeleted extends VideoEvent<NoPayload> {
  static readonly type = 'VideoDeleted';
  static readonly version = 1;
  readonly type = VideoDeleted.type;
}
