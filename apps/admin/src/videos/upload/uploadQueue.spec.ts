// Unit tests of the upload screen's state: life of one file, parallel limit, cancel and retry.
import { describe, expect, it } from 'vitest';
import { nextToStart, percent, titleFromFileName, uploadReducer, type UploadItem } from './uploadQueue';

const added = (names: string[]): UploadItem[] =>
  uploadReducer([], { type: 'add', files: names.map((name, index) => ({ key: `k${index}`, name, size: 100 })) });

describe('uploadReducer', () => {
  it('takes a file from queued through progress to accepted', () => {
    let items = added(['a.mp4']);
    expect(items[0]).toMatchObject({ state: 'queued', title: 'a', loaded: 0, total: 100 });
    items = uploadReducer(items, { type: 'start', key: 'k0' });
    items = uploadReducer(items, { type: 'progress', key: 'k0', loaded: 40, total: 100 });
    expect(percent(items[0] as UploadItem)).toBe(40);
    items = uploadReducer(items, { type: 'accepted', key: 'k0', videoId: 'v1' });
    expect(items[0]).toMatchObject({ state: 'accepted', videoId: 'v1', loaded: 100 });
  });

  it('keeps the refusal message of a failed file and can retry it', () => {
    let items = uploadReducer(added(['x.txt']), { type: 'start', key: 'k0' });
    items = uploadReducer(items, { type: 'failed', key: 'k0', message: 'Not a video.' });
    expect(items[0]).toMatchObject({ state: 'failed', message: 'Not a video.' });
    items = uploadReducer(items, { type: 'retry', key: 'k0' });
    expect(items[0]).toMatchObject({ state: 'queued', message: undefined, loaded: 0 });
  });

  it('cancels queued or running files but not finished ones', () => {
    let items = added(['a.mp4', 'b.mp4']);
    items = uploadReducer(items, { type: 'accepted', key: 'k1', videoId: 'v' });
    items = uploadReducer(items, { type: 'cancelled', key: 'k0' });
    items = uploadReducer(items, { type: 'cancelled', key: 'k1' });
    expect(items.map((item) => item.state)).toEqual(['cancelled', 'accepted']);
  });

  it('ignores progress that arrives after a cancel', () => {
    let items = uploadReducer(added(['a.mp4']), { type: 'start', key: 'k0' });
    items = uploadReducer(items, { type: 'cancelled', key: 'k0' });
    items = uploadReducer(items, { type: 'progress', key: 'k0', loaded: 90, total: 100 });
    expect(items[0]).toMatchObject({ state: 'cancelled', loaded: 0 });
  });

  it('never removes a running upload, and clears only finished ones', () => {
    let items = added(['a.mp4', 'b.mp4', 'c.mp4']);
    items = uploadReducer(items, { type: 'start', key: 'k0' });
    items = uploadReducer(items, { type: 'failed', key: 'k1', message: 'no' });
    expect(uploadReducer(items, { type: 'remove', key: 'k0' })).toHaveLength(3);
    expect(uploadReducer(items, { type: 'clearFinished' }).map((item) => item.key)).toEqual(['k0', 'k2']);
  });
});

describe('nextToStart', () => {
  it('starts queued files up to the parallel limit, oldest first', () => {
    let items = added(['a', 'b', 'c', 'd']);
    expect(nextToStart(items, 2).map((item) => item.key)).toEqual(['k0', 'k1']);
    items = uploadReducer(items, { type: 'start', key: 'k0' });
    expect(nextToStart(items, 2).map((item) => item.key)).toEqual(['k1']);
    items = uploadReducer(items, { type: 'start', key: 'k1' });
    expect(nextToStart(items, 2)).toEqual([]);
  });
});

describe('titleFromFileName', () => {
  it('proposes a readable title', () => {
    expect(titleFromFileName('my_holiday-2024.final.mp4')).toBe('my holiday 2024 final');
    expect(titleFromFileName('.mp4')).toBe('.mp4');
  });
});
