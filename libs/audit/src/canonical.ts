// The canonical forms the tamper evidence rests on: one line per stored entry, the per-month
// hashes a digest carries, the digest hash that chains to the previous one and its HMAC. The
// sealer (worker) and the verifier (API) must produce byte-identical input, so both use these.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The `previous_hash` of the very first digest. */
export const GENESIS_HASH = '0'.repeat(64);
const DIGEST_DOMAIN = 'reelguard-audit-digest/v1\n';

/** An entry as read back for hashing: ids as decimal text, `at` in UTC with microseconds. */
export interface StoredEntry {
  id: string;
  at: string;
  action: string;
  outcome: string;
  reason: string | null;
  user_id: string | null;
  session_id: string | null;
  video_id: string | null;
  resource: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

/**
 * Every stored column in a fixed order. JSON escaping makes the line unambiguous (no value can
 * fake a separator) and `null` distinct from an empty string.
 */
export function canonicalEntry(e: StoredEntry): string {
  return `${JSON.stringify([e.id, e.at, e.action, e.outcome, e.reason, e.user_id, e.session_id, e.video_id, e.resource, e.ip, e.user_agent, e.request_id])}\n`;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the precision PostgreSQL keeps, from a millisecond Date. */
export function isoMicros(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/** The UTC month (`YYYY-MM`) an entry's partition is named after. */
export function monthOf(isoAt: string): string {
  return isoAt.slice(0, 7);
}

/** The entries of one month inside one digest: retention can drop a month without touching the others. */
export interface DigestPart {
  month: string;
  count: number;
  sha256: string;
}

/** Hashes entries in id order, one running SHA-256 per month. */
export class PartHasher {
  private readonly months = new Map<string, { count: number; hash: ReturnType<typeof createHash> }>();
  count = 0;

  add(entry: StoredEntry): void {
    const month = monthOf(entry.at);
    let part = this.months.get(month);
    if (!part) {
      part = { count: 0, hash: createHash('sha256') };
      this.months.set(month, part);
    }
    part.count += 1;
    part.hash.update(canonicalEntry(entry));
    this.count += 1;
  }

  parts(): DigestPart[] {
    return [...this.months.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([month, part]) => ({ month, count: part.count, sha256: part.hash.digest('hex') }));
  }
}

/** What a digest states; its hash covers every field, including the previous digest's hash. */
export interface DigestBody {
  seq: number;
  windowStart: string;
  windowEnd: string;
  firstId: string;
  lastId: string;
  count: number;
  parts: DigestPart[];
  previousHash: string;
}

export function digestHash(body: DigestBody): string {
  const canonical = JSON.stringify([
    body.seq,
    body.windowStart,
    body.windowEnd,
    body.firstId,
    body.lastId,
    body.count,
    body.parts.map((p) => [p.month, p.count, p.sha256]),
    body.previousHash,
  ]);
  return createHash('sha256').update(DIGEST_DOMAIN).update(canonical).digest('hex');
}

export function signDigest(hash: string, key: string): string {
  return createHmac('sha256', key).update(hash).digest('hex');
}

export function signatureMatches(hash: string, signature: string, key: string): boolean {
  const expected = Buffer.from(signDigest(hash, key), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
