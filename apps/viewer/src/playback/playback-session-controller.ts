// Owns one viewer's playback session for one video: opens it, heartbeats it while the page is
// open (playing or paused, often enough for the API's idle time), and decides what a refused
// media request means. A session that timed out (idle time or hard cap) or a refused token
// opens a new session and resumes where the viewer was; a session that ended before its
// deadlines (revoked by an admin, closed by another screen, the video withdrawn) becomes a clear
// message; automatic refreshes are bounded.
import { type ApiError, isApiError } from '../api/errors';
import type { PlaybackStart } from '../api/types';
import { classifyMediaResponse } from './media-refusal';
import { createRefreshBudget, DEFAULT_REFRESH_LIMIT, type RefreshBudget, type RefreshLimit } from './refresh-budget';
import {
  endedState,
  systemScheduler,
  type Cancel,
  type EndReason,
  type PlaybackApi,
  type PlaybackState,
  type PlayerPort,
  type Scheduler,
} from './types';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
/** Heartbeats never come closer together than this, however short the API's idle time. */
export const MIN_HEARTBEAT_INTERVAL_MS = 1_000;
/** Beats per idle window: two may be lost without the session dying. */
const BEATS_PER_IDLE_WINDOW = 3;
/**
 * A session refused less than this before one of its deadlines counts as timed out. Covers the
 * `Date` header's one-second resolution and request latency; the error lies on the side of
 * refreshing rather than on the side of a wrong final message.
 */
const DEADLINE_TOLERANCE_MS = 2_000;

export interface PlaybackSessionControllerOptions {
  videoId: string;
  api: PlaybackApi;
  player: PlayerPort;
  scheduler?: Scheduler;
  heartbeatIntervalMs?: number;
  refreshLimit?: RefreshLimit;
}

/** Why a new session is being opened; decides how a refused start is explained. */
type OpenTrigger = 'start' | 'retry' | 'session-refused' | 'gone' | 'session-dead' | 'player-error';

/** When the current session dies unless it is heartbeaten (idle) or whatever happens (hard), API clock. */
interface Deadlines {
  idleAt: number;
  hardAt: number | null;
}

type Listener = (state: PlaybackState) => void;

export class PlaybackSessionController {
  private readonly videoId: string;
  private readonly api: PlaybackApi;
  private readonly player: PlayerPort;
  private readonly scheduler: Scheduler;
  private readonly heartbeatIntervalMs: number;
  private readonly budget: RefreshBudget;
  private readonly listeners = new Set<Listener>();

  private state: PlaybackState = { kind: 'idle' };
  private session: PlaybackStart | null = null;
  private deadlines: Deadlines | null = null;
  private heartbeatEveryMs = 0;
  private loadId = 0;
  /** Where the current load will start, until the player confirms it got there. */
  private pendingStartAt: number | null = null;
  private cancelHeartbeat: Cancel | null = null;
  private heartbeatInFlight = false;
  private disposed = false;

  constructor(options: PlaybackSessionControllerOptions) {
    this.videoId = options.videoId;
    this.api = options.api;
    this.player = options.player;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
    this.budget = createRefreshBudget(options.refreshLimit ?? DEFAULT_REFRESH_LIMIT, () => this.scheduler.now());
  }

  getState(): PlaybackState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get sessionId(): string | null {
    return this.session?.sessionId ?? null;
  }

  get currentLoadId(): number {
    return this.loadId;
  }

  /** The position to remember or resume from; stable while a reload is still seeking back. */
  playbackPosition(): number {
    return this.pendingStartAt ?? this.player.currentTime();
  }

  /** Opens the first session and loads it at `startAt` (a remembered resume position). */
  async start(startAt = 0): Promise<void> {
    if (this.disposed || this.state.kind !== 'idle') return;
    this.setState({ kind: 'starting' });
    await this.open({ startAt, autoplay: false, trigger: 'start' });
  }

  /** The viewer asked to try again after a message: a fresh budget and a fresh session. */
  async retry(): Promise<void> {
    if (this.disposed || this.state.kind !== 'ended' || !this.state.canRetry) return;
    const startAt = this.playbackPosition();
    this.budget.reset();
    this.setState({ kind: 'starting' });
    await this.open({ startAt, autoplay: true, trigger: 'retry' });
  }

