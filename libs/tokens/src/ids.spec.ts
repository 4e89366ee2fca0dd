// Video and session ids: 128 random bits, URL-safe, and a strict shape check.
import { describe, expect, it } from 'vitest';
import { isWellFormedId, newSessionId, newVideoId } from './ids.js';

describe('ids', () => {
  it('are 22 URL-safe characters that decode to 16 bytes', () => {
    for (const id of [newVideoId(), newSessionId()]) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
      expect(isWellFormedId(id)).toBe(true);
    }
  });

  it('do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newVideoId));
    expect(ids.size).toBe(10_000);
  });

  it.each<[string, unknown]>([
    ['too short', 'A'.repeat(21)],
    ['too long', 'A'.repeat(23)],
    ['standard base64 characters', 'AAAAAAAAAAAAAAAAAAAA+A'],
    ['a slash (path traversal)', '../AAAAAAAAAAAAAAAAAAA'],
    ['padding', 'AAAAAAAAAAAAAAAAAAAAA='],
    ['a non-canonical last character', 'AAAAAAAAAAAAAAAAAAAAAB'],
    ['a trailing newline', 'AAAAAAAAAAAAAAAAAAAAAA\n'],
    ['a number', 12345],
    ['nothing', undefined],
  ])('isWellFormedId refuses %s', (_case, value) => {
    expect(isWellFormedId(value)).toBe(false);
  });
});
