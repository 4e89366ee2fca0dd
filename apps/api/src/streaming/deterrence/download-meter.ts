// Counts, per playback session, the distinct media segments it has pulled, and asks the
// download policy whether the next one may go. Counting is in process (no round trip on the
// segment path); once a second the new segments are added to a Redis set per session, whose
// size every instance reads back, so a session spread over several instances is still one
// count. Distinct segments, not requests: a player seeking back re-fetches for free.
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { judgeDownload, type DownloadLimits, type DownloadVerdict } from './download-policy.js';

const SYNC_MS = 1_000;
/** A session nobody fetched for this long is forgotten here (its Redis set remains). */
const FORGET_AFTER_MS = 10 * 60_000;
/** Counts of sessions used this recently are re-read every sync. */
const REFRESH_WHILE_USED_MS = 30_000;

interface Meter {
  readonly seen: Set<string>;
  pending: string[];
  /** distinct segments across all instances, as of the last sync */
  shared: number;
  lastUsed: number;
  expiresAt: number;
}

export interface MeteredSegment {
  readonly sessionId: string;
  /** when the session started (epoch ms): wall-clock time is counted from here */
  readonly startedAt: number;
  /** when the session dies at the latest (epoch ms): the shared count expires then */
  readonly hardExpiresAt: number;
  /** e.g. `720p_00012.m4s` */
  readonly segment: string;
}

export class DownloadMeter {
  private readonly logger = new Logger(DownloadMeter.name);
  private readonly meters = new Map<string, Meter>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: DownloadLimits,
    /** media seconds one segment counts for */
    private readonly segmentSec: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sync(), SYNC_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sync();
  }

  /** Decides on one media segment and, unless refused, counts it. */
  admit(request: MeteredSegment, now = Date.now()): DownloadVerdict {
    const meter = this.meterOf(request, now);
    meter.lastUsed = now;
    if (meter.seen.has(request.segment)) return { kind: 'serve' };
    const count = Math.max(meter.seen.size, meter.shared + meter.pending.length) + 1;
    const verdict = judgeDownload(this.limits, count * this.segmentSec, (now - request.startedAt) / 1000);
    if (verdict.kind !== 'refuse') {
      meter.seen.add(request.segment);
      meter.pending.push(request.segment);
    }
    return verdict;
  }

  /** Media seconds this instance believes the session has pulled. */
  servedSec(sessionId: string): number {
    const meter = this.meters.get(sessionId);
    return meter ? Math.max(meter.seen.size, meter.shared + meter.pending.length) * this.segmentSec : 0;
  }

  forget(sessionId: string): void {
    this.meters.delete(sessionId);
  }

  /** Pushes new segments to Redis and reads back every instance's count. */
  sync(): Promise<void> {
    this.syncing ??= this.flush().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private meterOf(request: MeteredSegment, now: number): Meter {
    let meter = this.meters.get(request.sessionId);
    if (!meter) {
      meter = { seen: new Set(), pending: [], shared: 0, lastUsed: now, expiresAt: request.hardExpiresAt };
      this.meters.set(request.sessionId, meter);
      // Another instance may have served this session already: learn its count soon.
      void this.readShared(request.sessionId, meter);
    }
    return meter;
  }

  private async readShared(sessionId: string, meter: Meter): Promise<void> {
    try {
      meter.shared = Math.max(meter.shared, await this.redis.scard(this.key(sessionId)));
    } catch {
      // The local count stands in until Redis answers again.
    }
  }

  private async flush(): Promise<void> {
    const now = Date.now();
    const batch: [string, Meter, string[]][] = [];
    for (const [sessionId, meter] of this.meters) {
      if (now - meter.lastUsed > FORGET_AFTER_MS || now > meter.expiresAt) {
        if (meter.pending.length === 0) this.meters.delete(sessionId);
        continue;
      }
      // Sessions in use are re-read even with nothing new here: another instance may be serving them.
      if (meter.pending.length > 0 || now - meter.lastUsed < REFRESH_WHILE_USED_MS) {
        batch.push([sessionId, meter, meter.pending]);
        meter.pending = [];
      }
    }
    if (batch.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [sessionId, meter, segments] of batch) {
      const key = this.key(sessionId);
      if (segments.length > 0) pipeline.sadd(key, ...segments).pexpireat(key, meter.expiresAt + 60_000);
      pipeline.scard(key);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      let at = 0;
      for (const [, meter, segments] of batch) {
        at += segments.length > 0 ? 3 : 1;
        const [error, count] = results[at - 1] ?? [];
        if (!error && typeof count === 'number') meter.shared = count;
      }
    } catch (error) {
      this.logger.warn(`could not share download counts: ${(error as Error).message}`);
      for (const [, meter, segments] of batch) meter.pending.unshift(...segments);
    }
  }

  private key(sessionId: string): string {
    return `${this.prefix}:playback:served:${sessionId}`;
  }
}
