// PostgreSQL side of the writer: one batch is one transaction that takes the audit write lock,
// then streams every row in with COPY … FROM STDIN (text format). COPY writes rows in bulk and
// parses no SQL per row: PostgreSQL spends less CPU per entry than on an INSERT … SELECT FROM
// unnest(arrays) of the same batch (ADR 0055). The lock makes ids commit in order, which is what
// lets the sealer say "every id up to N is committed" (see digest-sealer.ts).
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AccessLogEntry } from './audit-entry.js';
import type { AuditStore } from './audit-writer.js';
import { checkOut } from './audit-database.js';
import { monthOf } from './canonical.js';

/** Held (transaction-scoped) by every batch insert; taken briefly by the sealer. */
export const AUDIT_WRITE_LOCK = 0x61756474; // 'audt'

const COPY = `COPY access_logs (at, action, outcome, reason, user_id, session_id, video_id, resource, ip,
  user_agent, request_id) FROM STDIN`;

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: `\N` for null; backslash, tab, newline and return escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPED[c]!) : value;
}

export class AccessLogStore implements AuditStore<string> {
  /** Months whose partition this process has already made sure of. */
  private readonly months = new Set<string>();

  constructor(private readonly pool: pg.Pool) {}

  /**
   * One entry as its line of COPY text (columns in the order of `COPY`, no newline). The line
   * begins with the entry's ISO time, so its first seven characters are its month. One `join`
   * makes it a single flat string (see the writer).
   */
  encode(e: AccessLogEntry): string {
    return [
      e.at.toISOString(),
      copyText(e.action),
      copyText(e.outcome),
      copyText(e.reason),
      copyText(e.userId),
      copyText(e.sessionId),
      copyText(e.videoId),
      copyText(e.resource),
      copyText(e.ip),
      copyText(e.userAgent),
      copyText(e.requestId),
    ].join('\t');
  }

  /** Writes lines made by `encode`, in order, in one transaction. */
  async insert(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const months = new Set(lines.map(monthOf));
    const text = `${lines.join('\n')}\n`;
    for (const month of months) await this.ensureMonth(month);

    const { client, release } = await checkOut(this.pool);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_WRITE_LOCK]);
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY)));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      // A retention run may have dropped a partition we had cached; look again next time.
      if ((error as { code?: string }).code === '23514') this.months.clear();
      throw error;
    } finally {
      release(broken);
    }
  }

  async ensureMonth(month: string): Promise<void> {
    if (this.months.has(month)) return;
    await this.pool.query('SELECT audit_ensure_partition($1)', [month]);
    this.months.add(month);
  }
}
