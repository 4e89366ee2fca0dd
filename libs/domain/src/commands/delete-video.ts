// An admin deletes a video for good.
import { VideoCommand, type CommandContext } from './video-command.js';

export class DeleteVideo extends VideoCommand {
  readonly type = 'DeleteVideo';

  constructor(context: CommandContext) {
    super(context);
  }
}
