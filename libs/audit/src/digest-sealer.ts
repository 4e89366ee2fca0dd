// Seals the audit trail into a chain of signed digests, CloudTrail-style. Each digest closes the
// time windows that ended more than `graceSec` ago and covers an id range: every entry after the
// previous digest's last id, up to the highest committed id whose `at` is before the window end.
// Covering ids rather than timestamps means an entry that arrives late (its `at` in a window
// already sealed) is still sealed, by the next digest, and nothing is ever covered twice.
//
// "Committed" is exact because every batch insert holds AUDIT_WRITE_LOCK until it commits and
// takes its ids under it: reading max(id) while holding the same lock sees no insert in flight.
// One sealer runs at a time across workers (a transaction-scoped try-lock); the others skip.
import type pg from 'pg';
import { AUDIT_WRITE_LOCK } from './access-log-store.js';
import { checkOut } from './audit-database.js';
import { GENESIS_HASH, digestHash, isoMicros, signDigest, type DigestBody } from './canonical.js';
import { hashRange } from './entry-hashing.js';

export const AUDIT_SEAL_LOCK = 0x7365616c; // 'seal'

export interface SealerOptions {
  windowSec: number;
  hmacKey: string;
  /** How long after a window ends before it is sealed, so batches in flight land first. */
  graceSec?: number;
}

export interface SealedDigest extends DigestBody {
  hash: string;
  signature: string;
}

export type SealOutcome = { status: 'sealed'; digest: SealedDigest } | { status: 'not_due' } | { status: 'busy' };

interface LastDigest {
  seq: string;
  window_end: Date;
  last_id: string;
  hash: string;
}

export class DigestSealer {
  private readonly windowMs: number;
  private readonly graceMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: SealerOptions,
  ) {
    this.windowMs = options.windowSec * 1000;
    this.graceMs = (options.graceSec ?? 5) * 1000;
  }

  /** Seals every window closed by `now` into one digest (one window in steady operation). */
  async sealDue(now = new Date()): Promise<SealOutcome> {
    const { client, release } = await checkOut(this.pool);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        AUDIT_SEAL_LOCK,
      ]);
      if (!locked.rows[0]?.ok) {
        await client.query('ROLLBACK');
        return { status: 'busy' };
      }
      const outcome = await this.sealIn(client, now);
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      release(broken);
    }
  }

  private async sealIn(client: pg.PoolClient, now: Date): Promise<SealOutcome> {
    const { rows } = await client.query<LastDigest>(
      'SELECT seq::text, window_end, last_id::text, hash FROM audit_digests ORDER BY audit_digests.seq DESC LIMIT 1',
    );
    const last = rows[0];
    const closeBefore = now.getTime() - this.graceMs;
    // The first digest starts at the latest closed window and covers everything before it.
    const start = last
      ? last.window_end.getTime()
      : Math.floor(closeBefore / this.windowMs) * this.windowMs - this.windowMs;
    const windows = Math.floor((closeBefore - start) / this.windowMs);
    if (windows < 1) return { status: 'not_due' };
    const end = new Date(start + windows * this.windowMs);

    const afterId = last?.last_id ?? '0';
    const committed = await this.committedMaxId(afterId, end);
    const lastId = committed !== null && BigInt(committed) > BigInt(afterId) ? committed : afterId;
    const { count, parts } = await hashRange(client, afterId, lastId);

    const body: DigestBody = {
      seq: last ? Number(last.seq) + 1 : 1,
      windowStart: isoMicros(new Date(start)),
      windowEnd: isoMicros(end),
      firstId: (BigInt(afterId) + 1n).toString(),
      lastId,
      count,
      parts,
      previousHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = digestHash(body);
    const signature = signDigest(hash, this.options.hmacKey);
    await client.query(
      `INSERT INTO audit_digests (seq, window_start, window_end, first_id, last_id, entry_count, parts, previous_hash, hash, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        body.seq,
        new Date(start),
        end,
        body.firstId,
        body.lastId,
        count,
        JSON.stringify(parts),
        body.previousHash,
        hash,
        signature,
      ],
    );
    return { status: 'sealed', digest: { ...body, hash, signature } };
  }

  /**
   * The highest id with `at` before `end`, read while no insert is in flight. A separate
   * session-level lock on its own connection, released at once: the sealing transaction must
   * not keep writers waiting while it hashes.
   */
  private async committedMaxId(afterId: string, end: Date): Promise<string | null> {
    const { client, release } = await checkOut(this.pool);
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [AUDIT_WRITE_LOCK]);
      try {
        const { rows } = await client.query<{ max: string | null }>(
          'SELECT max(id)::text AS max FROM access_logs WHERE id > $1 AND at < $2',
          [afterId, end],
        );
        return rows[0]?.max ?? null;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [AUDIT_WRITE_LOCK]);
      }
    } catch (error) {
      // Ending the session is the one sure way to release a session-level lock after an error.
      broken = error as Error;
      throw error;
    } finally {
      release(broken);
    }
  }
}
