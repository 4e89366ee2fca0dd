// Small rules about a video's state that several screens share.
import type { Video, VideoStatus } from '../dataProvider/apiTypes';

export const POLL_WHILE_PROCESSING_MS = 2000;

/** Uploaded videos are about to be transcoded and processing ones are moving: both change soon. */
export const isInFlight = (status: VideoStatus): boolean => status === 'uploaded' || status === 'processing';

/** How often to re-read a list: every 2 s while any row is in flight, otherwise not at all. */
export function listRefetchInterval(videos: readonly Pick<Video, 'status'>[] | undefined): number | false {
  return videos?.some((video) => isInFlight(video.status)) ? POLL_WHILE_PROCESSING_MS : false;
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
