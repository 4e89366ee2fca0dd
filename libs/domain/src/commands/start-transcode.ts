// A worker reports it began an attempt at the transcode job.
import { VideoCommand, type CommandContext } from './video-command.js';

export class StartTranscode extends VideoCommand {
  readonly type = 'StartTranscode';

  constructor(
    context: CommandContext,
    readonly attempt: number,
  ) {
    super(context);
  }
}
