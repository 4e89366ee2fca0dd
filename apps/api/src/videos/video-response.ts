// The public shape of a video (API.md "Videos"); storage keys never leave the server.
import type { VideoRow } from '@reelguard/videos';

export interface VideoResponse {
  id: string;
  title: string;
  description: string;
  status: VideoRow['status'];
  progress: number;
  published: boolean;
  durationSec: number | null;
  renditions: VideoRow['renditions'];
  posterUrl?: string;
  storyboardUrl?: string;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

export function toVideoResponse(row: VideoRow): VideoResponse {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    progress: row.progress,
    published: row.published,
    durationSec: row.durationSec,
    renditions: row.renditions,
    ...(row.posterKey ? { posterUrl: `/videos/${row.id}/artwork/poster.jpg` } : {}),
    ...(row.storyboard ? { storyboardUrl: `/videos/${row.id}/artwork/storyboard.vtt` } : {}),
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
