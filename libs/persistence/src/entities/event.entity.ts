// The append-only event store: one row per event, unique per (stream, version).
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface EventMetadata {
  eventId: string;
  correlationId: string;
  causationId?: string;
  actor: string;
  schemaVersion: number;
}

@Entity({ name: 'events' })
@Index('events_stream_version_uq', ['streamId', 'version'], { unique: true })
export class EventRecord {
  @PrimaryGeneratedColumn({ name: 'global_position', type: 'bigint' })
  globalPosition!: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion!: number;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  metadata!: EventMetadata;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}

@Entity({ name: 'streams' })
export class StreamRecord {
  @Column({ name: 'stream_id', type: 'text', primary: true })
  streamId!: string;

  @Column({ name: 'stream_type', type: 'text' })
  streamType!: string;

  @Column({ type: 'integer' })
  version!: number;
}
