// The guarded streaming module: playback sessions, per-resource tokens, playlist signing,
// key delivery, segment serving with a memory cache, download deterrence and artwork. Its
// state outside PostgreSQL lives in Redis (shared) and in process (caches kept in step).
import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@reelguard/config';
import { VideosModule } from '@reelguard/videos';
import { VideosApiModule } from '../videos/videos-api.module.js';
import { ArtworkController } from './artwork/artwork.controller.js';
import { ArtworkService } from './artwork/artwork.service.js';
import { StreamAudit } from './audit/stream-audit.js';
import { DownloadMeter } from './deterrence/download-meter.js';
import { HlsObjects } from './serving/hls-objects.js';
import { SegmentServer } from './serving/segment-server.js';
import { StreamGate } from './serving/stream-gate.js';
import { StreamingController } from './serving/streaming.controller.js';
import { StreamingService } from './serving/streaming.service.js';
import { PlaybackSessionsController } from './sessions/playback-sessions.controller.js';
import { PlaybackSessionsService } from './sessions/playback-sessions.service.js';
import { RevocationChannel } from './sessions/revocation-channel.js';
import { SessionMirror } from './sessions/session-mirror.js';
import { SessionRegistry } from './sessions/session-registry.js';
import { SessionRepository } from './sessions/session-repository.js';
import { VideoAvailabilityHandler } from './sessions/video-availability.handler.js';
import { PlaybackTokens } from './tokens/playback-tokens.js';

class StreamingLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(SessionRegistry) private readonly registry: SessionRegistry,
    @Inject(DownloadMeter) private readonly meter: DownloadMeter,
    @Inject(SegmentServer) private readonly segments: SegmentServer,
  ) {}

  async onModuleInit(): Promise<void> {
    this.registry.onCutoff((videoId, cutoff) => {
      if (cutoff.reason === 'video_deleted') this.segments.forgetVideo(videoId);
    });
    await this.registry.start();
    this.meter.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.meter.stop().catch(() => undefined);
    await this.registry.stop();
  }
}

@Module({
  imports: [VideosModule, VideosApiModule],
  // `GET /videos/:key/:segment` last: it catches every two-segment path the others leave.
  controllers: [PlaybackSessionsController, ArtworkController, StreamingController],
  providers: [
    PlaybackTokens,
    StreamAudit,
    HlsObjects,
    SegmentServer,
    SessionRepository,
    {
      provide: SessionRegistry,
      useFactory: (redis: Redis, config: AppConfig, repository: SessionRepository) =>
        new SessionRegistry(
          new SessionMirror(redis, config.REDIS_PREFIX),
          new RevocationChannel(redis, `${config.REDIS_PREFIX}:playback:revocations`),
          repository,
          config.PLAYBACK_MAX_SEC * 1000,
        ),
      inject: [Redis, AppConfig, SessionRepository],
    },
    {
      provide: DownloadMeter,
      useFactory: (redis: Redis, config: AppConfig) =>
        new DownloadMeter(
          redis,
          config.REDIS_PREFIX,
          {
            allowanceSec: config.PLAYBACK_DOWNLOAD_ALLOWANCE_SEC,
            maxSpeed: config.PLAYBACK_MAX_SPEED,
            throttleBandSec: config.PLAYBACK_THROTTLE_BAND_SEC,
            throttleDelayMs: config.PLAYBACK_THROTTLE_DELAY_MS,
          },
          config.HLS_SEGMENT_SEC,
        ),
      inject: [Redis, AppConfig],
    },
    StreamGate,
    StreamingService,
    PlaybackSessionsService,
    VideoAvailabilityHandler,
    ArtworkService,
    StreamingLifecycle,
  ],
  exports: [PlaybackSessionsService, SegmentServer],
})
export class StreamingModule {}
