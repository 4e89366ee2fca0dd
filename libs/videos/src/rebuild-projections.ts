// Rebuilds every read table from scratch by replaying the whole event store in order.
import type { DataSource } from 'typeorm';
import type { EventStore } from '@reelguard/persistence';
import { VideoProjector } from './video-projector.js';

export async function rebuildProjections(
  dataSource: DataSource,
  events: EventStore,
  batchSize = 1000,
): Promise<number> {
  const projector = new VideoProjector();
  return dataSource.transaction(async (manager) => {
    // Writers wait while the table is rebuilt, so no live event slips between truncate and replay.
    await manager.query('LOCK TABLE videos IN ACCESS EXCLUSIVE MODE');
    await manager.query('TRUNCATE videos');
    let position = 0;
    let replayed = 0;
    for (;;) {
      const stored = await events.readAll(position, batchSize);
      if (stored.length === 0) break;
      await projector.apply(manager, stored);
      replayed += stored.length;
      position = stored[stored.length - 1]!.globalPosition;
    }
    return replayed;
  });
}
