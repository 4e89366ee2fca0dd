// Playback sessions in PostgreSQL: the record the admin list and the audit trail read. Only
// session start, heartbeat and revocation touch it; segment requests never do.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RevokeReason, SessionState } from './session-state.js';

interface SessionRow {
  id: string;
  user_id: string;
  video_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  hard_expires_at: Date;
  revoked_at: Date | null;
  revoke_reason: RevokeReason | null;
}

export interface NewSession {
  id: string;
  userId: string;
  videoId: string;
  now: number;
  expiresAt: number;
  hardExpiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface LiveSessionView {
  id: string;
  userId: string;
  userEmail: string;
  videoId: string;
  videoTitle: string | null;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  hardExpiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LiveSessionFilter {
  userId?: string;
  videoId?: string;
}

export type LiveSessionSort = 'startedAt' | 'lastSeenAt' | 'expiresAt';
const SORT_COLUMNS: Record<LiveSessionSort, string> = {
  startedAt: 's.created_at',
  lastSeenAt: 's.last_seen_at',
  expiresAt: 's.expires_at',
};

const COLUMNS =
  'id, user_id, video_id, created_at, last_seen_at, expires_at, hard_expires_at, revoked_at, revoke_reason';
const LIVE = 'revoked_at IS NULL AND expires_at > $2 AND hard_expires_at > $2';

/** TypeORM answers an UPDATE … RETURNING with [rows, affected count]. */
function updated(result: [SessionRow[], number]): SessionRow[] {
  return result[0];
}

function toState(row: SessionRow): SessionState {
  return {
    id: row.id,
    userId: row.user_id,
    videoId: row.video_id,
    createdAt: row.created_at.getTime(),
    expiresAt: row.expires_at.getTime(),
    hardExpiresAt: row.hard_expires_at.getTime(),
    revokedAt: row.revoked_at?.getTime() ?? null,
    revokeReason: row.revoke_reason,
  };
}

@Injectable()
export class SessionRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Inserts the session after closing the user's oldest live sessions beyond `limit - 1`.
   * A per-user advisory lock serialises concurrent starts, so two tabs cannot both slip under
   * the limit.
   */
  async create(session: NewSession, limit: number): Promise<{ created: SessionState; closed: SessionState[] }> {
    return this.db.transaction(async (tx: EntityManager) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('playback-sessions:' || $1, 0))`, [session.userId]);
      const now = new Date(session.now);
      const live: SessionRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM playback_sessions WHERE user_id = $1 AND ${LIVE} ORDER BY created_at, id`,
        [session.userId, now],
      );
      const excess = live.slice(0, Math.max(0, live.length - (limit - 1)));
      const closed: SessionRow[] = excess.length
        ? updated(
            await tx.query(
              `UPDATE playback_sessions SET revoked_at = $2, revoke_reason = 'session_limit'
               WHERE id = ANY($1) AND revoked_at IS NULL RETURNING ${COLUMNS}`,
              [excess.map((r) => r.id), now],
            ),
          )
        : [];
      const [created]: SessionRow[] = await tx.query(
        `INSERT INTO playback_sessions (id, user_id, video_id, created_at, last_seen_at, expires_at, hard_expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          session.id,
          session.userId,
          session.videoId,
          now,
          new Date(session.expiresAt),
          new Date(session.hardExpiresAt),
          session.ip,
          session.userAgent,
        ],
      );
      return { created: toState(created!), closed: closed.map(toState) };
    });
  }

  async find(id: string): Promise<SessionState | null> {
    const rows: SessionRow[] = await this.db.query(`SELECT ${COLUMNS} FROM playback_sessions WHERE id = $1`, [id]);
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Records a heartbeat of a live session of `userId`; null when there is none to keep alive. */
  async touch(id: string, userId: string, now: number, idleSec: number): Promise<SessionState | null> {
    const rows = updated(
      await this.db.query(
        `UPDATE playback_sessions
       SET last_seen_at = $2, expires_at = LEAST($2 + make_interval(secs => $4), hard_expires_at)
       WHERE id = $1 AND user_id = $3 AND ${LIVE}
       RETURNING ${COLUMNS}`,
        [id, new Date(now), userId, idleSec],
      ),
    );
    const row = rows[0];
    return row ? toState(row) : null;
  }

  /** Revokes one session; null when it was already revoked (or never existed). */
  async revoke(id: string, reason: RevokeReason, now: number): Promise<SessionState | null> {
    const rows = updated(
      await this.db.query(
        `UPDATE playback_sessions SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [id, new Date(now), reason],
      ),
    );
    const row = rows[0];
    return row ? toState(row) : null;
  }

  /** Revokes every session of a video that could still be alive. */
  async revokeVideo(videoId: string, reason: RevokeReason, now: number): Promise<SessionState[]> {
    const rows = updated(
      await this.db.query(
        `UPDATE playback_sessions SET revoked_at = $2, revoke_reason = $3
         WHERE video_id = $1 AND revoked_at IS NULL AND hard_expires_at > $2 RETURNING ${COLUMNS}`,
        [videoId, new Date(now), reason],
      ),
    );
    return rows.map(toState);
  }

  async listLive(
    now: number,
    filter: LiveSessionFilter,
    page: { offset: number; limit: number; sort: LiveSessionSort; order: 'ASC' | 'DESC' },
  ): Promise<{ items: LiveSessionView[]; total: number }> {
    const params: unknown[] = [new Date(now)];
    const where = ['s.revoked_at IS NULL', 's.expires_at > $1', 's.hard_expires_at > $1'];
    if (filter.userId) {
      params.push(filter.userId);
      where.push(`s.user_id::text = $${params.length}`);
    }
    if (filter.videoId) {
      params.push(filter.videoId);
      where.push(`s.video_id = $${params.length}`);
    }
    const clause = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS total FROM playback_sessions s WHERE ${clause}`,
      params,
    );
    params.push(page.limit, page.offset);
    const rows: {
      id: string;
      user_id: string;
      email: string;
      video_id: string;
      title: string | null;
      created_at: Date;
      last_seen_at: Date;
      expires_at: Date;
      hard_expires_at: Date;
      ip: string | null;
      user_agent: string | null;
    }[] = await this.db.query(
      `SELECT s.id, s.user_id, u.email, s.video_id, v.title, s.created_at, s.last_seen_at, s.expires_at, s.hard_expires_at, s.ip, s.user_agent
       FROM playback_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN videos v ON v.id = s.video_id
       WHERE ${clause}
       ORDER BY ${SORT_COLUMNS[page.sort]} ${page.order === 'ASC' ? 'ASC' : 'DESC'}, s.id
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return {
      total: total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        userEmail: r.email,
        videoId: r.video_id,
        videoTitle: r.title,
        startedAt: r.created_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        hardExpiresAt: r.hard_expires_at.toISOString(),
        ip: r.ip,
        userAgent: r.user_agent,
      })),
    };
  }
}
