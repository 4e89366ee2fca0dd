// Monthly partitions of access_logs: opened ahead of time, and dropped whole once every entry in
// them is older than the retention period. Dropping a partition never deletes a row one by one,
// so the append-only trigger stays in force; the verifier accepts a missing month only when it
// is past retention (see digest-verifier.ts).
import type pg from 'pg';

const DAY_MS = 86_400_000;
const PARTITION_NAME = /^access_logs_(\d{4})_(\d{2})$/;

/** `YYYY-MM` of a date, in UTC. */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return monthKey(d);
}

/** The first instant after the month. */
export function monthEnd(month: string): Date {
  return new Date(`${addMonths(month, 1)}-01T00:00:00.000Z`);
}

/** True when every entry the month can hold is older than the retention period. */
export function isPastRetention(month: string, now: Date, retentionDays: number): boolean {
  return monthEnd(month).getTime() <= now.getTime() - retentionDays * DAY_MS;
}

export interface PartitionInfo {
  name: string;
  month: string;
}

export class AuditPartitions {
  constructor(private readonly pool: Pick<pg.Pool, 'query'>) {}

  async list(): Promise<PartitionInfo[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'access_logs'::regclass ORDER BY c.relname`,
    );
    return rows.flatMap(({ name }) => {
      const match = PARTITION_NAME.exec(name);
      return match ? [{ name, month: `${match[1]}-${match[2]}` }] : [];
    });
  }

  /** Makes sure the current month and the next `monthsAhead` have a partition. */
  async ensureAhead(now: Date, monthsAhead = 2): Promise<void> {
    const current = monthKey(now);
    for (let i = 0; i <= monthsAhead; i += 1) {
      await this.pool.query('SELECT audit_ensure_partition($1)', [addMonths(current, i)]);
    }
  }

  /** Drops the partitions whose whole month is past retention; returns their names. */
  async dropExpired(now: Date, retentionDays: number): Promise<string[]> {
    const dropped: string[] = [];
    for (const partition of await this.list()) {
      if (!isPastRetention(partition.month, now, retentionDays)) continue;
      // The name matched PARTITION_NAME, so it is safe to splice in.
      await this.pool.query(`DROP TABLE IF EXISTS "${partition.name}"`);
      dropped.push(partition.name);
    }
    return dropped;
  }
}
