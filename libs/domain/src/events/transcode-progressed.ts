// The running transcode moved forward (throttled by the worker). `percent: 100` means complete.
import { VideoEvent } from './video-event.js';

export interface TranscodeProgressedData {
  /** Integer 0–100, strictly higher than the last one recorded for this request. */
  readonly percent: number;
}

export class TranscodeProgressed extends VideoEvent<TranscodeProgressedData> {
  static readonly type = 'TranscodeProgressed';
  static readonly version = 1;
  readonly type = TranscodeProgressed.type;
}
