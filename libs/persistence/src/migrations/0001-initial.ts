// Event store, users, the videos read model, content keys and subscriber checkpoints.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764000000001 implements MigrationInterface {
  name = 'Initial1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY,
        stream_type text NOT NULL,
        version     integer NOT NULL CHECK (version >= 0)
      );
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL REFERENCES streams (stream_id),
        version         integer NOT NULL CHECK (version >= 1),
        type            text NOT NULL,
        schema_version  integer NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        occurred_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_uq UNIQUE (stream_id, version)
      );
      CREATE INDEX events_type_idx ON events (type, global_position);

      CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event store is append-only';
      END $$;
      CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_append_only();

      CREATE TABLE users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email         text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('admin', 'viewer', 'auditor')),
        disabled      boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE videos (
        id             text PRIMARY KEY,
        title          text NOT NULL,
        description    text NOT NULL DEFAULT '',
        status         text NOT NULL CHECK (status IN ('uploaded', 'processing', 'ready', 'failed')),
        progress       integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        published      boolean NOT NULL DEFAULT false,
        deleted        boolean NOT NULL DEFAULT false,
        duration_sec   double precision,
        renditions     jsonb NOT NULL DEFAULT '[]',
        poster_key     text,
        storyboard     jsonb,
        error          text,
        source_key     text,
        source_bytes   bigint,
        created_by     text NOT NULL,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        stream_version integer NOT NULL
      );
      CREATE INDEX videos_created_at_idx ON videos (created_at);
      CREATE INDEX videos_visible_idx ON videos (created_at) WHERE published AND status = 'ready' AND NOT deleted;

      CREATE TABLE video_keys (
        video_id    text PRIMARY KEY,
        wrapped_key text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE checkpoints (
        name       text PRIMARY KEY,
        position   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE checkpoints; DROP TABLE video_keys; DROP TABLE videos; DROP TABLE users;
      DROP TABLE events; DROP FUNCTION events_append_only; DROP TABLE streams;
    `);
  }
}
