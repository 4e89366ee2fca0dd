// What every Video event shares: the video it belongs to, a type name and schema version read
// from its class, and a plain JSON payload (`data`) — exactly what the event store keeps.
import type { IEvent } from '@nestjs/cqrs';

export abstract class VideoEvent<TData extends object = object> implements IEvent {
  /** Equal to the class name and to the static `type`; the aggregate routes on it. */
  abstract readonly type: string;

  constructor(
    readonly videoId: string,
    readonly data: Readonly<TData>,
  ) {}

  /** The schema version this process writes; older stored versions are upcast on read. */
  get version(): number {
    return (this.constructor as unknown as { readonly version: number }).version;
  }
}

/** For events whose meaning is entirely in their type. */
export type NoPayload = Record<string, never>;

/** One encoded quality level of the adaptive ladder. */
export interface Rendition {
  /** Also the stem of its playlist and segment names, e.g. `720p` → `720p.m3u8`. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Peak bits per second, as written in the master playlist's BANDWIDTH. */
  readonly bandwidth: number;
}

/** Thumbnail sprites for scrubbing previews, described by a WebVTT file that maps times to tiles. */
export interface Storyboard {
  readonly vttKey: string;
  readonly intervalSec: number;
}
