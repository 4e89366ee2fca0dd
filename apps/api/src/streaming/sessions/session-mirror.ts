// The live state of playback sessions in Redis, shared by every API instance: one hash per
// session (expiring with its hard cap) and one cut-off time per video whose sessions were ended
// by an unpublish or a delete. Redis is a mirror: PostgreSQL stays the record.
import type { Redis } from 'ioredis';
import type { RevokeReason, SessionState, VideoCutoff } from './session-state.js';

const REVOKE_REASONS = new Set<RevokeReason>([
  'revoked_by_user',
  'revoked_by_admin',
  'session_limit',
  'video_unpublished',
  'video_deleted',
]);
const KEEP_AFTER_HARD_CAP_MS = 60_000;

export class SessionMirror {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async write(state: SessionState): Promise<void> {
    const key = this.sessionKey(state.id);
    await this.redis
      .multi()
      .hset(key, {
        userId: state.userId,
        videoId: state.videoId,
        createdAt: state.createdAt,
        expiresAt: state.expiresAt,
        hardExpiresAt: state.hardExpiresAt,
        revokedAt: state.revokedAt ?? '',
        revokeReason: state.revokeReason ?? '',
      })
      .pexpireat(key, state.hardExpiresAt + KEEP_AFTER_HARD_CAP_MS)
      .exec();
  }

  async read(id: string): Promise<SessionState | null> {
    const fields = await this.redis.hgetall(this.sessionKey(id));
    return parseSession(id, fields);
  }

  async writeCutoff(videoId: string, cutoff: VideoCutoff, ttlSec: number): Promise<void> {
    await this.redis.set(this.cutoffKey(videoId), `${cutoff.at}:${cutoff.reason}`, 'EX', ttlSec);
  }

  async readCutoff(videoId: string): Promise<VideoCutoff | undefined> {
    return parseCutoff(await this.redis.get(this.cutoffKey(videoId)));
  }

  private sessionKey(id: string): string {
    return `${this.prefix}:playback:session:${id}`;
  }

  private cutoffKey(videoId: string): string {
    return `${this.prefix}:playback:video-cutoff:${videoId}`;
  }
}

function parseSession(id: string, fields: Record<string, string>): SessionState | null {
  const number = (value: string | undefined): number | null =>
    value && /^\d{1,15}$/.test(value) ? Number(value) : null;
  const createdAt = number(fields.createdAt);
  const expiresAt = number(fields.expiresAt);
  const hardExpiresAt = number(fields.hardExpiresAt);
  if (!fields.userId || !fields.videoId || createdAt === null || expiresAt === null || hardExpiresAt === null)
    return null;
  const revokedAt = number(fields.revokedAt);
  const reason = fields.revokeReason as RevokeReason;
  return {
    id,
    userId: fields.userId,
    videoId: fields.videoId,
    createdAt,
    expiresAt,
    hardExpiresAt,
    revokedAt,
    revokeReason: revokedAt !== null ? (REVOKE_REASONS.has(reason) ? reason : 'revoked_by_admin') : null,
  };
}

export function parseCutoff(value: string | null | undefined): VideoCutoff | undefined {
  const match = value ? /^(\d{1,15}):(video_unpublished|video_deleted)$/.exec(value) : null;
  return match ? { at: Number(match[1]), reason: match[2] as VideoCutoff['reason'] } : undefined;
}
