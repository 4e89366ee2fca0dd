// Recomputes the digest chain and reports the first place it no longer holds: a digest whose
// fields were edited (its hash no longer matches), re-hashed without the key (its signature no
// longer matches), removed or reordered (the chain or the id and window sequence breaks), or whose
// entries were edited, deleted or added (a month's count or hash differs). A month whose
// partition was dropped by retention is skipped, but only if that month really is past
// retention; a missing recent month is reported.
import type pg from 'pg';
import { GENESIS_HASH, digestHash, signatureMatches, type DigestBody, type DigestPart } from './canonical.js';
import { EntryStream } from './entry-hashing.js';
import { AuditPartitions, isPastRetention } from './partitions.js';

export type MismatchReason = 'digest_altered' | 'signature' | 'chain_broken' | 'entries_altered' | 'partition_missing';

export interface Mismatch {
  seq: number;
  windowStart: string;
  windowEnd: string;
  firstId: string;
  lastId: string;
  reason: MismatchReason;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Digests checked. */
  checked: number;
  /** Entries re-hashed. */
  entries: number;
  /** End of the last sealed window overall, or null before the first seal. */
  sealedThrough: string | null;
  /** Entries written after the last digest: not covered yet. */
  unsealed: number;
  firstMismatch?: Mismatch;
}

export interface VerifierOptions {
  hmacKey: string;
  retentionDays: number;
}

interface DigestRow {
  seq: string;
  window_start: string;
  window_end: string;
  first_id: string;
  last_id: string;
  entry_count: string;
  parts: unknown;
  previous_hash: string;
  hash: string;
  signature: string;
}

interface Link {
  seq: number;
  hash: string;
  lastId: string;
  windowEnd: string;
}

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const SELECT_DIGESTS = `
  SELECT seq::text, to_char(window_start AT TIME ZONE 'UTC', ${MICROS}) AS window_start,
         to_char(window_end AT TIME ZONE 'UTC', ${MICROS}) AS window_end,
         first_id::text, last_id::text, entry_count::text, parts, previous_hash, hash, signature
    FROM audit_digests`;

function parseParts(raw: unknown): DigestPart[] | null {
  if (!Array.isArray(raw)) return null;
  const parts: DigestPart[] = [];
  for (const p of raw as unknown[]) {
    const part = p as Partial<DigestPart> | null;
    if (
      !part ||
      typeof part.month !== 'string' ||
      !/^\d{4}-\d{2}$/.test(part.month) ||
      !Number.isSafeInteger(part.count) ||
      typeof part.sha256 !== 'string' ||
      Object.keys(part).length !== 3
    ) {
      return null;
    }
    parts.push({ month: part.month, count: part.count!, sha256: part.sha256 });
  }
  return parts;
}

