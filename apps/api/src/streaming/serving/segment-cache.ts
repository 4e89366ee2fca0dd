// A byte-bounded LRU of segment bodies. Segments never change once stored, so a hot segment
// is served from memory without a round trip to storage; the least recently used go first.
// Given a ZeroCopy, each body is kept in a sealed in-memory file that sockets can be handed
// without a copy (ADR 0056); its bytes stay readable through a read-only view of that file.
import type { SealedBody, ZeroCopy } from '@reelguard/zerocopy';

export interface SegmentCacheStats {
  readonly bytes: number;
  readonly entries: number;
  readonly hits: number;
  readonly misses: number;
  /** entries kept in sealed in-memory files, each holding one file descriptor */
  readonly sealed: number;
}

export interface CachedSegment {
  readonly bytes: Buffer;
  /** the sealed file behind `bytes`, when zero-copy sending is on and the entry could be sealed */
  readonly sealed: SealedBody | null;
}

/** Sealed entries hold a descriptor each: beyond this many, bodies are kept as plain memory. */
export const MAX_SEALED_ENTRIES = 4096;

export class SegmentCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the coldest.
  private readonly items = new Map<string, CachedSegment>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private sealed = 0;
  /** Larger bodies are never cached: one of them must not flush everything else. */
  readonly maxEntryBytes: number;

  constructor(
    readonly maxBytes: number,
    maxEntryBytes?: number,
    private readonly zeroCopy: ZeroCopy | null = null,
    /** told when a body could not be sealed (it is then kept as plain memory) */
    private readonly onSealFailure: (error: Error) => void = () => undefined,
  ) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new RangeError('the cache size must be a whole number of bytes ≥ 0');
    this.maxEntryBytes = Math.min(maxEntryBytes ?? Math.floor(maxBytes / 4), maxBytes);
  }

  get(key: string): CachedSegment | undefined {
    const entry = this.items.get(key);
    if (entry === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.items.delete(key);
    this.items.set(key, entry);
    return entry;
  }

  /** Whether a body of this size would be kept. */
  accepts(size: number): boolean {
    return size > 0 && size <= this.maxEntryBytes;
  }

  /** @returns the entry kept, or null when the body is not cached */
  set(key: string, body: Buffer): CachedSegment | null {
    if (!this.accepts(body.length)) return null;
    this.remove(key);
    const entry = this.entryFor(body);
    this.items.set(key, entry);
    this.bytes += entry.bytes.length;
    for (const [coldest] of this.items) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(coldest);
    }
    return entry;
  }

  /** Drops every entry whose key starts with `prefix` (a deleted video's segments). */
  removePrefix(prefix: string): number {
    let removed = 0;
    for (const key of [...this.items.keys()]) {
      if (key.startsWith(prefix)) {
        this.remove(key);
        removed += 1;
      }
    }
    return removed;
  }

  /** Drops everything (and closes every sealed file). */
  clear(): void {
    for (const key of [...this.items.keys()]) this.remove(key);
  }

  stats(): SegmentCacheStats {
    return { bytes: this.bytes, entries: this.items.size, hits: this.hits, misses: this.misses, sealed: this.sealed };
  }

  private entryFor(body: Buffer): CachedSegment {
    if (!this.zeroCopy || this.sealed >= MAX_SEALED_ENTRIES) return { bytes: body, sealed: null };
    try {
      const sealed = this.zeroCopy.seal(body);
      this.sealed += 1;
      return { bytes: sealed.bytes, sealed };
    } catch (error) {
      this.onSealFailure(error as Error);
      return { bytes: body, sealed: null };
    }
  }

  private remove(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.items.delete(key);
    this.bytes -= old.bytes.length;
    if (old.sealed) {
      this.sealed -= 1;
      this.zeroCopy!.release(old.sealed);
    }
  }
}
