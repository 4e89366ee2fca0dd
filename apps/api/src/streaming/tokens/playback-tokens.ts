// Playback tokens for the streaming routes, signed with the playback keys from the
// configuration (never the login key). Every token names one resource of one video for one
// session and expires no later than the session's hard cap; whether the session is still
// alive is checked on every request, not carried by the token.
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@reelguard/config';
import { PlaybackTokenSigner, type PlaybackTokenVerification } from '@reelguard/tokens';
import type { SessionState } from '../sessions/session-state.js';

@Injectable()
export class PlaybackTokens {
  private readonly signer: PlaybackTokenSigner;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.signer = new PlaybackTokenSigner({
      keys: config.PLAYBACK_TOKEN_KEYS,
      activeKid: config.PLAYBACK_TOKEN_ACTIVE_KID,
    });
  }

  issue(session: Pick<SessionState, 'id' | 'videoId' | 'hardExpiresAt'>, resource: string): string {
    return this.signer.sign(
      { videoId: session.videoId, resource, sessionId: session.id },
      new Date(session.hardExpiresAt),
    );
  }

  verify(token: unknown, videoId: string, resource: string): PlaybackTokenVerification {
    return this.signer.verify(token, { videoId, resource });
  }
}
