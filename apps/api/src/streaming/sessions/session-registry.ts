// The in-process view of playback sessions that every streaming request consults: no database
// query per segment. Kept in step across API instances by Redis pub/sub (revocations, video
// cut-offs) and by re-reading Redis when an entry is old or looks idle (a heartbeat may have
// reached another instance). PostgreSQL is read only when Redis does not know a session.
import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { SessionRepository } from './session-repository.js';
import { SessionMirror } from './session-mirror.js';
import { RevocationChannel, type RevocationListener, type RevocationMessage } from './revocation-channel.js';
import type { SessionState, VideoCutoff } from './session-state.js';

/** Background re-read of a cached entry: heals a missed message within this time. */
const REVALIDATE_MS = 5_000;
/** An entry past its idle deadline is re-read at most this often before it is declared dead. */
const IDLE_RECHECK_MS = 500;
const SWEEP_MS = 30_000;
/** Dead entries are kept a little, so a burst of refused requests does not reach Redis. */
const KEEP_DEAD_MS = 60_000;
const MAX_ENTRIES = 200_000;

interface Entry {
  state: SessionState;
  checkedAt: number;
}

export type CutoffListener = (videoId: string, cutoff: VideoCutoff) => void;

export class SessionRegistry implements RevocationListener {
  private readonly logger = new Logger(SessionRegistry.name);
  private readonly entries = new Map<string, Entry>();
  private readonly cutoffs = new Map<string, VideoCutoff>();
  private readonly loading = new Map<string, Promise<SessionState | null>>();
  private readonly cutoffListeners: CutoffListener[] = [];
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly mirror: SessionMirror,
    private readonly channel: RevocationChannel,
    private readonly repository: SessionRepository,
    private readonly maxSessionMs: number,
  ) {}

  async start(): Promise<void> {
    await this.channel.start(this);
    this.sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.channel.stop();
  }

  onCutoff(listener: CutoffListener): void {
    this.cutoffListeners.push(listener);
  }

  /** The session as this instance knows it; loads it once when unknown. */
  async get(id: string): Promise<SessionState | null> {
    const entry = this.entries.get(id);
    if (!entry) return this.load(id);
    const now = Date.now();
    const age = now - entry.checkedAt;
    if (
      entry.state.revokedAt === null &&
      now >= entry.state.expiresAt &&
      now < entry.state.hardExpiresAt &&
      age > IDLE_RECHECK_MS
    ) {
      return this.load(id);
    }
    if (age > REVALIDATE_MS) void this.load(id).catch(() => undefined);
    return entry.state;
  }

  cutoff(videoId: string): VideoCutoff | undefined {
    return this.cutoffs.get(videoId);
  }

  /**
   * A new or heartbeated session: cached here and mirrored for the other instances. Without
   * Redis the others still find it in PostgreSQL, so a failure is only logged.
   */
  async remember(state: SessionState): Promise<void> {
    this.cache(state);
    try {
      await this.mirror.write(state);
    } catch (error) {
      this.logger.warn(`session ${state.id} not mirrored to Redis: ${(error as Error).message}`);
    }
  }

  /** A revoked session: refused here at once, on the other instances when the message lands. */
  async revoked(state: SessionState): Promise<void> {
    this.cache(state);
    await this.announce(`revocation of session ${state.id}`, async () => {
      await this.mirror.write(state);
      await this.channel.publish({ kind: 'session', state });
    });
  }

  /** Every session of the video started up to `cutoff.at` is dead, on every instance. */
  async cutOff(videoId: string, cutoff: VideoCutoff): Promise<void> {
    this.applyCutoff(videoId, cutoff);
    await this.announce(`cut-off of video ${videoId}`, async () => {
      await this.mirror.writeCutoff(videoId, cutoff, Math.ceil(this.maxSessionMs / 1000) + 60);
      await this.channel.publish({ kind: 'video', videoId, cutoff });
    });
  }

  onRevocation(message: RevocationMessage): void {
    if (message.kind === 'session') this.cache(message.state);
    else this.applyCutoff(message.videoId, message.cutoff);
  }

  onResync(): void {
    this.logger.warn('revocation channel reconnected: reloading playback sessions from Redis');
    // Drop nothing that would let a revoked session through: entries are only re-read, and a
    // cut-off is only ever replaced by a later one.
    for (const entry of this.entries.values()) entry.checkedAt = 0;
    for (const videoId of this.cutoffs.keys()) void this.refreshCutoff(videoId).catch(() => undefined);
  }

  /** The other instances must hear of a revocation: when Redis cannot tell them, the caller retries. */
  private async announce(what: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.logger.error(`${what} could not be shared through Redis: ${(error as Error).message}`);
      throw new ServiceUnavailableException(
        'The change could not reach every API instance yet: try again in a moment.',
      );
    }
  }

  private load(id: string): Promise<SessionState | null> {
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.fetch(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async fetch(id: string): Promise<SessionState | null> {
    let state: SessionState | null = null;
    let fromRedis = true;
    try {
      state = await this.mirror.read(id);
    } catch (error) {
      fromRedis = false;
      this.logger.warn(`Redis unavailable, reading session from PostgreSQL: ${(error as Error).message}`);
    }
    if (!state) {
      state = await this.repository.find(id);
      // Repopulate the mirror (it may have been flushed) so other instances find it there.
      if (state && fromRedis) await this.mirror.write(state).catch(() => undefined);
    }
    if (!state) return null;
    if (fromRedis) await this.refreshCutoff(state.videoId).catch(() => undefined);
    const known = this.entries.get(id)?.state;
    // A revocation that arrived by message while we were reading wins over an older read.
    this.cache(known && known.revokedAt !== null && state.revokedAt === null ? known : state);
    return this.entries.get(id)!.state;
  }

  private async refreshCutoff(videoId: string): Promise<void> {
    const cutoff = await this.mirror.readCutoff(videoId);
    if (cutoff) this.applyCutoff(videoId, cutoff);
  }

  private cache(state: SessionState): void {
    const known = this.entries.get(state.id)?.state;
    // Revocation is final, whatever order messages and reads come in.
    const merged = known && known.revokedAt !== null && state.revokedAt === null ? known : state;
    this.entries.delete(state.id);
    this.entries.set(state.id, { state: merged, checkedAt: Date.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  private applyCutoff(videoId: string, cutoff: VideoCutoff): void {
    const known = this.cutoffs.get(videoId);
    if (known && known.at >= cutoff.at && known.reason === cutoff.reason) return;
    this.cutoffs.set(videoId, known && known.at > cutoff.at ? known : cutoff);
    for (const listener of this.cutoffListeners) listener(videoId, cutoff);
  }

  private sweep(now: number): void {
    for (const [id, { state }] of this.entries) {
      const deadSince = state.revokedAt ?? Math.min(state.expiresAt, state.hardExpiresAt);
      // Idle entries may be revived by a heartbeat elsewhere; they are re-read on their next use.
      if (now - deadSince > KEEP_DEAD_MS) this.entries.delete(id);
    }
    for (const [videoId, cutoff] of this.cutoffs) {
      if (now - cutoff.at > this.maxSessionMs) this.cutoffs.delete(videoId);
    }
  }
}
