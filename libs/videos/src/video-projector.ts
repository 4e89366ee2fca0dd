// Writes the `videos` projection: reads the current row, folds the new events in, upserts.
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@reelguard/persistence';
import { projectVideo, type VideoRow } from './video-projection.js';
import { toDomainEvent } from './video-store.js';

interface DbRow {
  id: string;
  title: string;
  description: string;
  status: VideoRow['status'];
  progress: number;
  published: boolean;
  deleted: boolean;
  duration_sec: number | null;
  renditions: VideoRow['renditions'];
  poster_key: string | null;
  storyboard: VideoRow['storyboard'];
  error: string | null;
  source_key: string | null;
  source_bytes: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  stream_version: number;
}

export function fromDb(row: DbRow): VideoRow {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    progress: row.progress,
    published: row.published,
    deleted: row.deleted,
    durationSec: row.duration_sec,
    renditions: row.renditions,
    posterKey: row.poster_key,
    storyboard: row.storyboard,
    error: row.error,
    sourceKey: row.source_key,
    sourceBytes: row.source_bytes === null ? null : Number(row.source_bytes),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    streamVersion: row.stream_version,
  };
}

export class VideoProjector {
  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    const byStream = new Map<string, StoredEvent[]>();
    for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    for (const [videoId, streamEvents] of byStream) {
      const found: DbRow[] = await manager.query('SELECT * FROM videos WHERE id = $1 FOR UPDATE', [videoId]);
      let row: VideoRow | null = found[0] ? fromDb(found[0]) : null;
      for (const event of streamEvents) {
        row = projectVideo(row, toDomainEvent(event), {
          version: event.version,
          occurredAt: event.occurredAt,
          actor: event.metadata.actor,
        });
      }
      if (row) await this.upsert(manager, row);
    }
  }

  private async upsert(manager: EntityManager, row: VideoRow): Promise<void> {
    await manager.query(
      `INSERT INTO videos (id, title, description, status, progress, published, deleted, duration_sec, renditions,
                           poster_key, storyboard, error, source_key, source_bytes, created_by, created_at, updated_at, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (id) DO UPDATE SET
         title = EXCLUDED.title, description = EXCLUDED.description, status = EXCLUDED.status,
         progress = EXCLUDED.progress, published = EXCLUDED.published, deleted = EXCLUDED.deleted,
         duration_sec = EXCLUDED.duration_sec, renditions = EXCLUDED.renditions, poster_key = EXCLUDED.poster_key,
         storyboard = EXCLUDED.storyboard, error = EXCLUDED.error, source_key = EXCLUDED.source_key,
         source_bytes = EXCLUDED.source_bytes, updated_at = EXCLUDED.updated_at, stream_version = EXCLUDED.stream_version
       WHERE videos.stream_version < EXCLUDED.stream_version`,
      [
        row.id,
        row.title,
        row.description,
        row.status,
        row.progress,
        row.published,
        row.deleted,
        row.durationSec,
        JSON.stringify(row.renditions),
        row.posterKey,
        row.storyboard === null ? null : JSON.stringify(row.storyboard),
        row.error,
        row.sourceKey,
        row.sourceBytes,
        row.createdBy,
        row.createdAt,
        row.updatedAt,
        row.streamVersion,
      ],
    );
  }
}
