// Poster and storyboard of a video for signed-in users (viewers: published, ready videos only).
// The storyboard track's image URIs are rewritten to this route, because the frontends load
// the track into a blob URL, against which relative URIs would not resolve.
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import {
  POSTER_NAME,
  STORYBOARD_IMAGE_NAME,
  STORYBOARD_TRACK_NAME,
  contentTypeOf,
  parseResourceName,
  rewriteStoryboardUris,
} from '@reelguard/media';
import type { AuthUser } from '../../auth/decorators.js';
import { VideosService } from '../../videos/videos.service.js';
import { StreamAudit } from '../audit/stream-audit.js';
import { HlsObjects } from '../serving/hls-objects.js';

const ARTWORK = new Set([POSTER_NAME, STORYBOARD_IMAGE_NAME, STORYBOARD_TRACK_NAME]);

export interface Artwork {
  body: Buffer;
  contentType: string;
}

@Injectable()
export class ArtworkService {
  constructor(
    @Inject(VideosService) private readonly videos: VideosService,
    @Inject(HlsObjects) private readonly objects: HlsObjects,
    @Inject(StreamAudit) private readonly audit: StreamAudit,
  ) {}

  async get(user: AuthUser, videoId: string, name: string, req: Request): Promise<Artwork> {
    const deny = async (reason: string): Promise<never> => {
      await this.audit.record(req, {
        action: 'artwork',
        outcome: 'denied',
        reason,
        userId: user.id,
        videoId,
        resource: name,
      });
      throw new NotFoundException('No such artwork for this video.');
    };
    const resource = parseResourceName(name);
    if (!resource || !ARTWORK.has(name)) return deny('name_malformed');
    try {
      await this.videos.visible(user, videoId);
    } catch (error) {
      if (error instanceof NotFoundException) return deny('video_unavailable');
      throw error;
    }
    const stored = await this.objects.open(videoId, name);
    if (!stored) return deny('not_stored');
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (name === STORYBOARD_TRACK_NAME) {
      body = Buffer.from(
        rewriteStoryboardUris(body.toString('utf8'), (uri) =>
          uri === STORYBOARD_IMAGE_NAME ? `/videos/${videoId}/artwork/${STORYBOARD_IMAGE_NAME}` : uri,
        ),
        'utf8',
      );
    }
    await this.audit.record(req, { action: 'artwork', outcome: 'granted', userId: user.id, videoId, resource: name });
    return { body, contentType: contentTypeOf(resource) };
  }
}
