// PostgreSQL side of the writer: one batch is one transaction that takes the audit write lock,
// then inserts every row with a single INSERT … SELECT FROM unnest(arrays) (one round trip and
// twelve parameters, whatever the batch size). The lock makes ids commit in order, which is what
// lets the sealer say "every id up to N is committed" (see digest-sealer.ts).
import type pg from 'pg';
import type { AccessLogEntry } from './audit-entry.js';
import { checkOut } from './audit-database.js';
import { monthOf } from './canonical.js';

/** Held (transaction-scoped) by every batch insert; taken briefly by the sealer. */
export const AUDIT_WRITE_LOCK = 0x61756474; // 'audt'

const INSERT = `
  INSERT INTO access_logs (at, action, outcome, reason, user_id, session_id, video_id, resource, ip, user_agent, request_id)
  SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[])`;

export class AccessLogStore {
  /** Months whose partition this process has already made sure of. */
  private readonly months = new Set<string>();

  constructor(private readonly pool: pg.Pool) {}

  async insert(entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const columns: unknown[][] = Array.from({ length: 11 }, () => new Array<unknown>(entries.length));
    const needed = new Set<string>();
    entries.forEach((e, i) => {
      const at = e.at.toISOString();
      needed.add(monthOf(at));
      columns[0]![i] = at;
      columns[1]![i] = e.action;
      columns[2]![i] = e.outcome;
      columns[3]![i] = e.reason;
      columns[4]![i] = e.userId;
      columns[5]![i] = e.sessionId;
      columns[6]![i] = e.videoId;
      columns[7]![i] = e.resource;
      columns[8]![i] = e.ip;
      columns[9]![i] = e.userAgent;
      columns[10]![i] = e.requestId;
    });
    for (const month of needed) await this.ensureMonth(month);

    const { client, release } = await checkOut(this.pool);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_WRITE_LOCK]);
      await client.query(INSERT, columns);
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
