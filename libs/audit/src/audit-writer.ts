// The batched audit writer: entries wait in a bounded in-memory queue and reach PostgreSQL in
// multi-row inserts off the request path, every `flushIntervalMs` or as soon as a batch is full.
// Each entry is normalised and encoded for its store once, when it is recorded: the queue holds
// the encoded rows (for PostgreSQL, one flat string each), so what survives the young
// generation's collections while it waits is one small object per entry, not an object graph.
// A full queue makes `record()` return a promise that settles once the entry is admitted, so a
// flood of requests slows down instead of losing entries; a database outage keeps everything
// queued (up to the bound) and retries with exponential backoff; `close()` drains before exit.
import { AuditSink, type AccessLogEntry } from './audit-entry.js';
import { normaliseEntry } from './normalise-entry.js';

/** Where batches go: `encode` runs once per entry on `record()`, `insert` once per batch. */
export interface AuditStore<Row> {
  encode(entry: AccessLogEntry): Row;
  insert(rows: readonly Row[]): Promise<void>;
}

export interface AuditWriterOptions {
  /** Entries held in memory at most (AUDIT_BUFFER_MAX); beyond it `record()` waits. */
  maxBuffered: number;
  /** Entries per INSERT. */
  batchSize?: number;
  /** How long a lone entry may wait for company before it is written. */
  flushIntervalMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Told about failures; never given entry contents. */
  onError?: (message: string) => void;
}

export interface AuditWriterStats {
  queued: number;
  waiting: number;
  written: number;
  failedAttempts: number;
  /** Entries given up on: only when the database stayed down past the close deadline. */
  lost: number;
}

interface Waiter<Row> {
  row: Row;
  resolve: () => void;
}

export class AuditWriter<Row = unknown> extends AuditSink {
  private readonly queue: Row[] = [];
  private readonly waiters: Waiter<Row>[] = [];
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly onError: (message: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<void> | null = null;
  private draining = 0;
  private consecutiveFailures = 0;
  private closed = false;
  private abandoned = false;
  private wake: (() => void) | null = null;
  private written = 0;
  private failedAttempts = 0;
  private lost = 0;

  constructor(
    private readonly store: AuditStore<Row>,
    options: AuditWriterOptions,
  ) {
    super();
    this.maxBuffered = Math.max(1, options.maxBuffered);
    this.batchSize = Math.max(1, Math.min(options.batchSize ?? 2000, this.maxBuffered));
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.retryMinMs = options.retryMinMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
    this.onError = options.onError ?? (() => undefined);
  }

  record(entry: AccessLogEntry): void | Promise<void> {
    if (this.closed) {
      this.lost += 1;
      this.onError('an audit entry arrived after the audit trail was closed and was not written');
      return;
    }
    const row = this.store.encode(normaliseEntry(entry));
    if (this.waiters.length === 0 && this.queue.length < this.maxBuffered) {
      this.queue.push(row);
      this.kick();
      return;
    }
    return new Promise<void>((resolve) => {
      this.waiters.push({ row, resolve });
      this.kick();
    });
  }

  stats(): AuditWriterStats {
    return {
      queued: this.queue.length,
      waiting: this.waiters.length,
      written: this.written,
      failedAttempts: this.failedAttempts,
      lost: this.lost,
    };
  }

  /** Writes everything queued or waiting now; false if `timeoutMs` passed first. */
  async flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.draining += 1;
    try {
      while (this.queue.length + this.waiters.length > 0) {
        const left = deadline - Date.now();
        if (left <= 0 || this.abandoned) return false;
        this.startPump();
        let timeout: NodeJS.Timeout | undefined;
        await Promise.race([
          this.pumping,
          Number.isFinite(left)
            ? new Promise<void>((r) => (timeout = setTimeout(r, left)))
            : new Promise<void>(() => undefined),
        ]);
        clearTimeout(timeout);
      }
      return true;
    } finally {
      this.draining -= 1;
    }
  }

  /**
   * Drains and stops. Entries that could not be written by the deadline (the database stayed
   * down) are counted as lost and reported; their waiting callers are released.
   */
  async close(timeoutMs = 15_000): Promise<AuditWriterStats> {
    const flushed = await this.flush(timeoutMs);
    this.closed = true;
    if (!flushed) {
      this.abandoned = true;
      this.wake?.();
      const left = this.queue.length + this.waiters.length;
      this.lost += left;
      this.queue.length = 0;
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
      this.onError(`the audit trail could not write ${left} entries before shutdown: the database stayed unavailable`);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pumping;
    return this.stats();
  }

  private kick(): void {
    if (this.pumping || this.abandoned) return;
    if (this.queue.length >= this.batchSize || this.waiters.length > 0 || this.draining > 0) {
      this.startPump();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.startPump();
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  private startPump(): void {
    if (this.pumping || this.abandoned) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.queue.length + this.waiters.length > 0) this.kick();
    });
  }

  /** Writes batches in order; a partial batch only on the first pass, when draining, or on retry. */
  private async pump(): Promise<void> {
    let mayWritePartial = true;
    while (!this.abandoned) {
      this.admitWaiters();
      const n = Math.min(this.queue.length, this.batchSize);
      if (n === 0) return;
      if (n < this.batchSize && !mayWritePartial && this.draining === 0 && this.waiters.length === 0) return;
      mayWritePartial = false;
      try {
        await this.store.insert(this.queue.slice(0, n));
        this.queue.splice(0, n);
        this.written += n;
        if (this.consecutiveFailures > 0)
          this.onError(`the audit trail is writing again after ${this.consecutiveFailures} failed attempts`);
        this.consecutiveFailures = 0;
      } catch (error) {
        this.failedAttempts += 1;
        this.consecutiveFailures += 1;
        const delay = Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.min(this.consecutiveFailures - 1, 16));
        this.onError(
          `writing ${n} audit entries failed (${(error as Error).message ?? 'unknown error'}); ${this.queue.length + this.waiters.length} kept, retrying in ${delay} ms`,
        );
        await this.sleep(delay);
        mayWritePartial = true;
      }
    }
  }

  private admitWaiters(): void {
    const room = Math.min(this.waiters.length, this.maxBuffered - this.queue.length);
    if (room <= 0) return;
    for (const waiter of this.waiters.splice(0, room)) {
      this.queue.push(waiter.row);
      waiter.resolve();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = null;
    });
  }
}
