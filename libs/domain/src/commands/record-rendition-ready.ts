// A worker reports one rendition fully stored.
import { VideoCommand, type CommandContext } from './video-command.js';
import type { Rendition } from '../events/video-event.js';

export class RecordRenditionReady extends VideoCommand {
  readonly type = 'RecordRenditionReady';

  constructor(
    context: CommandContext,
    readonly rendition: Rendition,
  ) {
    super(context);
  }
}
