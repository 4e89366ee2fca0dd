// What auditors read: filtered pages newest first with keyset pagination (the position of the
// last row, never an OFFSET, so page 1,000 costs what page 1 costs and rows inserted meanwhile
// shift nothing), the same set in constant-memory batches for export, and counts per bucket for
// the dashboard chart. Every value reaches SQL as a bound parameter.
import type pg from 'pg';
import type { AuditOutcome } from './audit-entry.js';
import type { PageCursor } from './cursor.js';

export interface AccessLogFilter {
  videoId?: string;
  userId?: string;
  sessionId?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AccessLogItem {
  id: string;
  at: string;
  action: string;
  outcome: AuditOutcome;
  reason: string | null;
  userId: string | null;
  sessionId: string | null;
  videoId: string | null;
  resource: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AccessLogPage {
  items: AccessLogItem[];
  next: PageCursor | null;
}

export type StatsBucket = 'hour' | 'day';

export interface StatsPoint {
  at: string;
  granted: number;
  denied: number;
}

interface Row {
  id: string;
  at: Date;
  at_us: string;
  action: string;
  outcome: AuditOutcome;
  reason: string | null;
  user_id: string | null;
  session_id: string | null;
  video_id: string | null;
  resource: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

const COLUMNS = `id::text AS id, at, (extract(epoch FROM at) * 1000000)::bigint::text AS at_us, action, outcome, reason,
  user_id, session_id, video_id, resource, ip, user_agent, request_id`;

/** WHERE clause and parameters for a filter, optionally starting after a cursor. */
export function buildWhere(filter: AccessLogFilter, after?: PageCursor | null): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.videoId !== undefined) conditions.push(`video_id = ${bind(filter.videoId)}`);
  if (filter.userId !== undefined) conditions.push(`user_id = ${bind(filter.userId)}`);
  if (filter.sessionId !== undefined) conditions.push(`session_id = ${bind(filter.sessionId)}`);
  if (filter.action !== undefined) conditions.push(`action = ${bind(filter.action)}`);
  if (filter.outcome !== undefined) conditions.push(`outcome = ${bind(filter.outcome)}`);
  if (filter.from !== undefined) conditions.push(`at >= ${bind(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`at < ${bind(filter.to)}`);
  if (after) {
    const at = bind(after.atMicros);
    const id = bind(after.id);
    conditions.push(`(at, id) < (timestamptz 'epoch' + ${at}::bigint * interval '1 microsecond', ${id}::bigint)`);
  }
  return { where: conditions.length > 0 ? conditions.join(' AND ') : 'true', params };
}

function toItem(row: Row): AccessLogItem {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    userId: row.user_id,
    sessionId: row.session_id,
    videoId: row.video_id,
    resource: row.resource,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
  };
}

export class AccessLogQueries {
  constructor(private readonly pool: Pick<pg.Pool, 'query'>) {}

  async page(filter: AccessLogFilter, limit: number, after?: PageCursor | null): Promise<AccessLogPage> {
    const { rows, next } = await this.rows(filter, limit, after);
    return { items: rows.map(toItem), next };
  }

  /** The whole filtered set, newest first, one batch at a time. */
  async *scan(filter: AccessLogFilter, batchSize = 2000): AsyncGenerator<AccessLogItem[]> {
    let after: PageCursor | null = null;
    do {
      const { rows, next }: { rows: Row[]; next: PageCursor | null } = await this.rows(filter, batchSize, after);
      if (rows.length > 0) yield rows.map(toItem);
      after = next;
    } while (after);
  }

  /** Granted and denied counts per UTC hour or day over [from, to), empty buckets included. */
  /** Granted and denied entries per bucket over [from, to), among those matching `filter`. */
  async stats(
    from: Date,
    to: Date,
    bucket: StatsBucket,
    filter: Omit<AccessLogFilter, 'from' | 'to'> = {},
  ): Promise<StatsPoint[]> {
    const { where, params } = buildWhere({ ...filter, from, to });
    params.push(bucket);
    const b = `$${params.length}`;
    // The range's placeholders, as buildWhere bound them (found by identity).
    const [f, t] = [params.indexOf(from) + 1, params.indexOf(to) + 1];
    const { rows } = await this.pool.query<{ at: Date; granted: string; denied: string }>(
      `WITH buckets AS (
         SELECT generate_series(date_trunc(${b}, $${f}::timestamptz AT TIME ZONE 'UTC'),
                                ($${t}::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                                ('1 ' || ${b})::interval) AS b
       ), counts AS (
         SELECT date_trunc(${b}, at AT TIME ZONE 'UTC') AS b,
                count(*) FILTER (WHERE outcome = 'granted') AS granted,
                count(*) FILTER (WHERE outcome = 'denied') AS denied
           FROM access_logs WHERE ${where} GROUP BY 1
       )
       SELECT buckets.b AT TIME ZONE 'UTC' AS at, coalesce(counts.granted, 0)::text AS granted, coalesce(counts.denied, 0)::text AS denied
         FROM buckets LEFT JOIN counts USING (b) ORDER BY buckets.b`,
      params,
    );
    return rows.map((r) => ({ at: r.at.toISOString(), granted: Number(r.granted), denied: Number(r.denied) }));
  }

  private async rows(
    filter: AccessLogFilter,
    limit: number,
    after?: PageCursor | null,
  ): Promise<{ rows: Row[]; next: PageCursor | null }> {
    const { where, params } = buildWhere(filter, after);
    params.push(limit + 1);
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM access_logs WHERE ${where} ORDER BY access_logs.at DESC, access_logs.id DESC LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return { rows, next: more && last ? { atMicros: last.at_us, id: last.id } : null };
  }
}
