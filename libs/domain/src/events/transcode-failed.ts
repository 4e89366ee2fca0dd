// The worker gave up on this request (attempts exhausted or an error no retry can fix).
import { VideoEvent } from './video-event.js';

export interface TranscodeFailedData {
  /** Readable by an admin; never a path, stack trace or command line. */
  readonly reason: string;
  /** Whether requesting the transcode again may succeed (a transient cause), as advice for people. */
  readonly retryable: boolean;
}

export class TranscodeFailed extends VideoEvent<TranscodeFailedData> {
  static readonly type = 'TranscodeFailed';
  static readonly version = 1;
  readonly type = TranscodeFailed.type;
}
