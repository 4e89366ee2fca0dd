// A worker reports how far the transcode is (100 = everything stored).
import { VideoCommand, type CommandContext } from './video-command.js';

export class RecordTranscodeProgress extends VideoCommand {
  readonly type = 'RecordTranscodeProgress';

  constructor(
    context: CommandContext,
    readonly percent: number,
  ) {
    super(context);
  }
}
