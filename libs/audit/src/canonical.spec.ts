import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  PartHasher,
  canonicalEntry,
  digestHash,
  isoMicros,
  signDigest,
  signatureMatches,
  type DigestBody,
  type StoredEntry,
} from './canonical.js';

const stored = (id: number, at: string, extra: Partial<StoredEntry> = {}): StoredEntry => ({
  id: String(id),
  at,
  action: 'segment',
  outcome: 'granted',
  reason: null,
  user_id: 'u',
  session_id: 's',
  video_id: 'v',
  resource: 'r',
  ip: '198.51.100.1',
  user_agent: 'ua',
  request_id: 'q',
  ...extra,
});

const body = (overrides: Partial<DigestBody> = {}): DigestBody => ({
  seq: 2,
  windowStart: '2025-01-01T00:00:00.000000Z',
  windowEnd: '2025-01-01T00:01:00.000000Z',
  firstId: '11',
  lastId: '20',
  count: 10,
  parts: [{ month: '2025-01', count: 10, sha256: 'a'.repeat(64) }],
  previousHash: GENESIS_HASH,
  ...overrides,
});

describe('canonical forms', () => {
  it('cannot be fooled by values that contain separators, and tells null from empty', () => {
    const a = canonicalEntry(stored(1, 'x', { reason: 'a","b', resource: null }));
    const b = canonicalEntry(stored(1, 'x', { reason: 'a', resource: 'b' }));
    const c = canonicalEntry(stored(1, 'x', { reason: 'a","b', resource: '' }));
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a.endsWith('\n')).toBe(true);
    expect(a.slice(0, -1)).not.toContain('\n');
  });

  it('hashes per UTC month, in id order, and any change to an entry changes its month’s hash only', () => {
    const rows = [
      stored(1, '2025-01-31T23:59:59.999000Z'),
      stored(2, '2025-02-01T00:00:00.000000Z'),
      stored(3, '2025-01-31T23:59:59.999500Z'),
    ];
    const hash = (list: StoredEntry[]) => {
      const h = new PartHasher();
      list.forEach((r) => h.add(r));
      return h.parts();
    };
    const parts = hash(rows);
    expect(parts.map((p) => [p.month, p.count])).toEqual([
      ['2025-01', 2],
      ['2025-02', 1],
    ]);
    const edited = hash([rows[0]!, rows[1]!, { ...rows[2]!, user_agent: 'other' }]);
    expect(edited[0]!.sha256).not.toBe(parts[0]!.sha256);
    expect(edited[1]!.sha256).toBe(parts[1]!.sha256);
    const reordered = hash([rows[2]!, rows[1]!, rows[0]!]);
    expect(reordered[0]!.sha256).not.toBe(parts[0]!.sha256);
  });

  it('changes the digest hash when any field changes, including the link to the previous digest', () => {
    const base = digestHash(body());
    const variants: Partial<DigestBody>[] = [
      { seq: 3 },
      { windowStart: '2025-01-01T00:00:00.000001Z' },
      { windowEnd: '2025-01-01T00:02:00.000000Z' },
      { firstId: '12' },
      { lastId: '21' },
      { count: 9 },
      { parts: [{ month: '2025-01', count: 10, sha256: 'b'.repeat(64) }] },
      { previousHash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(digestHash(body(v))).not.toBe(base);
    expect(digestHash(body())).toBe(base);
  });

  it('accepts only the signature made with the same key', () => {
    const hash = digestHash(body());
    const signature = signDigest(hash, 'k'.repeat(32));
    expect(signatureMatches(hash, signature, 'k'.repeat(32))).toBe(true);
    expect(signatureMatches(hash, signature, 'j'.repeat(32))).toBe(false);
    expect(signatureMatches(hash, signDigest(hash, 'j'.repeat(32)), 'k'.repeat(32))).toBe(false);
    expect(signatureMatches(hash, 'not-hex', 'k'.repeat(32))).toBe(false);
  });

  it('writes timestamps with the microseconds PostgreSQL keeps', () => {
    expect(isoMicros(new Date('2025-03-04T05:06:07.089Z'))).toBe('2025-03-04T05:06:07.089000Z');
  });
});
