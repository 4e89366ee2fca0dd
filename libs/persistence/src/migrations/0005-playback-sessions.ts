// Playback sessions of the guarded streaming module.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlaybackSessions1764000000500 implements MigrationInterface {
  name = 'PlaybackSessions1764000000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE playback_sessions (
        id              text PRIMARY KEY,
        user_id         uuid NOT NULL REFERENCES users (id),
        video_id        text NOT NULL,
        created_at      timestamptz NOT NULL,
        last_seen_at    timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        hard_expires_at timestamptz NOT NULL,
        revoked_at      timestamptz,
        revoke_reason   text,
        ip              text,
        user_agent      text,
        CHECK (expires_at <= hard_expires_at),
        CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
      );
      CREATE INDEX playback_sessions_live_by_user_idx ON playback_sessions (user_id, created_at) WHERE revoked_at IS NULL;
      CREATE INDEX playback_sessions_live_by_video_idx ON playback_sessions (video_id) WHERE revoked_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE playback_sessions');
  }
}
