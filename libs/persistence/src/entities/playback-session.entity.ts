// Playback sessions: one viewer watching one video. PostgreSQL keeps them for the admin list
// and the audit trail; the streaming module mirrors their live state in Redis and in memory.
import { Column, Entity, Index } from 'typeorm';

@Entity({ name: 'playback_sessions' })
@Index('playback_sessions_live_by_user_idx', ['userId', 'createdAt'], { where: 'revoked_at IS NULL' })
@Index('playback_sessions_live_by_video_idx', ['videoId'], { where: 'revoked_at IS NULL' })
export class PlaybackSessionRecord {
  /** 128 random bits, base64url: it appears in every token of the session. */
  @Column({ type: 'text', primary: true })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'video_id', type: 'text' })
  videoId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The last heartbeat (or the start). */
  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** Idle deadline: moved forward by each heartbeat, never past `hardExpiresAt`. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'hard_expires_at', type: 'timestamptz' })
  hardExpiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** A stable code: `revoked_by_user`, `revoked_by_admin`, `session_limit`, `video_unpublished`, `video_deleted`. */
  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;
}
