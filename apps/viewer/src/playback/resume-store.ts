// Remembers where the viewer stopped in each video (one small record in browser storage),
// forgetting videos watched to the end and keeping only the most recent entries.
import type { KeyValueStorage } from '../shared/storage';

export const RESUME_STORAGE_KEY = 'reelguard.resume';
/** Positions before this are not worth resuming from. */
export const MIN_RESUME_SEC = 5;
/** Positions this close to the end count as watched. */
export const END_MARGIN_SEC = 10;
const MAX_WATCHED_FRACTION = 0.95;

interface ResumeEntry {
  /** Position, seconds. */
  p: number;
  /** Last saved, epoch ms. */
  t: number;
}

type ResumeMap = Record<string, ResumeEntry>;

function isWatched(position: number, durationSec: number | null | undefined): boolean {
  if (!durationSec || !Number.isFinite(durationSec) || durationSec <= 0) return false;
  return position >= durationSec - END_MARGIN_SEC || position >= durationSec * MAX_WATCHED_FRACTION;
}

export function createResumeStore(storage: KeyValueStorage, now: () => number = Date.now, maxEntries = 100) {
  function read(): ResumeMap {
    try {
      const raw = storage.getItem(RESUME_STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      const entries: ResumeMap = {};
      for (const [videoId, value] of Object.entries(parsed as Record<string, unknown>)) {
        const entry = value as Partial<ResumeEntry> | null;
        if (entry && typeof entry.p === 'number' && Number.isFinite(entry.p) && typeof entry.t === 'number') {
          entries[videoId] = { p: entry.p, t: entry.t };
        }
      }
      return entries;
    } catch {
      return {};
    }
  }

  function write(entries: ResumeMap): void {
    const newestFirst = Object.entries(entries).sort(([, a], [, b]) => b.t - a.t);
    try {
      storage.setItem(RESUME_STORAGE_KEY, JSON.stringify(Object.fromEntries(newestFirst.slice(0, maxEntries))));
    } catch {
      // Storage full or unavailable: resuming is a convenience, not worth an error.
    }
  }

  return {
    /** Where to resume `videoId`, in seconds; 0 to start from the beginning. */
    get(videoId: string, durationSec?: number | null): number {
      const entry = read()[videoId];
      if (!entry || entry.p < MIN_RESUME_SEC || isWatched(entry.p, durationSec)) return 0;
      return entry.p;
    },

    save(videoId: string, positionSec: number, durationSec?: number | null): void {
      const entries = read();
      if (!Number.isFinite(positionSec) || positionSec < MIN_RESUME_SEC || isWatched(positionSec, durationSec)) {
        if (!(videoId in entries)) return;
        delete entries[videoId];
      } else {
        entries[videoId] = { p: Math.round(positionSec * 10) / 10, t: now() };
      }
      write(entries);
    },

    clear(videoId: string): void {
      const entries = read();
      if (!(videoId in entries)) return;
      delete entries[videoId];
      write(entries);
    },
  };
}

export type ResumeStore = ReturnType<typeof createResumeStore>;
