// The upcast hook: stored payloads of older versions are rewritten step by step on read.
import { describe, expect, it } from 'vitest';
import { TEST_VIDEO_ID } from '../testing/given.js';
import { eventFromRecord, upcast } from './event-registry.js';
import { buildUpcaster, UpcastError } from './upcasting.js';
import { VideoUploaded } from './video-uploaded.js';

const v1Upload = {
  title: 'T',
  description: '',
  sourceKey: 'k',
  sourceBytes: 1,
  originalFilename: 'a.mp4',
  contentType: 'video/mp4',
};

describe('upcast', () => {
  it('is the identity for every current (v1) event', () => {
    expect(upcast('VideoUploaded', 1, v1Upload)).toEqual({ version: 1, data: v1Upload });
    expect(upcast('VideoPublished', 1, {})).toEqual({ version: 1, data: {} });
  });

  it('refuses versions it cannot read: newer than this release, zero, fractional, or a non-object payload', () => {
    expect(() => upcast('VideoUploaded', 2, v1Upload)).toThrow(/newer than this release/);
    expect(() => upcast('VideoUploaded', 0, v1Upload)).toThrow(UpcastError);
    expect(() => upcast('VideoUploaded', 1.5, v1Upload)).toThrow(UpcastError);
    expect(() => upcast('VideoUploaded', 1, [v1Upload])).toThrow(/not a JSON object/);
    expect(() => upcast('VideoUploaded', 1, null)).toThrow(/not a JSON object/);
  });
});

describe('buildUpcaster (the mechanism a schema change will use)', () => {
  // As if VideoUploaded were at v3: v1 lacked the description, v2 called the size "bytes".
  const upcastV3 = buildUpcaster(new Map([['VideoUploaded', 3]]), {
    VideoUploaded: {
      1: (data) => ({ ...data, description: '' }),
      2: ({ bytes, ...rest }) => ({ ...rest, sourceBytes: bytes }),
    },
  });

  it('applies each step in order from the stored version to the current one', () => {
    const stored = { title: 'T', sourceKey: 'k', bytes: 1, originalFilename: 'a.mp4', contentType: 'video/mp4' };
    expect(upcastV3('VideoUploaded', 1, stored)).toEqual({ version: 3, data: v1Upload });
    expect(upcastV3('VideoUploaded', 3, v1Upload)).toEqual({ version: 3, data: v1Upload });
  });

  it('fails clearly when a step is missing', () => {
    const gap = buildUpcaster(new Map([['VideoUploaded', 3]]), { VideoUploaded: { 2: (data) => data } });
    expect(() => gap('VideoUploaded', 1, v1Upload)).toThrow(/no upcast from v1 to v2/);
  });

  it('is what eventFromRecord runs before building the event', () => {
    const event = eventFromRecord(
      { videoId: TEST_VIDEO_ID, type: 'VideoUploaded', version: 1, data: { ...v1Upload, description: undefined } },
      buildUpcaster(new Map([['VideoUploaded', 2]]), {
        VideoUploaded: { 1: (data) => ({ ...data, description: 'from upcast' }) },
      }),
    );
    expect(event).toBeInstanceOf(VideoUploaded);
    expect(event.data).toEqual({ ...v1Upload, description: 'from upcast' });
  });
});
