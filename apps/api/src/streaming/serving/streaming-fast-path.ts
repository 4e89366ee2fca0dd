// The streaming GETs answered as middleware, ahead of Nest's per-route machinery (guard,
// interceptors, pipes): a segment request is the hottest path of the API and needs none of it,
// being public to the access-token guard and checked by its own token. Names that are not
// stream resources (`events`, `artwork`, garbage) go on to the controllers, so the video routes
// keep working and malformed names still get the controller's audited 404.
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MASTER_PLAYLIST_NAME, parseResourceName } from '@reelguard/media';
import { StreamingService } from './streaming.service.js';

export const MANIFEST_NAME = 'manifest.m3u8';
const SERVED_KINDS = new Set(['variant-playlist', 'init-segment', 'media-segment', 'key']);

@Injectable()
export class StreamingFastPath implements NestMiddleware {
  constructor(@Inject(StreamingService) private readonly streaming: StreamingService) {}

  use(req: Request, res: Response, next: NextFunction): void | Promise<void> {
    const { key, segment } = req.params as { key?: string; segment?: string };
    if (key === undefined || segment === undefined) return next();
    if (segment === MANIFEST_NAME) return this.streaming.serve(req, res, key, MASTER_PLAYLIST_NAME, true);
    const resource = parseResourceName(segment);
    if (!resource || !SERVED_KINDS.has(resource.kind)) return next();
    return this.streaming.serve(req, res, key, segment, false);
  }
}
