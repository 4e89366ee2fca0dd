// An admin makes a ready video visible to viewers.
import { VideoCommand, type CommandContext } from './video-command.js';

export class PublishVideo extends VideoCommand {
  readonly type = 'PublishVideo';

  constructor(context: CommandContext) {
    super(context);
  }
}
