// Redis pub/sub between API instances: a revoked session or a cut-off video is announced once
// and every instance updates its in-process cache at once. A lost connection may have lost
// messages, so after a reconnect the listener is told to resynchronise from Redis.
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { SessionState, VideoCutoff } from './session-state.js';

export type RevocationMessage =
  | { readonly kind: 'session'; readonly state: SessionState }
  | { readonly kind: 'video'; readonly videoId: string; readonly cutoff: VideoCutoff };

export interface RevocationListener {
  onRevocation(message: RevocationMessage): void;
  /** Called after a reconnect: messages may have been missed. */
  onResync(): void;
}

export class RevocationChannel {
  private readonly logger = new Logger(RevocationChannel.name);
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    readonly channel: string,
  ) {}

  async start(listener: RevocationListener): Promise<void> {
    const subscriber = this.redis.duplicate({ connectionName: 'reelguard-api-revocations', lazyConnect: true });
    this.subscriber = subscriber;
    let connectedOnce = false;
    subscriber.on('ready', () => {
      if (connectedOnce) listener.onResync();
      connectedOnce = true;
    });
    subscriber.on('error', (error: Error) => this.logger.warn(`revocation subscriber: ${error.message}`));
    subscriber.on('message', (_channel: string, raw: string) => {
      const message = parseMessage(raw);
      if (message) listener.onRevocation(message);
      else this.logger.warn('ignored a malformed revocation message');
    });
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
  }

  async publish(message: RevocationMessage): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function parseMessage(raw: string): RevocationMessage | null {
  try {
    const value = JSON.parse(raw) as Partial<{
      kind: string;
      state: SessionState;
      videoId: string;
      cutoff: VideoCutoff;
    }>;
    if (
      value.kind === 'session' &&
      value.state &&
      ID.test(value.state.id) &&
      ID.test(value.state.videoId) &&
      typeof value.state.revokedAt === 'number'
    ) {
      return { kind: 'session', state: value.state };
    }
    if (
      value.kind === 'video' &&
      typeof value.videoId === 'string' &&
      ID.test(value.videoId) &&
      typeof value.cutoff?.at === 'number'
    ) {
      if (value.cutoff.reason === 'video_unpublished' || value.cutoff.reason === 'video_deleted') {
        return { kind: 'video', videoId: value.videoId, cutoff: { at: value.cutoff.at, reason: value.cutoff.reason } };
      }
    }
    return null;
  } catch {
    return null;
  }
}
