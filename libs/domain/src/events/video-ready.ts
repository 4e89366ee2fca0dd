// The video became playable: a master playlist with at least one rendition is stored.
import { VideoEvent, type Rendition, type Storyboard } from './video-event.js';

export interface VideoReadyData {
  readonly durationSec: number;
  /** The renditions the master playlist lists at this moment; later ones arrive as RenditionReady. */
  readonly renditions: readonly Rendition[];
  readonly posterKey?: string;
  readonly storyboard?: Storyboard;
}

export class VideoReady extends VideoEvent<VideoReadyData> {
  static readonly type = 'VideoReady';
  static readonly version = 1;
  readonly type = VideoReady.type;
}
