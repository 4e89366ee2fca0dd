// Sends init and media segments: from the in-memory cache when hot, else streamed from object
// storage (and kept in the cache on the way when small enough). Single byte ranges are
// honoured. Headers: exact Content-Length, Accept-Ranges, and a private cache lifetime chosen
// by the caller. A cached body goes to a plain TCP socket by sendfile(2) from its sealed
// in-memory file when zero-copy sending is on (ADR 0056); otherwise it is written as usual.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '@reelguard/config';
import { endWithSealedBody, loadZeroCopy, type ZeroCopy } from '@reelguard/zerocopy';
import { StreamDenied } from '../streaming-errors.js';
import { parseByteRange } from './byte-range.js';
import { HlsObjects } from './hls-objects.js';
import { type CachedSegment, SegmentCache } from './segment-cache.js';
import { writeHeadForSending } from './security-headers.js';
import type { StreamRequest } from './stream-request.js';

const SEGMENT_TYPE = 'video/mp4';

@Injectable()
export class SegmentServer implements OnModuleDestroy {
  private readonly logger = new Logger(SegmentServer.name);
  readonly cache: SegmentCache;
  /** null when zero-copy sending is off or unavailable here */
  readonly zeroCopy: ZeroCopy | null;

  constructor(
    @Inject(HlsObjects) private readonly objects: HlsObjects,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zeroCopy = config.SEGMENT_ZERO_COPY ? this.loadZeroCopy() : null;
    let sealFailures = 0;
    this.cache = new SegmentCache(
      config.SEGMENT_CACHE_BYTES,
      Math.min(32 * 1024 * 1024, Math.floor(config.SEGMENT_CACHE_BYTES / 4)),
      this.zeroCopy,
      (error) => {
        // Once is enough to see it; the entries it hits are served by the copying path.
        if (sealFailures++ === 0) this.logger.warn(`a segment is cached without zero-copy: ${error.message}`);
      },
    );
  }

  onModuleDestroy(): void {
    this.cache.clear();
  }

  forgetVideo(videoId: string): void {
    this.cache.removePrefix(`${videoId}/`);
  }

  /** @returns false when the segment is not stored. */
  async send(
    req: StreamRequest,
    res: ServerResponse,
    videoId: string,
    name: string,
    cacheControl: string,
  ): Promise<boolean> {
    const cacheKey = `${videoId}/${name}`;
    const cached = this.cache.get(cacheKey);
    if (cached) {
      this.sendCached(req, res, cached, cacheControl);
      return true;
    }
    if (req.headers.range !== undefined) {
      // Players fetch whole segments; a range on a cold segment is served from the whole body,
      // which one storage request fetches and the cache then keeps.
      const stored = await this.objects.open(videoId, name);
      if (!stored) return false;
      const chunks: Buffer[] = [];
      for await (const chunk of stored.body) chunks.push(chunk as Buffer);
      const whole = Buffer.concat(chunks);
      this.sendCached(req, res, this.cache.set(cacheKey, whole) ?? { bytes: whole, sealed: null }, cacheControl);
      return true;
    }
    const stored = await this.objects.open(videoId, name);
    if (!stored) return false;
    this.headers(res, cacheControl, stored.contentLength);
    await this.stream(stored.body, res, cacheKey, stored.contentLength);
    return true;
  }

  private sendCached(req: StreamRequest, res: ServerResponse, entry: CachedSegment, cacheControl: string): void {
    const size = entry.bytes.length;
    const range = parseByteRange(req.headers.range, size);
    if (range === 'unsatisfiable') this.unsatisfiable(res, size);
    const start = range ? range.start : 0;
    const end = range ? range.end + 1 : size;
    this.headers(res, cacheControl, end - start);
    if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    res.statusCode = range ? 206 : 200;
    // The head is Node's own serialisation (writeHead validates it), with the deferred security
    // headers in it: the one Node would otherwise write ahead of the first body bytes.
    if (
      entry.sealed &&
      req.method === 'GET' &&
      endWithSealedBody(this.zeroCopy!, res, entry.sealed, start, end - start, writeHeadForSending)
    )
      return;
    res.end(range ? entry.bytes.subarray(start, end) : entry.bytes);
  }

  private loadZeroCopy(): ZeroCopy | null {
    const loaded = loadZeroCopy();
    if (loaded.zeroCopy) return loaded.zeroCopy;
    this.logger.warn(`segments are copied into sockets (SEGMENT_ZERO_COPY is on, but ${loaded.reason})`);
    return null;
  }

  private async stream(
    body: NodeJS.ReadableStream,
    res: ServerResponse,
    cacheKey: string,
    length: number,
  ): Promise<void> {
    res.statusCode = 200;
    if (!this.cache.accepts(length)) {
      await pipeline(body, res);
      return;
    }
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    await pipeline(body, res);
    const whole = Buffer.concat(chunks);
    // Only a complete body is cached: a cut-off transfer must never be served to the next player.
    if (whole.length === length) this.cache.set(cacheKey, whole);
  }

  private headers(res: ServerResponse, cacheControl: string, length: number): void {
    res.setHeader('Content-Type', SEGMENT_TYPE);
    res.setHeader('Content-Length', String(length));
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', cacheControl);
  }

  private unsatisfiable(res: ServerResponse, size: number): never {
    res.setHeader('Content-Range', `bytes */${size}`);
    throw new StreamDenied(416, 'range_unsatisfiable', `The requested range lies outside the ${size}-byte segment.`);
  }
}
