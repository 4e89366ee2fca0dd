// A byte-bounded LRU of segment bodies. Segments never change once stored, so a hot segment
// is served from memory without a round trip to storage; the least recently used go first.
export interface SegmentCacheStats {
  readonly bytes: number;
  readonly entries: number;
  readonly hits: number;
  readonly misses: number;
}

export class SegmentCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the coldest.
  private readonly items = new Map<string, Buffer>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  /** Larger bodies are never cached: one of them must not flush everything else. */
  readonly maxEntryBytes: number;

  constructor(
    readonly maxBytes: number,
    maxEntryBytes?: number,
  ) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new RangeError('the cache size must be a whole number of bytes ≥ 0');
    this.maxEntryBytes = Math.min(maxEntryBytes ?? Math.floor(maxBytes / 4), maxBytes);
  }

  get(key: string): Buffer | undefined {
    const body = this.items.get(key);
    if (body === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.items.delete(key);
    this.items.set(key, body);
    return body;
  }

  /** Whether a body of this size would be kept. */
  accepts(size: number): boolean {
    return size > 0 && size <= this.maxEntryBytes;
  }

  set(key: string, body: Buffer): void {
    if (!this.accepts(body.length)) return;
    this.remove(key);
    this.items.set(key, body);
    this.bytes += body.length;
    for (const [coldest, value] of this.items) {
      if (this.bytes <= this.maxBytes) break;
      this.items.delete(coldest);
      this.bytes -= value.length;
    }
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

  stats(): SegmentCacheStats {
    return { bytes: this.bytes, entries: this.items.size, hits: this.hits, misses: this.misses };
  }

  private remove(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.items.delete(key);
    this.bytes -= old.length;
  }
}
