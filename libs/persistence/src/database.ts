// Creating the database when it is missing, and turning driver errors into one readable line.
import pg from 'pg';

export function describeDatabaseError(error: unknown, url: string): string {
  const target = safeTarget(url);
  const e = error as { code?: string; message?: string } | null;
  switch (e?.code ?? '') {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${target} (connection refused): is it running? Check DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the PostgreSQL host of ${target}: check DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `PostgreSQL at ${target} did not answer in time: check DATABASE_URL and the network.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${target} refused the credentials in DATABASE_URL.`;
    case '3D000':
      return `the database in DATABASE_URL does not exist at ${target} and could not be created.`;
    default:
      if (e?.message?.includes('password'))
        return `PostgreSQL at ${target} asked for a password: put it in DATABASE_URL.`;
      return `PostgreSQL at ${target} failed: ${e?.message ?? String(error)}`;
  }
}

/** host:port/database without credentials, for messages. */
export function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(invalid DATABASE_URL)';
  }
}

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name))
    throw new Error(`DATABASE_URL names an unusual database "${name}": create it yourself.`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (error) {
        // Another process created it between our check and our create.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

// Whether an error means PostgreSQL cannot be reached or is going away (callers answer 503
// naming the database), as opposed to a query that failed on its own merits. The driver
// reports an outage in several shapes depending on the moment it strikes: a refused connect, a
// socket reset mid-query, a server shutting down or starting up, a pooled client whose
// connection died before it was handed out.

/** Socket-level failures of the connection to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01–57P03 (terminated
 * by an administrator, crash shutdown, cannot connect now: shutting down or starting up) and
 * 53300 (too many connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|is not queryable/i;

const MAX_DEPTH = 4;

/** True for an unreachable, stopping or starting PostgreSQL, however the driver reports it. */
export function isDatabaseDown(error: unknown): boolean {
  return reportsOutage(error, 0);
}

function reportsOutage(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.test(message)) return true;
  // TypeORM wraps the driver's error; Node wraps one per address tried when connecting.
  if (reportsOutage(driverError, depth + 1) || reportsOutage(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => reportsOutage(inner, depth + 1));
}
