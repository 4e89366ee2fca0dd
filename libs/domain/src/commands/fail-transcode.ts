// A worker reports it gave up on the transcode request.
import { VideoCommand, type CommandContext } from './video-command.js';

export class FailTranscode extends VideoCommand {
  readonly type = 'FailTranscode';

  constructor(
    context: CommandContext,
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(context);
  }
}
