// The deterrence rule against scripted clients on a fake clock: a downloader fetching every
// segment back to back is slowed, then refused; a player watching and seeking is never refused.
import { describe, expect, it } from 'vitest';
import { judgeDownload, type DownloadLimits, type DownloadVerdict } from './download-policy.js';

const DEFAULTS: DownloadLimits = { allowanceSec: 120, maxSpeed: 3, throttleBandSec: 60, throttleDelayMs: 500 };
const SEGMENT_SEC = 4;

/** Replays requests for segment indexes at given times, counting unique segments as the meter does. */
function replay(requests: readonly { atSec: number; index: number }[], limits = DEFAULTS): DownloadVerdict[] {
  const seen = new Set<number>();
  return requests.map(({ atSec, index }) => {
    if (seen.has(index)) return { kind: 'serve' } as const;
    const verdict = judgeDownload(limits, (seen.size + 1) * SEGMENT_SEC, atSec);
    if (verdict.kind !== 'refuse') seen.add(index);
    return verdict;
  });
}

describe('judgeDownload', () => {
  it('serves within the allowance plus the speed limit', () => {
    expect(judgeDownload(DEFAULTS, 120, 0)).toEqual({ kind: 'serve' });
    expect(judgeDownload(DEFAULTS, 150, 10)).toEqual({ kind: 'serve' });
  });

  it('slows a session just over its budget, and refuses one beyond the band with a Retry-After', () => {
    expect(judgeDownload(DEFAULTS, 121, 0)).toEqual({ kind: 'slow', delayMs: 500 });
    expect(judgeDownload(DEFAULTS, 180, 0)).toEqual({ kind: 'slow', delayMs: 500 });
    expect(judgeDownload(DEFAULTS, 190, 0)).toEqual({ kind: 'refuse', retryAfterSec: 4 });
    expect(judgeDownload(DEFAULTS, 181, 0)).toEqual({ kind: 'refuse', retryAfterSec: 1 });
  });

  it('a back-to-back downloader (50 ms per request, waiting out each delay) is slowed, then refused', () => {
    let clock = 0;
    const verdicts: DownloadVerdict[] = [];
    const seen = new Set<number>();
    for (let index = 0; index < 900 && verdicts.at(-1)?.kind !== 'refuse'; index += 1) {
      const verdict = judgeDownload(DEFAULTS, (seen.size + 1) * SEGMENT_SEC, clock);
      verdicts.push(verdict);
      if (verdict.kind !== 'refuse') seen.add(index);
      clock += 0.05 + (verdict.kind === 'slow' ? verdict.delayMs / 1000 : 0);
    }
    const kinds = verdicts.map((v) => v.kind);
    expect(kinds.at(-1)).toBe('refuse');
    expect(kinds.indexOf('slow')).toBeGreaterThan(25);
    expect(kinds.indexOf('slow')).toBeLessThan(kinds.indexOf('refuse'));
    // Refused after pulling under 6 minutes of a 1-hour video, within half a minute.
    expect(seen.size * SEGMENT_SEC).toBeLessThan(360);
    expect(clock).toBeLessThan(30);
  });

  it('a player that buffers 60 s ahead and plays in real time is never slowed over an hour', () => {
    const requests: { atSec: number; index: number }[] = [];
    // Start-up: 15 segments (60 s) fetched at once, then one segment per 4 s of playback.
    for (let i = 0; i < 15; i += 1) requests.push({ atSec: i * 0.1, index: i });
    for (let i = 15; i < 900; i += 1) requests.push({ atSec: (i - 15) * SEGMENT_SEC + 2, index: i });
    expect(replay(requests).every((v) => v.kind === 'serve')).toBe(true);
  });

  it('a viewer seeking around (ten jumps in two minutes, 30 s buffered after each) is never refused', () => {
    const requests: { atSec: number; index: number }[] = [];
    let at = 0;
    const bufferAfterSeek = (from: number) => {
      for (let i = 0; i < 8; i += 1) requests.push({ atSec: at + i * 0.1, index: from + i });
    };
    bufferAfterSeek(0);
    for (const target of [300, 120, 600, 610, 0, 450, 800, 200, 700, 50]) {
      at += 12; // watches 12 s, then jumps
      bufferAfterSeek(target);
    }
    const verdicts = replay(requests);
    expect(verdicts.some((v) => v.kind === 'refuse')).toBe(false);
    expect(verdicts.filter((v) => v.kind === 'slow').length).toBe(0);
  });

  it('a viewer scrubbing every 2 s for half a minute (12 s buffered per jump) is never refused', () => {
    const requests: { atSec: number; index: number }[] = [];
    for (let jump = 0; jump < 15; jump += 1) {
      for (let i = 0; i < 3; i += 1) requests.push({ atSec: jump * 2 + i * 0.1, index: ((jump * 37) % 900) + i });
    }
    expect(replay(requests).some((v) => v.kind === 'refuse')).toBe(false);
  });
});
