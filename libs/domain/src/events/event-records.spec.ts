// Events survive the trip through the store: record → JSON → record → instance, routed by type.
import { describe, expect, it } from 'vitest';
import { given, TEST_VIDEO_ID } from '../testing/given.js';
import { completed, deleted, failedAfterReady, unpublished } from '../testing/video-histories.js';
import { VideoMetadataChanged } from './video-metadata-changed.js';
import { VideoPublished } from './video-published.js';
import { Video } from '../video/video.js';
import {
  CURRENT_EVENT_VERSIONS,
  eventFromRecord,
  eventToRecord,
  isVideoEventType,
  VIDEO_EVENT_TYPES,
  type AnyVideoEvent,
} from './event-registry.js';
import { UpcastError } from './upcasting.js';

const everyEvent = (): AnyVideoEvent[] => [
  ...failedAfterReady(),
  ...completed().slice(-2),
  ...unpublished().slice(-2),
  new VideoMetadataChanged(TEST_VIDEO_ID, { title: 'T' }),
  ...deleted().slice(-1),
];

const throughJson = (events: AnyVideoEvent[]): AnyVideoEvent[] =>
  (JSON.parse(JSON.stringify(events.map(eventToRecord))) as ReturnType<typeof eventToRecord>[]).map((record) =>
    eventFromRecord(record),
  );

describe('event records', () => {
  it('cover all eleven event types, each at a positive version and named like its class', () => {
    expect(new Set(everyEvent().map((event) => event.type))).toEqual(new Set(VIDEO_EVENT_TYPES));
    expect(VIDEO_EVENT_TYPES).toHaveLength(11);
    for (const event of everyEvent()) {
      expect(event.type).toBe(event.constructor.name);
      expect(event.version).toBe(CURRENT_EVENT_VERSIONS.get(event.type));
      expect(event.version).toBeGreaterThanOrEqual(1);
    }
  });

  it('rebuild instances of the original classes with equal payloads', () => {
    const original = everyEvent();
    const rebuilt = throughJson(original);
    rebuilt.forEach((event, i) => {
      expect(event).toBeInstanceOf(original[i]!.constructor);
      expect(eventToRecord(event)).toEqual(eventToRecord(original[i]!));
    });
  });

  it('replay from JSON into the same state as the live events (handlers found by type)', () => {
    const original = failedAfterReady();
    const live = Video.fromHistory(TEST_VIDEO_ID, original).toSnapshot();
    expect(Video.fromHistory(TEST_VIDEO_ID, throughJson(original)).toSnapshot()).toEqual(live);
    expect(live).toMatchObject({ status: 'ready', transcodePhase: 'failed', exists: true });
  });

  it('refuse unknown types, including names of Object.prototype members', () => {
    for (const type of ['VideoExploded', 'constructor', '__proto__', 'toString']) {
      expect(isVideoEventType(type)).toBe(false);
      expect(() => eventFromRecord({ videoId: TEST_VIDEO_ID, type, version: 1, data: {} })).toThrow(UpcastError);
    }
  });

  it('refuse a history that belongs to another video', () => {
    const history = throughJson(completed()).map((event) =>
      eventFromRecord({ ...eventToRecord(event), videoId: 'BBBBBBBBBBBBBBBBBBBBBB' }),
    );
    expect(() => Video.fromHistory(TEST_VIDEO_ID, history)).toThrow(/replayed into video/);
  });

  it('route by the stable type, not the class name a bundler may rename', () => {
    class Minified extends VideoPublished {}
    const history = [...completed(), new Minified(TEST_VIDEO_ID, {})];
    expect(Video.fromHistory(TEST_VIDEO_ID, history).toSnapshot().published).toBe(true);
  });

  it('fail loudly if an event has no state handler instead of silently dropping it', () => {
    class VideoRenamed extends VideoMetadataChanged {}
    const stray = Object.assign(new VideoRenamed(TEST_VIDEO_ID, {}), {
      type: 'VideoRenamed',
    }) as unknown as AnyVideoEvent;
    expect(() =>
      given([])
        .when((video) => video.loadFromHistory([stray]))
        .thenEmitsNothing(),
    ).toThrow(/no handler for event VideoRenamed/);
  });
});
