// The Video aggregate's state as folded from its events, and how its public status derives from it.
import type { Rendition, Storyboard } from '../events/video-event.js';

export type VideoStatus = 'uploaded' | 'processing' | 'ready' | 'failed';

/**
 * Where the current transcode request stands. Kept apart from `status` because a video stays
 * playable (`ready`) while the rest of its ladder is still being encoded, or after a re-run failed.
 */
export type TranscodePhase = 'idle' | 'requested' | 'running' | 'completed' | 'failed';

export interface TranscodeFailure {
  readonly reason: string;
  readonly retryable: boolean;
}

export interface VideoSnapshot {
  readonly id: string;
  readonly exists: boolean;
  readonly status: VideoStatus;
  readonly transcodePhase: TranscodePhase;
  readonly attempt: number;
  readonly progress: number;
  readonly playable: boolean;
  readonly published: boolean;
  readonly deleted: boolean;
  readonly title: string;
  readonly description: string;
  readonly sourceKey: string;
  readonly renditions: readonly Rendition[];
  readonly durationSec: number | null;
  readonly posterKey: string | null;
  readonly storyboard: Storyboard | null;
  readonly error: TranscodeFailure | null;
}

export type VideoFields = Omit<VideoSnapshot, 'id' | 'status'>;

export const INITIAL_VIDEO_FIELDS: VideoFields = {
  exists: false,
  transcodePhase: 'idle',
  attempt: 0,
  progress: 0,
  playable: false,
  published: false,
  deleted: false,
  title: '',
  description: '',
  sourceKey: '',
  renditions: [],
  durationSec: null,
  posterKey: null,
  storyboard: null,
  error: null,
};

export function statusOf(fields: Pick<VideoFields, 'playable' | 'transcodePhase'>): VideoStatus {
  if (fields.playable) return 'ready';
  switch (fields.transcodePhase) {
    case 'idle':
      return 'uploaded';
    case 'requested':
    case 'running':
      return 'processing';
    case 'failed':
      return 'failed';
    case 'completed':
      // Completion is only accepted once playable; kept total for the switch.
      return 'ready';
  }
}

/** Adds or replaces (a re-run re-encodes the same names) a rendition, keeping first-seen order. */
export function withRendition(renditions: readonly Rendition[], rendition: Rendition): Rendition[] {
  const index = renditions.findIndex((existing) => existing.name === rendition.name);
  if (index === -1) return [...renditions, rendition];
  return renditions.map((existing, i) => (i === index ? rendition : existing));
}
