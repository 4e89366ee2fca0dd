// Durations as shown on catalogue cards and read by screen readers.
import { describe, expect, it } from 'vitest';
import { describeDuration, formatDuration } from './format-duration';

describe('formatDuration', () => {
  it('shows minutes:seconds, with hours only when needed', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.4)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('shows nothing for an unknown duration', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
    expect(formatDuration(-3)).toBe('');
  });
});

describe('describeDuration', () => {
  it('spells the duration out', () => {
    expect(describeDuration(3723)).toBe('1 hour 2 minutes 3 seconds');
    expect(describeDuration(60)).toBe('1 minute');
    expect(describeDuration(0)).toBe('0 seconds');
  });
});
