// An admin edits the title and/or description.
import { VideoCommand, type CommandContext } from './video-command.js';
import type { MetadataChanges } from '../video/metadata-rules.js';

export class ChangeVideoMetadata extends VideoCommand {
  readonly type = 'ChangeVideoMetadata';

  constructor(
    context: CommandContext,
    readonly changes: MetadataChanges,
  ) {
    super(context);
  }
}
