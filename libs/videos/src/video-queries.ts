// Reads for the API, from the projection only (never from the event store, except the
// per-video event history, which is the point of that route).
import type { DataSource } from 'typeorm';
import type { EventStore } from '@reelguard/persistence';
import { fromDb } from './video-projector.js';
import type { VideoRow } from './video-projection.js';

export interface VideoListFilter {
  q?: string;
  status?: VideoRow['status'];
  published?: boolean;
  /** Viewers: only published, ready, not deleted. */
  visibleToViewers?: boolean;
}

export type VideoSortField = 'createdAt' | 'updatedAt' | 'title' | 'status' | 'durationSec';

const SORT_COLUMNS: Record<VideoSortField, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  title: 'title',
  status: 'status',
  durationSec: 'duration_sec',
};

export interface VideoEventView {
  version: number;
  type: string;
  occurredAt: string;
  actor: string;
  correlationId: string;
  data: Record<string, unknown>;
}

export class VideoQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStore,
  ) {}

  async get(id: string): Promise<VideoRow | null> {
    const rows = await this.dataSource.query('SELECT * FROM videos WHERE id = $1 AND NOT deleted', [id]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  /** Also returns deleted videos: the event history and audit still refer to them. */
  async getIncludingDeleted(id: string): Promise<VideoRow | null> {
    const rows = await this.dataSource.query('SELECT * FROM videos WHERE id = $1', [id]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  async list(
    filter: VideoListFilter,
    page: { offset: number; limit: number; sort: VideoSortField; order: 'ASC' | 'DESC' },
  ): Promise<{ items: VideoRow[]; total: number }> {
    const where = ['NOT deleted'];
    const params: unknown[] = [];
    if (filter.visibleToViewers) where.push(`published AND status = 'ready'`);
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.published !== undefined) {
      params.push(filter.published);
      where.push(`published = $${params.length}`);
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[%_\\]/g, '\\$&')}%`);
      where.push(`title ILIKE $${params.length}`);
    }
    const clause = where.join(' AND ');
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM videos WHERE ${clause}`,
      params,
    )) as {
      total: number;
    }[];
    params.push(page.limit, page.offset);
    const rows = await this.dataSource.query(
      `SELECT * FROM videos WHERE ${clause}
       ORDER BY ${SORT_COLUMNS[page.sort]} ${page.order === 'ASC' ? 'ASC' : 'DESC'} NULLS LAST, id
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(fromDb), total: total ?? 0 };
  }

  async history(id: string): Promise<VideoEventView[]> {
    const stored = await this.events.readStream(id);
    return stored.map((e) => ({
      version: e.version,
      type: e.type,
      occurredAt: e.occurredAt.toISOString(),
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      data: e.data,
    }));
  }
}
