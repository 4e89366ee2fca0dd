// The event store: append with an expected version (one conditional statement plus the unique
// key as a second guard), read one stream, read everything after a global position.
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventMetadata } from './entities/event.entity.js';

export interface NewEvent {
  type: string;
  data: Record<string, unknown>;
  schemaVersion?: number;
  eventId?: string;
}

export interface AppendContext {
  actor: string;
  correlationId: string;
  causationId?: string;
}

export interface StoredEvent {
  globalPosition: number;
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurredAt: Date;
}

export interface AppendOptions {
  streamType: string;
  /** Runs inside the append's transaction, after the events are written: projections go here. */
  inTransaction?: (manager: EntityManager, stored: StoredEvent[]) => Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} is no longer at version ${expectedVersion}: it was changed concurrently`);
    this.name = 'ConcurrencyError';
  }
}

interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: Date;
}

// One lock for every append, held to commit: global positions then become visible in order,
// so a subscriber reading "after position N" can never skip an event committed late.
const APPEND_LOCK_KEY = 0x7265656c;

function toStored(row: EventRow): StoredEvent {
  return {
    globalPosition: Number(row.global_position),
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; driverError?: { code?: string } } | null)?.code ??
    (error as { driverError?: { code?: string } } | null)?.driverError?.code;
  return code === '23505';
}

export class EventStore {
  constructor(private readonly dataSource: DataSource) {}

  async append(
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    context: AppendContext,
    options: AppendOptions,
  ): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
        const nextVersion = expectedVersion + events.length;
        const moved: unknown[] =
          expectedVersion === 0
            ? await manager.query(
                `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
                 ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
                [streamId, options.streamType, nextVersion],
              )
            : await manager.query(
                `WITH moved AS (UPDATE streams SET version = $3 WHERE stream_id = $1 AND version = $2 RETURNING stream_id)
                 SELECT stream_id FROM moved`,
                [streamId, expectedVersion, nextVersion],
              );
        if (moved.length === 0) throw new ConcurrencyError(streamId, expectedVersion);

        const values: unknown[] = [];
        const tuples = events.map((event, i) => {
          const metadata: EventMetadata = {
            eventId: event.eventId ?? randomUUID(),
            correlationId: context.correlationId,
            actor: context.actor,
            schemaVersion: event.schemaVersion ?? 1,
            ...(context.causationId ? { causationId: context.causationId } : {}),
          };
          values.push(
            metadata.eventId,
            streamId,
            expectedVersion + i + 1,
            event.type,
            metadata.schemaVersion,
            event.data,
            metadata,
          );
          const b = i * 7;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
        });
        const rows: EventRow[] = await manager.query(
          `INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata)
           VALUES ${tuples.join(', ')} RETURNING *`,
          values,
        );
        const stored = rows.map(toStored).sort((a, b) => a.version - b.version);
        if (options.inTransaction) await options.inTransaction(manager, stored);
        return stored;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrencyError(streamId, expectedVersion);
      throw error;
    }
  }

  async readStream(streamId: string, manager?: EntityManager): Promise<StoredEvent[]> {
    const rows: EventRow[] = await (manager ?? this.dataSource.manager).query(
      'SELECT * FROM events WHERE stream_id = $1 ORDER BY version',
      [streamId],
    );
    return rows.map(toStored);
  }

  /** Events after `position` in commit order, at most `limit`, optionally of the given types. */
  async readAll(position: number, limit: number, types?: string[]): Promise<StoredEvent[]> {
    const rows: EventRow[] = types
      ? await this.dataSource.query(
          'SELECT * FROM events WHERE global_position > $1 AND type = ANY($3) ORDER BY global_position LIMIT $2',
          [position, limit, types],
        )
      : await this.dataSource.query(
          'SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2',
          [position, limit],
        );
    return rows.map(toStored);
  }

  async headPosition(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT coalesce(max(global_position), 0) AS p FROM events')) as {
      p: string;
    }[];
    return Number(row?.p ?? 0);
  }
}
