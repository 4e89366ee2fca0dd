// Asks for (another) transcode of a video, e.g. after a failure.
import { VideoCommand, type CommandContext } from './video-command.js';

export class RequestTranscode extends VideoCommand {
  readonly type = 'RequestTranscode';

  constructor(context: CommandContext) {
    super(context);
  }
}
