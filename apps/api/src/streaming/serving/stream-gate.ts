// The check every streaming GET passes before anything is read from storage: a well-formed
// video key and resource name, a token for exactly that resource of that video, and a live
// session behind it. Cheap by design: pure parsing, one HMAC, one in-memory lookup. Refusals
// never say whether the video exists; each one is audited with its reason.
import { Inject, Injectable } from '@nestjs/common';
import type { AuditAction } from '@reelguard/audit';
import { MASTER_PLAYLIST_NAME, parseResourceName, type ResourceName } from '@reelguard/media';
import { isWellFormedId } from '@reelguard/tokens';
import { StreamAudit } from '../audit/stream-audit.js';
import { SessionRegistry } from '../sessions/session-registry.js';
import { deathCode, deathMessage, deathOf, type SessionState } from '../sessions/session-state.js';
import { StreamDenied } from '../streaming-errors.js';
import { PlaybackTokens } from '../tokens/playback-tokens.js';
import { tokenParam, type StreamRequest } from './stream-request.js';

export type StreamResource = Extract<
  ResourceName,
  { kind: 'master' | 'variant-playlist' | 'init-segment' | 'media-segment' | 'key' }
>;

export interface Admitted {
  readonly resource: StreamResource;
  readonly name: string;
  readonly session: SessionState;
  readonly action: AuditAction;
}

const NO_SUCH_RESOURCE = 'No such stream resource: use the URLs from the playlists of a playback session.';
const NEEDS_TOKEN =
  'This URL needs its token: start playback with POST /videos/{id}/playback and open the manifestUrl it returns.';
const BAD_TOKEN = 'This link is not valid (expired, altered, or for another resource): start playback again.';

export function actionOf(resource: ResourceName | null): AuditAction {
  switch (resource?.kind) {
    case 'master':
      return 'manifest';
    case 'variant-playlist':
      return 'playlist';
    case 'key':
      return 'key';
    case 'init-segment':
    case 'media-segment':
    case 'poster':
    case 'storyboard-image':
    case 'storyboard-track':
    case undefined:
      // A name that is none of ours is most often a probe for a file: filed under segments.
      return 'segment';
  }
}

@Injectable()
export class StreamGate {
  constructor(
    @Inject(PlaybackTokens) private readonly tokens: PlaybackTokens,
    @Inject(SessionRegistry) private readonly sessions: SessionRegistry,
    @Inject(StreamAudit) private readonly audit: StreamAudit,
  ) {}

  /**
   * @param name the raw path segment (already percent-decoded once by the router), or
   *   `MASTER_PLAYLIST_NAME` for the manifest route
   */
  async admit(req: StreamRequest, videoKey: string, name: string, viaManifestRoute: boolean): Promise<Admitted> {
    const parsed = parseResourceName(name);
    const resource =
      parsed && isStreamResource(parsed) && (parsed.kind === 'master') === viaManifestRoute ? parsed : null;
    const action = actionOf(resource ?? parsed);
    const deny = async (
      status: 401 | 403 | 404,
      reason: string,
      message: string,
      sessionId: string | null = null,
      userId: string | null = null,
    ): Promise<never> => {
      await this.audit.record(req, {
        action,
        outcome: 'denied',
        reason,
        videoId: videoKey,
        resource: name,
        sessionId,
        userId,
      });
      throw new StreamDenied(status, reason, message);
    };

    if (!resource || !isWellFormedId(videoKey)) return deny(404, 'name_malformed', NO_SUCH_RESOURCE);
    const token = tokenParam(req);
    if (token === undefined) return deny(401, 'token_missing', NEEDS_TOKEN);
    const verified = this.tokens.verify(token, videoKey, name);
    if (!verified.ok) return deny(403, `token_${verified.reason}`, BAD_TOKEN);

    const { sessionId } = verified.claims;
    const session = await this.sessions.get(sessionId);
    if (!session || session.videoId !== videoKey) return deny(403, 'session_unknown', BAD_TOKEN, sessionId);
    const death = deathOf(session, Date.now(), this.sessions.cutoff(videoKey));
    if (death) {
      // A deleted video is gone for good (API.md: later stream requests get 404); the caller
      // held a valid token for it, so saying so reveals nothing.
      const status = death.kind === 'revoked' && death.reason === 'video_deleted' ? 404 : 403;
      return deny(status, deathCode(death), deathMessage(death), sessionId, session.userId);
    }
    return { resource, name: resource.kind === 'master' ? MASTER_PLAYLIST_NAME : name, session, action };
  }
}

function isStreamResource(resource: ResourceName): resource is StreamResource {
  return (
    resource.kind === 'master' ||
    resource.kind === 'variant-playlist' ||
    resource.kind === 'init-segment' ||
    resource.kind === 'media-segment' ||
    resource.kind === 'key'
  );
}