  /** The player reached the start position of load `loadId`. */
  handleLoaded(loadId: number): void {
    if (loadId === this.loadId) this.pendingStartAt = null;
  }

  /** A media request of load `loadId` was answered with `status` (called from the player's hook). */
  handleMediaResponse(status: number, loadId: number): void {
    if (loadId !== this.loadId) return; // a late answer for a source already replaced
    const refusal = classifyMediaResponse(status);
    if (refusal === 'session-refused' || refusal === 'gone') void this.recover(refusal);
  }

  /** The player gave up on load `loadId` (a media error it could not get past by itself). */
  handlePlayerError(loadId: number): void {
    if (loadId !== this.loadId) return;
    void this.recover('player-error');
  }

  /** Heartbeat now (e.g. the page became visible again after the timers were throttled). */
  heartbeatNow(): void {
    void this.beat();
  }

  /** The viewer left: stop heartbeating and end the session (best effort). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopHeartbeat();
    const session = this.session;
    this.session = null;
    if (session) this.endQuietly(session.sessionId);
    this.listeners.clear();
  }

  /**
   * @param heartbeatError the heartbeat's refusal, when a heartbeat found the session dead
   */
  private async recover(trigger: Exclude<OpenTrigger, 'start' | 'retry'>, heartbeatError?: unknown): Promise<void> {
    if (this.disposed || this.state.kind !== 'active') return;
    const startAt = this.playbackPosition();
    const autoplay = !this.player.isPaused();
    const previous = this.session;
    const deadlines = this.deadlines;
    this.session = null;
    this.deadlines = null;
    this.stopHeartbeat();
    this.setState({ kind: 'refreshing' });
    // Hold the position: whatever happens next, a retry resumes there.
    this.pendingStartAt = startAt;

    if (previous) {
      // Ask the API whether the session still lives; a refused token of a live session, or a
      // session that timed out, is refreshed, one that was ended on purpose is not. Whatever
      // reported the trouble first (a refused request, a heartbeat, the player giving up on a
      // refused request), a revoked session must not be replaced behind the viewer's back.
      const verdict = heartbeatError ?? (await this.probe(previous.sessionId));
      if (this.disposed) return;
      if (isApiError(verdict, 401)) {
        this.endWith('signed-out');
        return;
      }
      if (isApiError(verdict, 410) && endedOnPurpose(verdict, !!deadlines && this.endedBeforeDeadlines(deadlines))) {
        this.endWith((await this.videoStillListed()) ? 'revoked' : 'unavailable');
        return;
      }
    }

    if (!this.budget.tryConsume()) {
      this.endWith('refresh-limit');
      return;
    }
    // Close the old session first so it does not count against the viewer's session limit.
    if (previous) await this.api.endSession(previous.sessionId).catch(() => undefined);
    if (this.disposed) return;
    await this.open({ startAt, autoplay, trigger });
  }

  /** Heartbeats a session once: null when it is alive, else the refusal. */
  private async probe(sessionId: string): Promise<unknown> {
    try {
      await this.api.heartbeat(sessionId);
      return null;
    } catch (error) {
      return error;
    }
  }

  /** The API's time now, as well as this browser can tell. */
  private serverNow(): number {
    return this.scheduler.now() + (this.api.serverClockOffsetMs?.() ?? 0);
  }

  /** True when a session refused now died before its idle deadline and its hard cap. */
  private endedBeforeDeadlines(deadlines: Deadlines): boolean {
    const now = this.serverNow() + DEADLINE_TOLERANCE_MS;
    return now < deadlines.idleAt && (deadlines.hardAt === null || now < deadlines.hardAt);
  }

  private async open(plan: { startAt: number; autoplay: boolean; trigger: OpenTrigger }): Promise<void> {
    // Hold the position from now on, so a refused start followed by a retry still resumes there.
    this.pendingStartAt = plan.startAt;
    let started: PlaybackStart;
    try {
      started = await this.api.startPlayback(this.videoId);
    } catch (error) {
      if (this.disposed) return;
      this.endWith(await this.explainRefusedStart(error, plan.trigger));
      return;
    }
    if (this.disposed) {
      this.endQuietly(started.sessionId);
      return;
    }
    this.session = started;
    this.deadlines = { idleAt: Date.parse(started.expiresAt), hardAt: parseDeadline(started.hardExpiresAt) };
    this.loadId += 1;
    this.player.load({
      manifestUrl: started.manifestUrl,
      startAt: plan.startAt,
      autoplay: plan.autoplay,
      loadId: this.loadId,
    });
    this.startHeartbeat(started.expiresAt);
    this.setState({ kind: 'active', sessionId: started.sessionId, expiresAt: started.expiresAt });
  }

