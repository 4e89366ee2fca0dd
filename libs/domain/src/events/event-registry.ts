// The closed set of Video events, and the conversion between event objects and stored records.
// Records become instances of the real classes, so routing by type (aggregate `on<Type>`
// handlers, Nest's EventBus) works the same for replayed events as for new ones.
import { RenditionReady } from './rendition-ready.js';
import { TranscodeFailed } from './transcode-failed.js';
import { TranscodeProgressed } from './transcode-progressed.js';
import { TranscodeRequested } from './transcode-requested.js';
import { TranscodeStarted } from './transcode-started.js';
import { buildUpcaster, UpcastError, type Upcaster } from './upcasting.js';
import { VIDEO_EVENT_UPCASTS } from './upcasts.js';
import { VideoDeleted } from './video-deleted.js';
import { VideoMetadataChanged } from './video-metadata-changed.js';
import { VideoPublished } from './video-published.js';
import { VideoReady } from './video-ready.js';
import { VideoUnpublished } from './video-unpublished.js';
import { VideoUploaded } from './video-uploaded.js';

export type AnyVideoEvent =
  | VideoUploaded
  | TranscodeRequested
  | TranscodeStarted
  | TranscodeProgressed
  | RenditionReady
  | VideoReady
  | TranscodeFailed
  | VideoPublished
  | VideoUnpublished
  | VideoMetadataChanged
  | VideoDeleted;

export type VideoEventType = AnyVideoEvent['type'];

interface VideoEventClass {
  readonly type: VideoEventType;
  readonly version: number;
  new (videoId: string, data: never): AnyVideoEvent;
}

const eventClasses: readonly VideoEventClass[] = [
  VideoUploaded,
  TranscodeRequested,
  TranscodeStarted,
  TranscodeProgressed,
  RenditionReady,
  VideoReady,
  TranscodeFailed,
  VideoPublished,
  VideoUnpublished,
  VideoMetadataChanged,
  VideoDeleted,
];

// A Map, not an object: a stored type such as "constructor" must not find anything.
const classByType = new Map<string, VideoEventClass>(eventClasses.map((eventClass) => [eventClass.type, eventClass]));

export const VIDEO_EVENT_TYPES: readonly VideoEventType[] = eventClasses.map((eventClass) => eventClass.type);

/** Stored schema version each event type is written at by this release. */
export const CURRENT_EVENT_VERSIONS: ReadonlyMap<string, number> = new Map(
  eventClasses.map((eventClass) => [eventClass.type, eventClass.version]),
);

/** Brings an old stored payload up to the current schema; identity while every event is at v1. */
export const upcast: Upcaster = buildUpcaster(CURRENT_EVENT_VERSIONS, VIDEO_EVENT_UPCASTS);

/** What the event store keeps of an event (besides stream position, metadata and time). */
export interface VideoEventRecord {
  readonly videoId: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
}

export function isVideoEventType(type: string): type is VideoEventType {
  return classByType.has(type);
}

/**
 * Rebuilds an event from a stored record, upcasting old payloads first. The store is trusted
 * (only this code writes it), so payloads are not re-validated field by field.
 */
export function eventFromRecord(record: VideoEventRecord, upcastPayload: Upcaster = upcast): AnyVideoEvent {
  const eventClass = classByType.get(record.type);
  if (!eventClass) throw new UpcastError(`Unknown event type "${record.type}".`);
  const { data } = upcastPayload(record.type, record.version, record.data);
  return new eventClass(record.videoId, data as never);
}

/** The record to append for a new event; `data` is the payload as-is (already plain JSON). */
export function eventToRecord(event: AnyVideoEvent): VideoEventRecord {
  return { videoId: event.videoId, type: event.type, version: event.version, data: event.data };
}
