// Title and/or description changed; only the fields that changed are present.
import { VideoEvent } from './video-event.js';

export interface VideoMetadataChangedData {
  readonly title?: string;
  readonly description?: string;
}

export class VideoMetadataChanged extends VideoEvent<VideoMetadataChangedData> {
  static readonly type = 'VideoMetadataChanged';
  static readonly version = 1;
  readonly type = VideoMetadataChanged.type;
}
