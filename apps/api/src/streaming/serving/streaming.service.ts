// Answers the guarded streaming routes once the gate has admitted a request: playlists are
// re-read and re-signed on every request (a growing EVENT playlist keeps working), the key is
// unwrapped in memory, segments pass the download meter and come from the cache or storage.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '@reelguard/config';
import { ContentKeys } from '@reelguard/videos';
import { StreamAudit } from '../audit/stream-audit.js';
import { DownloadMeter } from '../deterrence/download-meter.js';
import { StreamDenied } from '../streaming-errors.js';
import { PlaybackTokens } from '../tokens/playback-tokens.js';
import { PlaylistRejected, signMasterPlaylist, signMediaPlaylist } from '../tokens/playlist-signing.js';
import { HlsObjects } from './hls-objects.js';
import { SegmentServer } from './segment-server.js';
import { StreamGate, type Admitted } from './stream-gate.js';
import type { StreamRequest } from './stream-request.js';

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
const NO_STORE = 'private, no-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
export class StreamingService {
  private readonly logger = new Logger(StreamingService.name);

  constructor(
    @Inject(StreamGate) private readonly gate: StreamGate,
    @Inject(PlaybackTokens) private readonly tokens: PlaybackTokens,
    @Inject(HlsObjects) private readonly objects: HlsObjects,
    @Inject(SegmentServer) private readonly segments: SegmentServer,
    @Inject(DownloadMeter) private readonly meter: DownloadMeter,
    @Inject(ContentKeys) private readonly keys: ContentKeys,
    @Inject(StreamAudit) private readonly audit: StreamAudit,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async serve(
    req: StreamRequest,
    res: ServerResponse,
    videoKey: string,
    name: string,
    viaManifestRoute: boolean,
  ): Promise<void> {
    // Refusals are never cached either.
    res.setHeader('Cache-Control', NO_STORE);
    const admitted = await this.gate.admit(req, videoKey, name, viaManifestRoute);
    switch (admitted.resource.kind) {
      case 'master':
      case 'variant-playlist':
        return this.playlist(req, res, admitted);
      case 'key':
        return this.key(req, res, admitted);
      case 'init-segment':
      case 'media-segment':
        return this.segment(req, res, admitted);
    }
  }

  private async playlist(req: StreamRequest, res: ServerResponse, admitted: Admitted): Promise<void> {
    const { session, name, resource } = admitted;
    const text = await this.objects.readText(session.videoId, name);
    if (text === null)
      return this.missing(req, admitted, 'This playlist is not available (yet): try again in a moment.');
    const sign = (uri: string) => this.tokens.issue(session, uri);
    let signed: string;
    try {
      signed =
        resource.kind === 'variant-playlist'
          ? signMediaPlaylist(text, resource.rendition, sign)
          : signMasterPlaylist(text, sign);
    } catch (error) {
      if (!(error instanceof PlaylistRejected)) throw error;
      this.logger.error(`refusing stored playlist ${name} of ${session.videoId}: ${error.message}`);
      await this.grantOrDeny(req, admitted, 'denied', 'playlist_invalid');
      throw new StreamDenied(
        404,
        'playlist_invalid',
        'This playlist cannot be served; the video may need to be transcoded again.',
      );
    }
    await this.grantOrDeny(req, admitted, 'granted', null);
    const body = Buffer.from(signed, 'utf8');
    res.setHeader('Content-Type', PLAYLIST_TYPE);
    res.setHeader('Content-Length', String(body.length));
    res.statusCode = 200;
    res.end(body);
  }

  private async key(req: StreamRequest, res: ServerResponse, admitted: Admitted): Promise<void> {
    const key = await this.keys.get(admitted.session.videoId);
    if (!key) return this.missing(req, admitted, 'This video has no key: it may need to be transcoded again.');
    await this.grantOrDeny(req, admitted, 'granted', null);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(key.length));
    res.statusCode = 200;
    res.end(key);
  }

  private async segment(req: StreamRequest, res: ServerResponse, admitted: Admitted): Promise<void> {
    const { session, name, resource } = admitted;
    let reason: string | null = null;
    if (resource.kind === 'media-segment') {
      const verdict = this.meter.admit({
        sessionId: session.id,
        startedAt: session.createdAt,
        hardExpiresAt: session.hardExpiresAt,
        segment: name,
      });
      if (verdict.kind === 'refuse') {
        await this.grantOrDeny(req, admitted, 'denied', 'download_rate');
        res.setHeader('Retry-After', String(verdict.retryAfterSec));
        throw new StreamDenied(
          429,
          'download_rate',
          `This session is fetching video much faster than it can be watched: wait ${verdict.retryAfterSec} s, or keep playing normally.`,
        );
      }
      if (verdict.kind === 'slow') {
        reason = 'download_rate_slowed';
        await sleep(verdict.delayMs);
      }
    }
    // A cached segment must not outlive the session: at most the idle time, never past the cap.
    const maxAge = Math.max(
      0,
      Math.min(this.config.PLAYBACK_IDLE_SEC, Math.floor((session.hardExpiresAt - Date.now()) / 1000)),
    );
    let sent: boolean;
    try {
      sent = await this.segments.send(req, res, session.videoId, name, `private, max-age=${maxAge}`);
    } catch (error) {
      if (res.headersSent) {
        // The player went away, or storage failed mid-body: nothing more can be said to it.
        this.logger.warn(`segment ${name} of ${session.videoId} ended early: ${(error as Error).message}`);
        res.destroy();
        return this.grantOrDeny(req, admitted, 'granted', 'transfer_incomplete');
      }
      await this.grantOrDeny(req, admitted, 'denied', error instanceof StreamDenied ? error.reason : 'storage_error');
      throw error;
    }
    if (!sent) return this.missing(req, admitted, 'This segment is not available (yet): reload the playlist.');
    await this.grantOrDeny(req, admitted, 'granted', reason);
  }

  private async missing(req: StreamRequest, admitted: Admitted, message: string): Promise<never> {
    await this.grantOrDeny(req, admitted, 'denied', 'not_stored');
    throw new StreamDenied(404, 'not_stored', message);
  }

  private grantOrDeny(
    req: StreamRequest,
    admitted: Admitted,
    outcome: 'granted' | 'denied',
    reason: string | null,
  ): Promise<void> {
    const { session, action, name } = admitted;
    return this.audit.record(req, {
      action,
      outcome,
      reason,
      userId: session.userId,
      sessionId: session.id,
      videoId: session.videoId,
      resource: name,
    });
  }
}
