// What the streaming routes need to know about a playback session, and the one rule that says
// whether it is still alive. Pure; times are epoch milliseconds.
export type RevokeReason =
  'revoked_by_user' | 'revoked_by_admin' | 'session_limit' | 'video_unpublished' | 'video_deleted';

export interface SessionState {
  readonly id: string;
  readonly userId: string;
  readonly videoId: string;
  readonly createdAt: number;
  /** Idle deadline, moved forward by heartbeats. */
  readonly expiresAt: number;
  readonly hardExpiresAt: number;
  readonly revokedAt: number | null;
  readonly revokeReason: RevokeReason | null;
}

/** Every session of a video started at or before `at` is dead (the video was unpublished or deleted). */
export interface VideoCutoff {
  readonly at: number;
  readonly reason: Extract<RevokeReason, 'video_unpublished' | 'video_deleted'>;
}

export type SessionDeath =
  | { readonly kind: 'revoked'; readonly reason: RevokeReason }
  | { readonly kind: 'expired' }
  | { readonly kind: 'idle' };

export function deathOf(session: SessionState, now: number, cutoff?: VideoCutoff): SessionDeath | null {
  if (session.revokedAt !== null) return { kind: 'revoked', reason: session.revokeReason ?? 'revoked_by_admin' };
  if (cutoff && session.createdAt <= cutoff.at) return { kind: 'revoked', reason: cutoff.reason };
  // Tokens count whole seconds: in the last fraction of a second before the cap no token could
  // be issued that expires after now, so the session is over then.
  if (Math.floor(session.hardExpiresAt / 1000) <= Math.floor(now / 1000)) return { kind: 'expired' };
  if (now >= session.expiresAt) return { kind: 'idle' };
  return null;
}

/** A stable code for the audit trail, e.g. `session_idle` or `session_revoked.video_unpublished`. */
export function deathCode(death: SessionDeath): string {
  return death.kind === 'revoked' ? `session_revoked.${death.reason}` : `session_${death.kind}`;
}

/** The next idle deadline after a heartbeat at `now`, never past the hard cap. */
export function nextIdleDeadline(now: number, idleSec: number, hardExpiresAt: number): number {
  return Math.min(now + idleSec * 1000, hardExpiresAt);
}

/** What a person is told when a session is no longer usable. */
export function deathMessage(death: SessionDeath): string {
  switch (death.kind) {
    case 'expired':
      return 'This playback session reached its time limit: start playback again.';
    case 'idle':
      return 'This playback session ended because it was not kept alive: start playback again.';
    case 'revoked':
      switch (death.reason) {
        case 'video_unpublished':
          return 'This video is no longer available for playback.';
        case 'video_deleted':
          return 'This video was deleted.';
        case 'session_limit':
          return 'This playback session was closed because the same account started another one.';
        case 'revoked_by_user':
        case 'revoked_by_admin':
          return 'This playback session was ended: start playback again if you may still watch.';
      }
  }
}
