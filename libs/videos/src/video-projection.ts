// The `videos` read model as a pure fold over the video's events: one row per video, carrying
// the stream version it reflects so that applying an event twice changes nothing.
import type { AnyVideoEvent } from '@reelguard/domain';
import type { VideoStatus } from '@reelguard/persistence';

export interface VideoRow {
  id: string;
  title: string;
  description: string;
  status: VideoStatus;
  progress: number;
  published: boolean;
  deleted: boolean;
  durationSec: number | null;
  renditions: { name: string; width: number; height: number; bandwidth: number }[];
  posterKey: string | null;
  storyboard: { vttKey: string; intervalSec: number } | null;
  error: string | null;
  sourceKey: string | null;
  sourceBytes: number | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  streamVersion: number;
}

export interface EventPosition {
  version: number;
  occurredAt: Date;
  actor: string;
}

/** The row after `event`; null when no row exists yet and the event cannot start one. */
export function projectVideo(row: VideoRow | null, event: AnyVideoEvent, at: EventPosition): VideoRow | null {
  if (row && at.version <= row.streamVersion) return row;
  if (!row) {
    if (event.type !== 'VideoUploaded') return null;
    return {
      id: event.videoId,
      title: event.data.title,
      description: event.data.description,
      status: 'uploaded',
      progress: 0,
      published: false,
      deleted: false,
      durationSec: null,
      renditions: [],
      posterKey: null,
      storyboard: null,
      error: null,
      sourceKey: event.data.sourceKey,
      sourceBytes: event.data.sourceBytes,
      createdBy: at.actor,
      createdAt: at.occurredAt,
      updatedAt: at.occurredAt,
      streamVersion: at.version,
    };
  }
  const next: VideoRow = { ...row, updatedAt: at.occurredAt, streamVersion: at.version };
  switch (event.type) {
    case 'VideoUploaded':
      return next;
    case 'TranscodeRequested':
      return {
        ...next,
        status: row.status === 'ready' ? 'ready' : 'processing',
        error: null,
        progress: row.status === 'ready' ? row.progress : 0,
      };
    case 'TranscodeStarted':
      return { ...next, status: row.status === 'ready' ? 'ready' : 'processing', error: null };
    case 'TranscodeProgressed':
      return { ...next, progress: Math.max(row.progress, Math.min(100, Math.round(event.data.percent))) };
    case 'RenditionReady': {
      const renditions = row.renditions.filter((r) => r.name !== event.data.name);
      renditions.push({ ...event.data });
      renditions.sort((a, b) => b.height - a.height);
      return { ...next, renditions };
    }
    case 'VideoReady': {
      const byName = new Map(row.renditions.map((r) => [r.name, r]));
      for (const r of event.data.renditions) byName.set(r.name, { ...r });
      return {
        ...next,
        status: 'ready',
        error: null,
        durationSec: event.data.durationSec,
        renditions: [...byName.values()].sort((a, b) => b.height - a.height),
        posterKey: event.data.posterKey ?? row.posterKey,
        storyboard: event.data.storyboard ? { ...event.data.storyboard } : row.storyboard,
      };
    }
    case 'TranscodeFailed':
      return { ...next, status: 'failed', error: event.data.reason, published: false };
    case 'VideoPublished':
      return { ...next, published: true };
    case 'VideoUnpublished':
      return { ...next, published: false };
    case 'VideoMetadataChanged':
      return {
        ...next,
        title: event.data.title ?? row.title,
        description: event.data.description ?? row.description,
      };
    case 'VideoDeleted':
      return { ...next, deleted: true, published: false };
  }
}
