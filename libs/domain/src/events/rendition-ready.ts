// One rung of the ladder is fully stored (playlist, init and segments) and may be listed.
import { VideoEvent, type Rendition } from './video-event.js';

export type RenditionReadyData = Rendition;

export class RenditionReady extends VideoEvent<RenditionReadyData> {
  static readonly type = 'RenditionReady';
  static readonly version = 1;
  readonly type = RenditionReady.type;
}
