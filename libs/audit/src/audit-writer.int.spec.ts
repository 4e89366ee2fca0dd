// The writer and the append-only table against a real PostgreSQL: every entry stored once and
// in order, entries kept through an outage, and UPDATE/DELETE/TRUNCATE refused even for a superuser.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '@reelguard/testing';
import { AccessLogStore } from './access-log-store.js';
import { AuditDatabase } from './audit-database.js';
import { AuditWriter } from './audit-writer.js';
import { closeTrails, entry, later, trail, write } from './__fixtures__/trail.js';

afterEach(closeTrails);

describe('the access_logs table is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on the table, its partitions and the digests, even for a superuser', async () => {
    const t = await trail();
    await write(t, 10);
    await t.sealer.sealDue(later(2));
    const [{ name }] = (
      await t.audit.pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'access_logs'::regclass LIMIT 1`,
      )
    ).rows as [{ name: string }];
    const statements = [
      `UPDATE access_logs SET outcome = 'granted' WHERE outcome = 'denied'`,
      `DELETE FROM access_logs WHERE id = 1`,
      `TRUNCATE access_logs`,
      `UPDATE "${name}" SET reason = NULL`,
      `DELETE FROM "${name}"`,
      `TRUNCATE "${name}"`,
      `UPDATE audit_digests SET entry_count = 0`,
      `DELETE FROM audit_digests`,
      `TRUNCATE audit_digests`,
    ];
    for (const sql of statements) {
      await expect(t.audit.pool.query(sql), sql).rejects.toThrow(/the audit trail is append-only/);
    }
    expect(await t.count()).toBe(10);
    const { rows } = await t.audit.pool.query('SELECT count(*)::int AS n FROM audit_digests');
    expect(rows[0].n).toBe(1);
  });
});

describe('the writer against PostgreSQL', () => {
  it('stores every entry once, in the order recorded, with every field', async () => {
    const t = await trail();
    await write(t, 5000);
    const { rows } = await t.audit.pool.query<{ id: string; request_id: string }>(
      'SELECT id::text, request_id FROM access_logs ORDER BY access_logs.id',
    );
    expect(rows.map((r) => r.request_id)).toEqual(Array.from({ length: 5000 }, (_, i) => `req-${i}`));
    const {
      rows: [one],
    } = await t.audit.pool.query(`SELECT * FROM access_logs WHERE request_id = 'req-5'`);
    expect(one).toMatchObject({
      action: 'segment',
      outcome: 'denied',
      reason: 'token_expired',
      user_id: '0b7c6f1e-2f0a-4c8e-9a57-3c1d2e4f5a6b',
      session_id: 'sessABCDEFGHIJKLMNOPQR',
      video_id: 'videoABCDEFGHIJKLMNOPQ',
      resource: '720p_00005.m4s',
      ip: '203.0.113.7',
      user_agent: 'agent 5',
    });
  });

  it('stores text that COPY would read as syntax exactly as given', async () => {
    const t = await trail();
    // Tabs and newlines separate COPY's columns and rows, a backslash starts an escape, `\N` is
    // null and `\.` alone on a line ends the data: each must arrive as the characters it is.
    const awkward = ['a\tb', 'line\nbreak', 'cr\rlf', 'back\\slash', '\\N', '\\.', '\\.\nmore', 'ünï 😀', ''];
    for (const [i, text] of awkward.entries()) {
      await t.writer.record({ ...entry(i), resource: text, userAgent: `${text}|${i}`, requestId: `awkward-${i}` });
    }
    await t.writer.record({ ...entry(99), reason: null, userId: null, userAgent: null, requestId: 'nulls' });
    await t.writer.flush();
    const { rows } = await t.audit.pool.query<{ resource: string; user_agent: string; request_id: string }>(
      `SELECT resource, user_agent, request_id FROM access_logs WHERE request_id LIKE 'awkward-%' ORDER BY id`,
    );
    expect(rows).toEqual(
      awkward.map((text, i) => ({ resource: text, user_agent: `${text}|${i}`, request_id: `awkward-${i}` })),
    );
    const {
      rows: [nulls],
    } = await t.audit.pool.query(`SELECT reason, user_id, user_agent FROM access_logs WHERE request_id = 'nulls'`);
    expect(nulls).toEqual({ reason: null, user_id: null, user_agent: null });
  });

  it('opens the partition of every month a batch reaches, wherever in the batch its entries are', async () => {
    const t = await trail();
    // Only this month and the next have partitions; these entries also fall in two months years
    // ahead, interleaved, so each month appears after another in the same batch.
    const months = [new Date(), new Date(Date.UTC(2031, 0, 15)), new Date(Date.UTC(2031, 1, 15))];
    for (let i = 0; i < 30; i += 1) await t.writer.record(entry(i, months[i % 3]));
    expect(await t.writer.flush(10_000)).toBe(true);
    expect(await t.count()).toBe(30);
    const { rows } = await t.audit.pool.query<{ month: string; n: number }>(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS n
         FROM access_logs WHERE at >= '2031-01-01' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { month: '2031-01', n: 10 },
      { month: '2031-02', n: 10 },
    ]);
    const { rows: parts } = await t.audit.pool.query<{ name: string }>(
      `SELECT to_regclass('access_logs_2031_01')::text AS name UNION ALL
       SELECT to_regclass('access_logs_2031_02')::text`,
    );
    expect(parts.map((p) => p.name)).toEqual(['access_logs_2031_01', 'access_logs_2031_02']);
  });

  it('keeps entries queued while PostgreSQL is unreachable and writes them all once it is back', async () => {
    const t = await trail();
    const target = new URL(TEST_POSTGRES_URL);
    const sockets = new Set<Socket>();
    let proxy: Server | null = null;
    const startProxy = (port: number) =>
      new Promise<void>((resolve) => {
        proxy = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          sockets.add(client).add(upstream);
          client.pipe(upstream).pipe(client);
          const drop = () => (client.destroy(), upstream.destroy());
          client.on('error', drop).on('close', drop);
          upstream.on('error', drop).on('close', drop);
        });
        proxy.listen(port, '127.0.0.1', () => resolve());
      });
    const stopProxy = () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        proxy!.close(() => resolve());
      });
    await startProxy(0);
    const port = (proxy!.address() as { port: number }).port;
    const viaProxy = new URL(t.db.url);
    viaProxy.host = `127.0.0.1:${port}`;
    const audit = new AuditDatabase(viaProxy.toString(), { max: 2 });
    const errors: string[] = [];
    const writer = new AuditWriter(new AccessLogStore(audit.pool), {
      maxBuffered: 500,
      flushIntervalMs: 5,
      retryMinMs: 20,
      retryMaxMs: 200,
      onError: (m) => errors.push(m),
    });
    try {
      for (let i = 0; i < 100; i += 1) await writer.record(entry(i));
      await writer.flush();
      await stopProxy();
      for (let i = 100; i < 400; i += 1) await writer.record(entry(i));
      await new Promise((r) => setTimeout(r, 500));
      expect(writer.stats().queued).toBe(300);
      expect(errors.some((m) => m.includes('retrying'))).toBe(true);
      expect(await t.count()).toBe(100);
      await startProxy(port);
      expect(await writer.flush(10_000)).toBe(true);
      expect(await t.count()).toBe(400);
      const { rows } = await t.audit.pool.query<{ n: number }>(
        'SELECT count(DISTINCT request_id)::int AS n FROM access_logs',
      );
      expect(rows[0]!.n).toBe(400);
    } finally {
      await writer.close(1000);
      await audit.close();
      if (proxy) await stopProxy().catch(() => undefined);
    }
  });
});
