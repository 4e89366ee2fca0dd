// Playback sessions: who may start one, the per-user limit (the oldest live session is
// closed, docs/adr/0050-playback-sessions.md), heartbeats that keep one alive, and revocation
// by its owner, an admin, or the video going away. Every decision is audited.
import { GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '@reelguard/config';
import { MASTER_PLAYLIST_NAME } from '@reelguard/media';
import { isWellFormedId, newSessionId } from '@reelguard/tokens';
import { VideoQueries } from '@reelguard/videos';
import type { AuthUser } from '../../auth/decorators.js';
import { StreamAudit } from '../audit/stream-audit.js';
import { DownloadMeter } from '../deterrence/download-meter.js';
import { PlaybackTokens } from '../tokens/playback-tokens.js';
import { SessionRegistry } from './session-registry.js';
import {
  SessionRepository,
  type LiveSessionFilter,
  type LiveSessionSort,
  type LiveSessionView,
} from './session-repository.js';
import {
  deathCode,
  deathMessage,
  deathOf,
  type RevokeReason,
  type SessionState,
  type VideoCutoff,
} from './session-state.js';

export interface PlaybackStarted {
  sessionId: string;
  /** Root-relative: `/videos/{id}/manifest.m3u8?token=…` */
  manifestUrl: string;
  /** The idle deadline: heartbeat before it. */
  expiresAt: string;
  /** The session ends here whatever happens. */
  hardExpiresAt: string;
}

const NO_SUCH_VIDEO = 'No such video, or it is not available for playback.';
const NO_SUCH_SESSION = 'No such playback session.';

@Injectable()
export class PlaybackSessionsService {
  constructor(
    @Inject(SessionRepository) private readonly repository: SessionRepository,
    @Inject(SessionRegistry) private readonly registry: SessionRegistry,
    @Inject(PlaybackTokens) private readonly tokens: PlaybackTokens,
    @Inject(VideoQueries) private readonly videos: VideoQueries,
    @Inject(DownloadMeter) private readonly meter: DownloadMeter,
    @Inject(StreamAudit) private readonly audit: StreamAudit,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async start(user: AuthUser, videoKey: string, req: Request): Promise<PlaybackStarted> {
    // Taken before the video is checked: an unpublish that lands meanwhile cuts this session off.
    const now = Date.now();
    const video = isWellFormedId(videoKey) ? await this.videos.get(videoKey) : null;
    // Admins may preview a ready video before publishing it; everyone else needs it published.
    const watchable = video !== null && video.status === 'ready' && (video.published || user.role === 'admin');
    if (!watchable) {
      await this.audit.record(req, {
        action: 'playback.start',
        outcome: 'denied',
        reason: 'video_unavailable',
        userId: user.id,
        videoId: videoKey,
      });
      throw new NotFoundException(NO_SUCH_VIDEO);
    }
    const hardExpiresAt = now + this.config.PLAYBACK_MAX_SEC * 1000;
    const { created, closed } = await this.repository.create(
      {
        id: newSessionId(),
        userId: user.id,
        videoId: video.id,
        now,
        expiresAt: Math.min(now + this.config.PLAYBACK_IDLE_SEC * 1000, hardExpiresAt),
        hardExpiresAt,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
      },
      this.config.PLAYBACK_MAX_SESSIONS_PER_USER,
    );
    await this.registry.remember(created);
    for (const session of closed) {
      await this.registry.revoked(session);
      await this.recordRevocation(req, session, 'session_limit');
    }
    await this.audit.record(req, {
      action: 'playback.start',
      outcome: 'granted',
      userId: user.id,
      sessionId: created.id,
      videoId: video.id,
    });
    const token = this.tokens.issue(created, MASTER_PLAYLIST_NAME);
    return {
      sessionId: created.id,
      manifestUrl: `/videos/${video.id}/manifest.m3u8?token=${encodeURIComponent(token)}`,
      expiresAt: new Date(created.expiresAt).toISOString(),
      hardExpiresAt: new Date(created.hardExpiresAt).toISOString(),
    };
  }

  async heartbeat(user: AuthUser, sessionId: string, req: Request): Promise<{ expiresAt: string }> {
    const now = Date.now();
    const deny = async (reason: string, error: Error, session?: SessionState | null): Promise<never> => {
      await this.audit.record(req, {
        action: 'playback.heartbeat',
        outcome: 'denied',
        reason,
        userId: user.id,
        sessionId: session?.id ?? null,
        videoId: session?.videoId ?? null,
      });
      throw error;
    };
    if (!isWellFormedId(sessionId)) return deny('session_unknown', new NotFoundException(NO_SUCH_SESSION));
    const touched = await this.repository.touch(sessionId, user.id, now, this.config.PLAYBACK_IDLE_SEC);
    if (!touched) {
      const known = await this.repository.find(sessionId);
      if (!known || known.userId !== user.id) return deny('session_unknown', new NotFoundException(NO_SUCH_SESSION));
      const death = deathOf(known, now) ?? { kind: 'idle' as const };
      return deny(
        deathCode(death),
        new GoneException({
          message: `${deathMessage(death)} (POST /videos/${known.videoId}/playback)`,
          reason: deathCode(death),
        }),
        known,
      );
    }
    // The video may have been cut off on another instance while the row still looked live.
    const death = deathOf(touched, now, this.registry.cutoff(touched.videoId));
    if (death) {
      return deny(
        deathCode(death),
        new GoneException({ message: deathMessage(death), reason: deathCode(death) }),
        touched,
      );
    }
    await this.registry.remember(touched);
    await this.audit.record(req, {
      action: 'playback.heartbeat',
      outcome: 'granted',
      userId: user.id,
      sessionId,
      videoId: touched.videoId,
    });
    return { expiresAt: new Date(touched.expiresAt).toISOString() };
  }

  /** Ends a session: its owner or an admin. Ending one that already ended is not an error. */
  async end(user: AuthUser, sessionId: string, req: Request): Promise<void> {
    const known = isWellFormedId(sessionId) ? await this.repository.find(sessionId) : null;
    if (!known || (known.userId !== user.id && user.role !== 'admin')) {
      await this.audit.record(req, {
        action: 'session.revoke',
        outcome: 'denied',
        reason: 'session_unknown',
        userId: user.id,
        sessionId: known?.id ?? null,
      });
      throw new NotFoundException(NO_SUCH_SESSION);
    }
    const reason: RevokeReason = known.userId === user.id ? 'revoked_by_user' : 'revoked_by_admin';
    const revoked = await this.repository.revoke(sessionId, reason, Date.now());
    // Announced again when it had already ended: a retry after a failed announcement completes it.
    const ended = revoked ?? (known.revokedAt !== null ? known : null);
    if (ended) await this.registry.revoked(ended);
    this.meter.forget(sessionId);
    await this.audit.record(req, {
      action: 'session.revoke',
      outcome: 'granted',
      reason: revoked ? reason : 'already_ended',
      userId: user.id,
      sessionId,
      videoId: known.videoId,
    });
  }

  list(
    filter: LiveSessionFilter,
    page: { offset: number; limit: number; sort: LiveSessionSort; order: 'ASC' | 'DESC' },
  ): Promise<{ items: LiveSessionView[]; total: number }> {
    return this.repository.listLive(Date.now(), filter, page);
  }

  /** The video was unpublished or deleted: every session of it dies, on every instance. */
  async endForVideo(videoId: string, reason: VideoCutoff['reason']): Promise<void> {
    const now = Date.now();
    const revoked = await this.repository.revokeVideo(videoId, reason, now);
    for (const session of revoked) {
      this.meter.forget(session.id);
      await this.recordRevocation(null, session, reason);
    }
    // The cut-off, not the rows, is what the instances check: it also ends a session whose
    // start was being committed while this ran (its start time is before `now`).
    await this.registry.cutOff(videoId, { at: now, reason });
  }

  private recordRevocation(req: Request | null, session: SessionState, reason: RevokeReason): Promise<void> {
    return this.audit.record(req, {
      action: 'session.revoke',
      outcome: 'granted',
      reason,
      userId: session.userId,
      sessionId: session.id,
      videoId: session.videoId,
    });
  }
}
