// The resume-position store over an in-memory storage.
import { describe, expect, it } from 'vitest';
import { RESUME_STORAGE_KEY, createResumeStore } from './resume-store';
import type { KeyValueStorage } from '../shared/storage';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('resume store', () => {
  it('remembers a position per video and survives a new store over the same storage', () => {
    const storage = memoryStorage();
    createResumeStore(storage).save('a', 61.27, 600);
    createResumeStore(storage).save('b', 12, 600);

    const reloaded = createResumeStore(storage);
    expect(reloaded.get('a', 600)).toBe(61.3);
    expect(reloaded.get('b', 600)).toBe(12);
    expect(reloaded.get('c', 600)).toBe(0);
  });

  it('does not resume from the first seconds or from the end, and forgets watched videos', () => {
    const storage = memoryStorage();
    const store = createResumeStore(storage);
    store.save('a', 3, 600);
    expect(store.get('a', 600)).toBe(0);

    store.save('a', 300, 600);
    store.save('a', 595, 600);
    expect(store.get('a', 600)).toBe(0);
    expect(storage.data.get(RESUME_STORAGE_KEY)).toBe('{}');
  });

  it('ignores a stored position past the end of a video that became shorter', () => {
    const store = createResumeStore(memoryStorage());
    store.save('a', 300);
    expect(store.get('a')).toBe(300);
    expect(store.get('a', 200)).toBe(0);
  });

  it('keeps only the most recently watched entries', () => {
    let now = 0;
    const store = createResumeStore(memoryStorage(), () => (now += 1), 2);
    store.save('old', 10);
    store.save('mid', 10);
    store.save('new', 10);
    expect([store.get('old'), store.get('mid'), store.get('new')]).toEqual([0, 10, 10]);
  });

  it('treats unreadable storage as empty and clears one video', () => {
    const storage = memoryStorage({ [RESUME_STORAGE_KEY]: '{not json' });
    const store = createResumeStore(storage);
    expect(store.get('a')).toBe(0);
    store.save('a', 30);
    store.clear('a');
    expect(store.get('a')).toBe(0);
  });
});