export class DigestVerifier {
  private readonly partitions: AuditPartitions;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: VerifierOptions,
  ) {
    this.partitions = new AuditPartitions(pool);
  }

  /** Verifies the digests whose windows overlap [from, to); without a range, the whole chain. */
  async verify(range: { from?: Date; to?: Date } = {}, now = new Date()): Promise<VerifyReport> {
    const months = new Set((await this.partitions.list()).map((p) => p.month));
    const tail = await this.pool.query<{ window_end: string; last_id: string }>(
      `SELECT to_char(window_end AT TIME ZONE 'UTC', ${MICROS}) AS window_end, last_id::text FROM audit_digests ORDER BY audit_digests.seq DESC LIMIT 1`,
    );
    const sealedThrough = tail.rows[0]?.window_end ?? null;
    const unsealedRow = await this.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM access_logs WHERE id > $1',
      [tail.rows[0]?.last_id ?? '0'],
    );
    const report: VerifyReport = {
      ok: true,
      checked: 0,
      entries: 0,
      sealedThrough,
      unsealed: Number(unsealedRow.rows[0]?.n ?? 0),
    };

    let previous: Link | null | undefined;
    let entries: EntryStream | undefined;
    let cursor = '0';
    for (;;) {
      const { rows } = await this.pool.query<DigestRow>(
        `${SELECT_DIGESTS}
          WHERE seq > $1 AND ($2::timestamptz IS NULL OR window_end > $2) AND ($3::timestamptz IS NULL OR window_start < $3)
          ORDER BY audit_digests.seq LIMIT 500`,
        [cursor, range.from ?? null, range.to ?? null],
      );
      for (const row of rows) {
        if (previous === undefined) previous = await this.linkBefore(Number(row.seq));
        // Only consulted once the chain checks have passed, so first_id follows on from where it stands.
        entries ??= new EntryStream(this.pool, (BigInt(row.first_id) - 1n).toString());
        const mismatch = await this.check(row, previous, entries, months, now);
        if (mismatch) return { ...report, ok: false, firstMismatch: mismatch };
        report.checked += 1;
        report.entries += Number(row.entry_count);
        previous = { seq: Number(row.seq), hash: row.hash, lastId: row.last_id, windowEnd: row.window_end };
      }
      if (rows.length < 500) break;
      cursor = rows[rows.length - 1]!.seq;
    }
    return report;
  }

  /** The digest just before `seq`: null for the first of the chain, a dangling link if it is gone. */
  private async linkBefore(seq: number): Promise<Link | null> {
    if (seq === 1) return null;
    const { rows } = await this.pool.query<DigestRow>(`${SELECT_DIGESTS} WHERE seq = $1`, [seq - 1]);
    const row = rows[0];
    if (!row) return { seq: seq - 1, hash: 'missing', lastId: '-1', windowEnd: 'missing' };
    return { seq: seq - 1, hash: row.hash, lastId: row.last_id, windowEnd: row.window_end };
  }

  private async check(
    row: DigestRow,
    previous: Link | null,
    entries: EntryStream,
    months: Set<string>,
    now: Date,
  ): Promise<Mismatch | null> {
    const at = (reason: MismatchReason, detail: string): Mismatch => ({
      seq: Number(row.seq),
      windowStart: row.window_start,
      windowEnd: row.window_end,
      firstId: row.first_id,
      lastId: row.last_id,
      reason,
      detail,
    });
    const parts = parseParts(row.parts);
    if (!parts || parts.reduce((n, p) => n + p.count, 0) !== Number(row.entry_count)) {
      return at('digest_altered', 'the digest’s per-month counts do not add up to its entry count');
    }
    const body: DigestBody = {
      seq: Number(row.seq),
      windowStart: row.window_start,
      windowEnd: row.window_end,
      firstId: row.first_id,
      lastId: row.last_id,
      count: Number(row.entry_count),
      parts,
      previousHash: row.previous_hash,
    };
    if (digestHash(body) !== row.hash) return at('digest_altered', 'the digest’s fields no longer match its hash');
    if (!signatureMatches(row.hash, row.signature, this.options.hmacKey)) {
      return at('signature', 'the digest’s signature is not valid for the audit key');
    }

    const expectedPrevious = previous ?? { seq: 0, hash: GENESIS_HASH, lastId: '0', windowEnd: row.window_start };
    if (previous && previous.hash === 'missing')
      return at('chain_broken', `digest ${previous.seq} before it is missing`);
    if (row.previous_hash !== expectedPrevious.hash)
      return at('chain_broken', `it does not chain to digest ${expectedPrevious.seq}`);
    if (BigInt(row.first_id) !== BigInt(expectedPrevious.lastId) + 1n) {
      return at(
        'chain_broken',
        `its first id ${row.first_id} does not follow digest ${expectedPrevious.seq}’s last id ${expectedPrevious.lastId}`,
      );
    }
    if (row.window_start !== expectedPrevious.windowEnd)
      return at('chain_broken', `its window does not start where digest ${expectedPrevious.seq}’s ends`);

    const actual = await entries.hashThrough(row.last_id);
    const found = new Map(actual.parts.map((p) => [p.month, p]));
    const sealed = new Map(parts.map((p) => [p.month, p]));
    for (const month of [...new Set([...sealed.keys(), ...found.keys()])].sort()) {
      const expected = sealed.get(month);
      const got = found.get(month);
      if (!expected)
        return at('entries_altered', `${got!.count} entries in ${month} were not there when it was sealed`);
      if (!months.has(month)) {
        if (isPastRetention(month, now, this.options.retentionDays)) continue;
        return at('partition_missing', `the entries of ${month} are gone, though that month is within retention`);
      }
      if (!got || got.count !== expected.count) {
        return at(
          'entries_altered',
          `${month}: ${expected.count} entries were sealed, ${got?.count ?? 0} are there now (deleted or added)`,
        );
      }
      if (got.sha256 !== expected.sha256) return at('entries_altered', `${month}: an entry was changed after sealing`);
    }
    return null;
  }
}
