// Small rules about a video's state that several screens share.
import type { Video, VideoStatus } from '../dataProvider/apiTypes';

export const POLL_WHILE_PROCESSING_MS = 2000;

/**
 * Uploaded videos are about to be transcoded and processing ones are moving; a video is `ready`
 * as soon as it can play, while the rest of its ladder is still being encoded: until its
 * progress reaches 100 it keeps changing too.
 */
export const isInFlight = (video: Pick<Video, 'status' | 'progress'>): boolean =>
  video.status === 'uploaded' || video.status === 'processing' || (video.status === 'ready' && video.progress < 100);

/** How often to re-read a list: every 2 s while any row is in flight, otherwise not at all. */
export function listRefetchInterval(videos: readonly Pick<Video, 'status' | 'progress'>[] | undefined): number | false {
  return videos?.some(isInFlight) ? POLL_WHILE_PROCESSING_MS : false;
}

/** A first rendition is enough to watch: the transcoder makes videos playable early. */
export const isPlayable = (video: Pick<Video, 'status' | 'renditions'>): boolean =>
  video.status === 'ready' || (video.status === 'processing' && video.renditions.length > 0);

export const canPublish = (video: Pick<Video, 'status' | 'published'>): boolean =>
  video.status === 'ready' && !video.published;

export const STATUS_COLOURS: Record<VideoStatus, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  uploaded: 'default',
  processing: 'info',
  ready: 'success',
  failed: 'error',
};
