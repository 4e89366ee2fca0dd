// The `videos` read model: a projection of the video event streams, never written directly.
import { Column, Entity, Index } from 'typeorm';

export type VideoStatus = 'uploaded' | 'processing' | 'ready' | 'failed';

export interface RenditionView {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
}

export interface StoryboardView {
  spriteKey: string;
  vttKey: string;
}

@Entity({ name: 'videos' })
@Index('videos_created_at_idx', ['createdAt'])
export class VideoView {
  @Column({ type: 'text', primary: true })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text' })
  status!: VideoStatus;

  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'boolean', default: false })
  published!: boolean;

  @Column({ type: 'boolean', default: false })
  deleted!: boolean;

  @Column({ name: 'duration_sec', type: 'double precision', nullable: true })
  durationSec!: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  renditions!: RenditionView[];

  @Column({ name: 'poster_key', type: 'text', nullable: true })
  posterKey!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  storyboard!: StoryboardView | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'source_key', type: 'text', nullable: true })
  sourceKey!: string | null;

  @Column({ name: 'source_bytes', type: 'bigint', nullable: true })
  sourceBytes!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The stream version this row reflects; projections skip events at or below it. */
  @Column({ name: 'stream_version', type: 'integer' })
  streamVersion!: number;
}

/** The per-video content key, wrapped by the master key; never stored in the bucket. */
@Entity({ name: 'video_keys' })
export class VideoKeyRecord {
  @Column({ name: 'video_id', type: 'text', primary: true })
  videoId!: string;

  @Column({ name: 'wrapped_key', type: 'text' })
  wrappedKey!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** Positions of subscribers that follow the event store (the outbox relay, projections). */
@Entity({ name: 'checkpoints' })
export class CheckpointRecord {
  @Column({ type: 'text', primary: true })
  name!: string;

  @Column({ type: 'bigint' })
  position!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
