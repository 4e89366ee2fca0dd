// The audit trail's own connection pools, apart from the application's ORM pool: the final flush
// at shutdown never races the ORM closing its connections, and audit bursts never starve request
// queries. Writes get a pool of their own too, so long auditor reads (an export, a verification)
// can never hold up the writer and, through back-pressure, the requests being audited.
import pg from 'pg';

function createPool(url: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 120_000,
  });
  // An idle connection dropped by the server must not crash the process; the next query simply
  // opens a new one (and a write failure is retried by the writer).
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A pooled connection for a unit of several statements. The pool listens for a connection's
 * errors only while it is idle; a server shutting down just after a reply sends its FATAL
 * message before the next statement (or the release), which would otherwise be an unhandled
 * 'error' event that ends the process. The error is kept and the connection dropped on release.
 */
export async function checkOut(pool: pg.Pool): Promise<{ client: pg.PoolClient; release(error?: Error): void }> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => (lost ??= error);
  client.on('error', onError);
  return {
    client,
    release(error) {
      client.off('error', onError);
      client.release(error ?? lost);
    },
  };
}

export class AuditDatabase {
  /** Reads, sealing and verification. */
  readonly pool: pg.Pool;
  /** Batch inserts only; opens no connection until the first write. */
  readonly writePool: pg.Pool;
  private closed = false;

  constructor(url: string, options: { applicationName?: string; max?: number } = {}) {
    const name = options.applicationName ?? 'reelguard-audit';
    this.pool = createPool(url, options.max ?? 4, name);
    this.writePool = createPool(url, 2, `${name}-writer`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.writePool.end()]);
  }
}
