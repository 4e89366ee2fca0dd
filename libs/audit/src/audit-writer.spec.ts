import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from './audit-entry.js';
import { AuditWriter, type AuditStore } from './audit-writer.js';

/** A store that records batches and can be told to fail, like a database that is down. */
class FakeStore implements AuditStore<AccessLogEntry> {
  readonly batches: AccessLogEntry[][] = [];
  failuresLeft = 0;
  down = false;
  attempts = 0;
  delayMs = 0;

  encode(entry: AccessLogEntry): AccessLogEntry {
    return entry;
  }

  async insert(entries: readonly AccessLogEntry[]): Promise<void> {
    this.attempts += 1;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down || this.failuresLeft > 0) {
      this.failuresLeft = Math.max(0, this.failuresLeft - 1);
      throw new Error('connect ECONNREFUSED');
    }
    this.batches.push([...entries]);
  }

  get written(): AccessLogEntry[] {
    return this.batches.flat();
  }
}

const entry = (n: number, extra: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  at: new Date(1_700_000_000_000 + n),
  action: 'segment',
  outcome: 'granted',
  reason: null,
  userId: null,
  sessionId: null,
  videoId: null,
  resource: `seg_${n}.m4s`,
  ip: '203.0.113.7',
  userAgent: 'test',
  requestId: `r${n}`,
  ...extra,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AuditWriter', () => {
  it('writes a lone entry after the flush interval, off the caller’s path', async () => {
    const store = new FakeStore();
    const writer = new AuditWriter(store, { maxBuffered: 100, flushIntervalMs: 30 });
    expect(writer.record(entry(1))).toBeUndefined();
    expect(store.attempts).toBe(0);
    await sleep(80);
    expect(store.written.map((e) => e.requestId)).toEqual(['r1']);
  });

  it('writes full batches at once and keeps the order of arrival', async () => {
    const store = new FakeStore();
    const writer = new AuditWriter(store, { maxBuffered: 10_000, batchSize: 100, flushIntervalMs: 10_000 });
    for (let i = 0; i < 1000; i += 1) await writer.record(entry(i));
    await writer.flush();
    expect(store.batches.length).toBe(10);
    expect(store.batches.every((b) => b.length === 100)).toBe(true);
    expect(store.written.map((e) => e.requestId)).toEqual(Array.from({ length: 1000 }, (_, i) => `r${i}`));
  });

  it('makes callers wait when the queue is full, and admits them once a batch is written', async () => {
    const store = new FakeStore();
    store.down = true;
    const writer = new AuditWriter(store, {
      maxBuffered: 5,
      batchSize: 5,
      flushIntervalMs: 5,
      retryMinMs: 5,
      retryMaxMs: 10,
    });
    for (let i = 0; i < 5; i += 1) expect(writer.record(entry(i))).toBeUndefined();
    let admitted = false;
    const waiting = writer.record(entry(5));
    expect(waiting).toBeInstanceOf(Promise);
    void (waiting as Promise<void>).then(() => (admitted = true));
    await sleep(50);
    expect(admitted).toBe(false);
    expect(writer.stats()).toMatchObject({ queued: 5, waiting: 1, written: 0 });
    store.down = false;
    await writer.flush();
    expect(admitted).toBe(true);
    expect(store.written.map((e) => e.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('keeps entries through a database outage and retries with growing delays', async () => {
    const store = new FakeStore();
    store.failuresLeft = 4;
    const errors: string[] = [];
    const writer = new AuditWriter(store, {
      maxBuffered: 100,
      flushIntervalMs: 1,
      retryMinMs: 10,
      retryMaxMs: 1000,
      onError: (m) => errors.push(m),
    });
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) await writer.record(entry(i));
    await writer.flush();
    expect(store.written).toHaveLength(20);
    expect(new Set(store.written.map((e) => e.requestId)).size).toBe(20);
    expect(store.attempts).toBeGreaterThanOrEqual(5);
    // 10 + 20 + 40 + 80 ms of backoff at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(errors.filter((m) => m.includes('retrying in'))).toHaveLength(4);
    expect(errors.some((m) => m.includes('ECONNREFUSED'))).toBe(true);
    expect(errors.at(-1)).toMatch(/writing again after 4 failed attempts/);
  });

  it('drains everything on close, including callers still waiting for room', async () => {
    const store = new FakeStore();
    store.delayMs = 2;
    const writer = new AuditWriter(store, { maxBuffered: 10, batchSize: 10, flushIntervalMs: 1000 });
    const pending = Array.from({ length: 1000 }, (_, i) => writer.record(entry(i)));
    const stats = await writer.close(5000);
    await Promise.all(pending);
    expect(stats).toMatchObject({ queued: 0, waiting: 0, written: 1000, lost: 0 });
    expect(store.written.map((e) => e.requestId)).toEqual(Array.from({ length: 1000 }, (_, i) => `r${i}`));
  });

  it('gives up at the close deadline when the database stays down, counting and reporting what is lost', async () => {
    const store = new FakeStore();
    store.down = true;
    const errors: string[] = [];
    const writer = new AuditWriter(store, {
      maxBuffered: 3,
      flushIntervalMs: 1,
      retryMinMs: 5,
      retryMaxMs: 5,
      onError: (m) => errors.push(m),
    });
    const pending = Array.from({ length: 5 }, (_, i) => writer.record(entry(i)));
    const stats = await writer.close(100);
    await Promise.all(pending); // waiting callers are released, not left hanging
    expect(stats.lost).toBe(5);
    expect(errors.at(-1)).toMatch(/could not write 5 entries before shutdown/);
    expect(errors.join('\n')).not.toContain('203.0.113.7');
    await writer.record(entry(9));
    expect(writer.stats().lost).toBe(6);
  });

  it('makes entries storable: NUL bytes removed, long values cut, a bad date replaced', async () => {
    const store = new FakeStore();
    const writer = new AuditWriter(store, { maxBuffered: 10, flushIntervalMs: 1 });
    await writer.record(entry(1, { userAgent: `a\u0000b${'x'.repeat(1000)}`, at: new Date('nope') }));
    await writer.flush();
    const [written] = store.written;
    expect(written!.userAgent).toBe(`ab${'x'.repeat(510)}`);
    expect(written!.at.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});
