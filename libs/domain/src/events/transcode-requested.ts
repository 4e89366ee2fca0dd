// Work was asked for: the outbox relay turns this event into a transcode job (event id = job id).
import { VideoEvent } from './video-event.js';

export interface TranscodeRequestedData {
  /** Carried so the job can be built from this event alone. */
  readonly sourceKey: string;
}

export class TranscodeRequested extends VideoEvent<TranscodeRequestedData> {
  static readonly type = 'TranscodeRequested';
  static readonly version = 1;
  readonly type = TranscodeRequested.type;
}
