// Reads entries in id order, in keyset batches so memory stays flat however large the range, and
// hashes them per month. The sealer and the verifier share this, so they cannot disagree on
// what "the entries of a digest" are. The verifier walks many consecutive digests with one
// EntryStream: one scan of the ids instead of one query per digest (a year of one-minute
// windows is over half a million digests, most of them small or empty).
import type pg from 'pg';
import { PartHasher, type DigestPart, type StoredEntry } from './canonical.js';

export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const SELECT_RANGE = `
  SELECT id::text AS id,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         action, outcome, reason, user_id, session_id, video_id, resource, ip, user_agent, request_id
    FROM access_logs
   WHERE id > $1 AND id <= $2
   ORDER BY access_logs.id -- qualified: a bare "id" would sort by the text alias
   LIMIT $3`;

export interface HashedRange {
  count: number;
  parts: DigestPart[];
}

/** Hashes the entries with `afterId < id <= lastId`. */
export async function hashRange(
  db: Queryable,
  afterId: string,
  lastId: string,
  batchSize = 5000,
): Promise<HashedRange> {
  const hasher = new PartHasher();
  let cursor = afterId;
  if (BigInt(lastId) > BigInt(afterId)) {
    for (;;) {
      const { rows } = await db.query<StoredEntry>(SELECT_RANGE, [cursor, lastId, batchSize]);
      for (const row of rows) hasher.add(row);
      if (rows.length < batchSize) break;
      cursor = rows[rows.length - 1]!.id;
    }
  }
  return { count: hasher.count, parts: hasher.parts() };
}

const NO_LIMIT = '9223372036854775807';

/** One forward scan over the entries after `afterId`, consumed digest by digest. */
export class EntryStream {
  private buffer: StoredEntry[] = [];
  private index = 0;
  private cursor: string;
  private exhausted = false;

  constructor(
    private readonly db: Queryable,
    afterId: string,
    private readonly batchSize = 5000,
  ) {
    this.cursor = afterId;
  }

  /** Hashes the next entries, up to and including `lastId`. */
  async hashThrough(lastId: string): Promise<HashedRange> {
    const hasher = new PartHasher();
    const last = BigInt(lastId);
    for (;;) {
      if (this.index >= this.buffer.length) {
        if (this.exhausted) break;
        await this.fill();
        if (this.buffer.length === 0) break;
      }
      const entry = this.buffer[this.index]!;
      if (BigInt(entry.id) > last) break;
      hasher.add(entry);
      this.index += 1;
    }
    return { count: hasher.count, parts: hasher.parts() };
  }

  private async fill(): Promise<void> {
    const { rows } = await this.db.query<StoredEntry>(SELECT_RANGE, [this.cursor, NO_LIMIT, this.batchSize]);
    this.buffer = rows;
    this.index = 0;
    if (rows.length < this.batchSize) this.exhausted = true;
    if (rows.length > 0) this.cursor = rows[rows.length - 1]!.id;
  }
}
