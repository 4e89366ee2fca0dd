// What every Video command carries besides its payload: the target video, who asked (recorded
// in the event metadata for the audit trail) and the correlation id that ties the work together.
import { Command } from '@nestjs/cqrs';

/** A user id, or `SYSTEM_ACTOR` for work the platform does on its own (worker, relay). */
export type Actor = string;
export const SYSTEM_ACTOR: Actor = 'system';

export interface CommandContext {
  readonly videoId: string;
  readonly actor: Actor;
  readonly correlationId: string;
}

/** What a handler returns: the stream version after the append, for read-your-writes. */
export interface VideoCommandResult {
  readonly videoId: string;
  readonly version: number;
}

/** Stored with each event the command produced. */
export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
}

export abstract class VideoCommand extends Command<VideoCommandResult> implements CommandContext {
  abstract readonly type: string;
  readonly videoId: string;
  readonly actor: Actor;
  readonly correlationId: string;

  protected constructor(context: CommandContext) {
    super();
    this.videoId = context.videoId;
    this.actor = context.actor;
    this.correlationId = context.correlationId;
  }

  get metadata(): EventMetadata {
    return { actor: this.actor, correlationId: this.correlationId };
  }
}
