// Sends init and media segments: from the in-memory cache when hot, else streamed from object
// storage (and kept in the cache on the way when small enough). Single byte ranges are
// honoured. Headers: exact Content-Length, Accept-Ranges, and a private cache lifetime chosen
// by the caller.
import { Inject, Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '@reelguard/config';
import { StreamDenied } from '../streaming-errors.js';
import { parseByteRange } from './byte-range.js';
import { HlsObjects } from './hls-objects.js';
import { SegmentCache } from './segment-cache.js';
import type { StreamRequest } from './stream-request.js';

const SEGMENT_TYPE = 'video/mp4';

@Injectable()
export class SegmentServer {
  readonly cache: SegmentCache;

  constructor(
    @Inject(HlsObjects) private readonly objects: HlsObjects,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.cache = new SegmentCache(
      config.SEGMENT_CACHE_BYTES,
      Math.min(32 * 1024 * 1024, Math.floor(config.SEGMENT_CACHE_BYTES / 4)),
    );
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
      this.sendBuffer(req, res, cached, cacheControl);
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
      this.cache.set(cacheKey, whole);
      this.sendBuffer(req, res, whole, cacheControl);
      return true;
    }
    const stored = await this.objects.open(videoId, name);
    if (!stored) return false;
    this.headers(res, cacheControl, stored.contentLength);
    await this.stream(stored.body, res, cacheKey, stored.contentLength);
    return true;
  }

  private sendBuffer(req: StreamRequest, res: ServerResponse, body: Buffer, cacheControl: string): void {
    const range = parseByteRange(req.headers.range, body.length);
    if (range === 'unsatisfiable') this.unsatisfiable(res, body.length);
    if (range) {
      this.headers(res, cacheControl, range.end - range.start + 1);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${body.length}`);
      res.statusCode = 206;
      res.end(body.subarray(range.start, range.end + 1));
      return;
    }
    this.headers(res, cacheControl, body.length);
    res.statusCode = 200;
    res.end(body);
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