  private async explainRefusedStart(error: unknown, trigger: OpenTrigger): Promise<EndReason> {
    if (!isApiError(error)) return 'failed';
    if (error.status === 404 || error.status === 410 || error.status === 403) {
      if (trigger === 'start' || trigger === 'retry') return 'unavailable';
      // A running session was refused and no new one may start. If the video is still listed,
      // the session was ended on purpose (revoked); otherwise the video itself went away.
      return (await this.videoStillListed()) ? 'revoked' : 'unavailable';
    }
    if (error.status === 429) return 'too-many-sessions';
    if (error.status === 401) return 'signed-out';
    if (error.isNetworkFailure) return 'network';
    return 'failed';
  }

  private async videoStillListed(): Promise<boolean> {
    try {
      await this.api.getVideo(this.videoId);
      return !this.disposed;
    } catch {
      return false;
    }
  }

  private async beat(): Promise<void> {
    const session = this.session;
    if (this.disposed || !session || this.heartbeatInFlight || this.state.kind !== 'active') return;
    this.heartbeatInFlight = true;
    let deathNotice: unknown = null;
    try {
      const { expiresAt } = await this.api.heartbeat(session.sessionId);
      if (this.session === session && this.state.kind === 'active') {
        if (this.deadlines) this.deadlines = { ...this.deadlines, idleAt: Date.parse(expiresAt) };
        this.startHeartbeat(expiresAt);
        this.setState({ kind: 'active', sessionId: session.sessionId, expiresAt });
      }
    } catch (error) {
      if (this.session !== session || this.disposed) return;
      if (isApiError(error, 404) || isApiError(error, 410)) deathNotice = error;
      else if (isApiError(error, 401)) this.endWith('signed-out');
      // Anything else (offline, 5xx) is retried by the next beat; the idle time allows a few.
    } finally {
      this.heartbeatInFlight = false;
    }
    if (deathNotice) await this.recover('session-dead', deathNotice);
  }

  /**
   * Beats a few times per idle window (the API's `expiresAt` minus its time now), at most every
   * `heartbeatIntervalMs`; keeps the running timer when the cadence is unchanged.
   */
  private startHeartbeat(expiresAt: string): void {
    const idleWindowMs = Date.parse(expiresAt) - this.serverNow();
    const everyMs = Number.isFinite(idleWindowMs)
      ? Math.min(
          this.heartbeatIntervalMs,
          Math.max(MIN_HEARTBEAT_INTERVAL_MS, Math.floor(idleWindowMs / BEATS_PER_IDLE_WINDOW)),
        )
      : this.heartbeatIntervalMs;
    if (this.cancelHeartbeat && everyMs === this.heartbeatEveryMs) return;
    this.stopHeartbeat();
    this.heartbeatEveryMs = everyMs;
    this.cancelHeartbeat = this.scheduler.every(everyMs, () => void this.beat());
  }

  private stopHeartbeat(): void {
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = null;
  }

  private endWith(reason: EndReason): void {
    this.stopHeartbeat();
    const session = this.session;
    this.session = null;
    this.deadlines = null;
    if (session) this.endQuietly(session.sessionId);
    this.player.halt();
    this.setState(endedState(reason));
  }

  private endQuietly(sessionId: string): void {
    this.api.endSession(sessionId).catch(() => undefined);
  }

  private setState(state: PlaybackState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

function parseDeadline(value: string | undefined): number | null {
  const at = value === undefined ? NaN : Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

/**
 * Whether a 410 for a session means it was ended on purpose (revoked, its video unpublished or
 * deleted) rather than timed out. The API's reason decides; a heartbeat can arrive after the idle
 * deadline of a session revoked before it, so the clock is only asked when no reason came.
 */
function endedOnPurpose(refusal: ApiError, beforeDeadlines: boolean): boolean {
  if (refusal.reason?.startsWith('session_revoked')) return true;
  if (refusal.reason === 'session_idle' || refusal.reason === 'session_expired') return false;
  return beforeDeadlines;
}
