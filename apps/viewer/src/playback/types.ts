// The ports the playback session controller works through, and the states it reports.
// Nothing here knows about the DOM, React or video.js.
import type { HeartbeatResponse, PlaybackStart } from '../api/types';

/** The API calls the controller needs; the app's ApiClient satisfies it. */
export interface PlaybackApi {
  startPlayback(videoId: string): Promise<PlaybackStart>;
  heartbeat(sessionId: string): Promise<HeartbeatResponse>;
  endSession(sessionId: string): Promise<void>;
  /** Resolves while the video is still visible to the viewer; used to explain a final refusal. */
  getVideo(videoId: string): Promise<unknown>;
  /** The API's clock minus the browser's, when known; compares the API's deadlines with now. */
  serverClockOffsetMs?(): number | null;
}

/** What the controller asks of the player. */
export interface LoadRequest {
  manifestUrl: string;
  /** Position to seek to once the new source has loaded, in seconds. */
  startAt: number;
  /** Start playing after loading (the viewer was watching when the refresh began). */
  autoplay: boolean;
  /** Identifies this load; the player reports refusals and readiness with it. */
  loadId: number;
}

export interface PlayerPort {
  currentTime(): number;
  isPaused(): boolean;
  load(request: LoadRequest): void;
  /** Stops playback for good (the session ended and will not come back on its own). */
  halt(): void;
}

export type Cancel = () => void;

export interface Scheduler {
  every(intervalMs: number, task: () => void): Cancel;
  now(): number;
}

export const systemScheduler: Scheduler = {
  every(intervalMs, task) {
    const handle = setInterval(task, intervalMs);
    return () => clearInterval(handle);
  },
  now: () => Date.now(),
};

export type EndReason =
  'unavailable' | 'revoked' | 'too-many-sessions' | 'refresh-limit' | 'signed-out' | 'network' | 'failed';

export type PlaybackState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'active'; sessionId: string; expiresAt: string }
  | { kind: 'refreshing' }
  | { kind: 'ended'; reason: EndReason; message: string; canRetry: boolean };

export const endMessages: Record<EndReason, string> = {
  unavailable: 'This video is no longer available.',
  revoked: 'Your viewing session was ended.',
  'too-many-sessions': 'You are already watching on too many screens. Close another player and try again.',
  'refresh-limit': 'Playback keeps being interrupted. Wait a moment and try again.',
  'signed-out': 'Your sign-in has expired. Please sign in again.',
  network: 'Cannot reach Reelguard. Check your connection and try again.',
  failed: 'Playback could not continue. Try again.',
};

/** Final refusals that a retry cannot fix. */
const finalReasons: ReadonlySet<EndReason> = new Set<EndReason>(['unavailable', 'revoked', 'signed-out']);

export function endedState(reason: EndReason): Extract<PlaybackState, { kind: 'ended' }> {
  return { kind: 'ended', reason, message: endMessages[reason], canRetry: !finalReasons.has(reason) };
}
