// Loads a Video from its stream and saves what it decided: the append and the projection run
// in one transaction, so the read model never disagrees with the events.
import type { EntityManager } from 'typeorm';
import { decide, eventFromRecord, eventToRecord, type AnyVideoCommand, type AnyVideoEvent } from '@reelguard/domain';
import { ConcurrencyError, type EventStore, type StoredEvent } from '@reelguard/persistence';
import { VideoProjector } from './video-projector.js';

export function toDomainEvent(stored: StoredEvent): AnyVideoEvent {
  return eventFromRecord({
    videoId: stored.streamId,
    type: stored.type,
    version: stored.schemaVersion,
    data: stored.data,
  });
}

export interface CommandOutcome {
  videoId: string;
  version: number;
  events: StoredEvent[];
}

export class VideoStore {
  constructor(
    private readonly events: EventStore,
    private readonly projector: VideoProjector,
  ) {}

  async history(videoId: string): Promise<StoredEvent[]> {
    return this.events.readStream(videoId);
  }

  /**
   * Decides `command` against the current stream and appends the result. A concurrent change
   * is retried once against the fresh stream; a second conflict reaches the caller (409).
   */
  async execute(command: AnyVideoCommand): Promise<CommandOutcome> {
    try {
      return await this.attempt(command);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      return this.attempt(command);
    }
  }

  private async attempt(command: AnyVideoCommand): Promise<CommandOutcome> {
    const stored = await this.events.readStream(command.videoId);
    const decided = decide(stored.map(toDomainEvent), command);
    const version = stored.length;
    if (decided.length === 0) return { videoId: command.videoId, version, events: [] };
    const appended = await this.events.append(
      command.videoId,
      version,
      decided.map((event) => {
        const record = eventToRecord(event);
        return { type: record.type, schemaVersion: record.version, data: record.data as Record<string, unknown> };
      }),
      { actor: command.actor, correlationId: command.correlationId },
      {
        streamType: 'video',
        inTransaction: (manager: EntityManager, events: StoredEvent[]) => this.projector.apply(manager, events),
      },
    );
    return { videoId: command.videoId, version: version + appended.length, events: appended };
  }
}
