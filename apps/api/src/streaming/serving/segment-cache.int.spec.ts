import { randomBytes } from 'node:crypto';
import { fstatSync } from 'node:fs';
import { loadZeroCopy, type ZeroCopy } from '@reelguard/zerocopy';
import { describe, expect, it } from 'vitest';
import { SegmentCache } from './segment-cache.js';

function zeroCopy(): ZeroCopy {
  const loaded = loadZeroCopy();
  if (!loaded.zeroCopy) throw new Error(`zero-copy sending is unavailable: ${loaded.reason}`);
  return loaded.zeroCopy;
}

const isOpen = (fd: number) => {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

describe('SegmentCache with zero-copy sending', () => {
  it('keeps each body in a sealed file with the same bytes, and closes the file when the entry goes', () => {
    const cache = new SegmentCache(300, 150, zeroCopy());
    const a = randomBytes(100);
    cache.set('v1/a', a);
    const entry = cache.get('v1/a')!;
    expect(entry.sealed).not.toBeNull();
    expect(entry.bytes.equals(a)).toBe(true);
    expect(fstatSync(entry.sealed!.fd).size).toBe(100);

    cache.set('v1/b', randomBytes(100));
    cache.set('v2/c', randomBytes(100));
    const b = cache.get('v1/b')!.sealed!.fd;
    cache.set('v2/d', randomBytes(100)); // evicts a, the least recently used
    expect(cache.get('v1/a')).toBeUndefined();
    expect(isOpen(entry.sealed!.fd)).toBe(false);
    expect(entry.bytes.equals(a)).toBe(true); // a view still held stays readable

    expect(cache.removePrefix('v1/')).toBe(1);
    expect(isOpen(b)).toBe(false);
    expect(cache.stats()).toMatchObject({ bytes: 200, entries: 2, sealed: 2 });

    const replaced = cache.get('v2/c')!.sealed!.fd;
    cache.set('v2/c', randomBytes(50));
    expect(isOpen(replaced)).toBe(false);
    cache.clear();
    expect(cache.stats()).toMatchObject({ bytes: 0, entries: 0, sealed: 0 });
  });

  it('keeps a body as plain memory when it cannot be sealed, and says so', () => {
    const real = zeroCopy();
    const failing = Object.assign(Object.create(Object.getPrototypeOf(real) as object) as ZeroCopy, {
      seal: () => {
        throw new Error('memfd_create: Too many open files');
      },
    });
    const failures: string[] = [];
    const cache = new SegmentCache(1000, 1000, failing, (error) => failures.push(error.message));
    const body = randomBytes(10);
    cache.set('a', body);
    expect(cache.get('a')).toEqual({ bytes: body, sealed: null });
    expect(failures).toEqual(['memfd_create: Too many open files']);
    expect(cache.stats().sealed).toBe(0);
  });
});
