// Outage errors as the pg driver really raises them, against a real PostgreSQL (and a port
// nothing listens on), told apart from errors of a query that is simply wrong.
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '@reelguard/testing';
import { isDatabaseDown } from './index.js';

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('isDatabaseDown', () => {
  it('recognises a refused connection', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'postgres' });
    const error = await caught(() => client.connect());
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseDown(error)).toBe(true);
  });

  it('recognises a connection reset while it is being made, as by a server going down', async () => {
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const error = await caught(() => new pg.Client({ host: '127.0.0.1', port, user: 'postgres' }).connect());
      expect((error as { code?: string }).code).toBe('ECONNRESET');
      expect(isDatabaseDown(error)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('recognises a session the server terminated (a shutdown), and a query on it afterwards', async () => {
    const victim = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await victim.connect();
    victim.on('error', () => undefined);
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const running = caught(() => victim.query('SELECT pg_sleep(5)'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const terminated = await running;
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(isDatabaseDown(terminated)).toBe(true);

      const after = await caught(() => victim.query('SELECT 1'));
      expect(String((after as Error).message)).toMatch(/not queryable|Connection terminated/);
      expect(isDatabaseDown(after)).toBe(true);
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('recognises an outage wrapped by TypeORM, as a cause, or among the errors of each address tried', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseDown({ message: 'Query failed', driverError: { code: '57P03' } })).toBe(true);
    expect(isDatabaseDown(new Error('could not save', { cause: refused }))).toBe(true);
    expect(isDatabaseDown(new AggregateError([refused], ''))).toBe(true);
  });

  it('leaves errors of a wrong query, and anything else, to be answered as failures', async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      const syntax = await caught(() => client.query('SELEC 1'));
      expect((syntax as { code?: string }).code).toBe('42601');
      expect(isDatabaseDown(syntax)).toBe(false);
      const division = await caught(() => client.query('SELECT 1/0'));
      expect(isDatabaseDown(division)).toBe(false);
    } finally {
      await client.end();
    }
    expect(isDatabaseDown(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseDown(null)).toBe(false);
    expect(isDatabaseDown('Connection terminated')).toBe(false);
  });
});
