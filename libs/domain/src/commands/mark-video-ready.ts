// A worker reports the video playable (master playlist with at least one rendition stored).
import { VideoCommand, type CommandContext } from './video-command.js';
import type { ReadyOutput } from '../video/transcode-rules.js';

export class MarkVideoReady extends VideoCommand {
  readonly type = 'MarkVideoReady';

  constructor(
    context: CommandContext,
    readonly output: ReadyOutput,
  ) {
    super(context);
  }
}
