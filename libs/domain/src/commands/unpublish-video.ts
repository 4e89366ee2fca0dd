// An admin hides a video from viewers again (its live sessions end).
import { VideoCommand, type CommandContext } from './video-command.js';

export class UnpublishVideo extends VideoCommand {
  readonly type = 'UnpublishVideo';

  constructor(context: CommandContext) {
    super(context);
  }
}
