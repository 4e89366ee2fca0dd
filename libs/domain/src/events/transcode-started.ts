// A worker picked the job up; a retried job starts again with a higher attempt.
import { VideoEvent } from './video-event.js';

export interface TranscodeStartedData {
  /** 1 for the first run of a job, as counted by the queue. */
  readonly attempt: number;
}

export class TranscodeStarted extends VideoEvent<TranscodeStartedData> {
  static readonly type = 'TranscodeStarted';
  static readonly version = 1;
  readonly type = TranscodeStarted.type;
}
