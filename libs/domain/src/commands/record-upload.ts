// Records a source file already streamed to storage as a new video, and asks for its transcode in the same append.
import { VideoCommand, type CommandContext } from './video-command.js';
import type { UploadDetails } from '../video/metadata-rules.js';

export class RecordUpload extends VideoCommand {
  readonly type = 'RecordUpload';

  constructor(
    context: CommandContext,
    readonly upload: UploadDetails,
  ) {
    super(context);
  }
}
