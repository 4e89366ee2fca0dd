import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range.js';
import { SegmentCache } from './segment-cache.js';

const body = (size: number, fill = 1) => Buffer.alloc(size, fill);

describe('SegmentCache', () => {
  it('keeps the total under its byte bound, dropping the least recently used first', () => {
    const cache = new SegmentCache(300, 150);
    cache.set('a', body(100));
    cache.set('b', body(100));
    cache.set('c', body(100));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('d', body(100));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.bytes.length).toBe(100);
    expect(cache.get('c')).toBeDefined();
    expect(cache.get('d')).toBeDefined();
    expect(cache.stats()).toMatchObject({ bytes: 300, entries: 3 });
  });

  it('never keeps a body larger than the per-entry bound, nor an empty one, nor anything when sized 0', () => {
    const cache = new SegmentCache(1000, 200);
    cache.set('big', body(201));
    cache.set('empty', body(0));
    expect(cache.stats()).toMatchObject({ bytes: 0, entries: 0 });
    const off = new SegmentCache(0);
    off.set('x', body(1));
    expect(off.get('x')).toBeUndefined();
  });

  it('replaces an entry without counting it twice, and drops a prefix', () => {
    const cache = new SegmentCache(1000);
    cache.set('v1/a', body(100));
    cache.set('v1/a', body(50, 2));
    cache.set('v2/a', body(70));
    expect(cache.stats().bytes).toBe(120);
    expect(cache.removePrefix('v1/')).toBe(1);
    expect(cache.stats()).toMatchObject({ bytes: 70, entries: 1 });
  });

  it('counts hits and misses', () => {
    const cache = new SegmentCache(1000);
    cache.set('a', body(10));
    cache.get('a');
    cache.get('b');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });
});

describe('parseByteRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-200', { start: 800, end: 999 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
  ])('%s of 1000 bytes', (header, expected) => {
    expect(parseByteRange(header, 1000)).toEqual(expected);
  });

  it.each([undefined, 'bytes=0-1,5-9', 'items=0-9', 'bytes=-', 'bytes=9-1', 'bytes=abc'])(
    'sends the whole body for %s',
    (header) => {
      expect(parseByteRange(header, 1000)).toBeNull();
    },
  );

  it.each(['bytes=1000-', 'bytes=2000-3000', 'bytes=-0'])('answers 416 for %s', (header) => {
    expect(parseByteRange(header, 1000)).toBe('unsatisfiable');
  });
});
