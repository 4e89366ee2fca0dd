// A source file was stored and a video now exists. Opens every stream.
import { VideoEvent } from './video-event.js';

export interface VideoUploadedData {
  readonly title: string;
  readonly description: string;
  /** Object key of the untouched source in the bucket. */
  readonly sourceKey: string;
  readonly sourceBytes: number;
  /** As the uploader named it, reduced to a base name; informative only. */
  readonly originalFilename: string;
  /** As the uploader declared it; never trusted, the worker probes the bytes. */
  readonly contentType: string;
}

export class VideoUploaded extends VideoEvent<VideoUploadedData> {
  static readonly type = 'VideoUploaded';
  static readonly version = 1;
  readonly type = VideoUploaded.type;
}
