// The trail's indexes against a real PostgreSQL: ascending (cheaper to write, migration 0007),
// yet every auditor's page, newest first, first or later, is still read off one index backwards;
// and a trail written under the old descending indexes keeps every entry and its order through
// the migration and back.
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { dataSourceOptions, dropDatabase, ensureDatabase, MIGRATIONS } from '@reelguard/persistence';
import { testDatabaseUrl } from '@reelguard/testing';
import { AccessLogQueries, type AccessLogFilter } from './access-log-queries.js';
import { AccessLogStore } from './access-log-store.js';
import { AuditDatabase } from './audit-database.js';
import { closeTrails, entry, trail, write } from './__fixtures__/trail.js';

afterEach(closeTrails);

const INDEXED_FILTERS: Array<[string, AccessLogFilter, RegExp]> = [
  ['no filter', {}, /_at_id_idx /],
  ['a video', { videoId: 'videoABCDEFGHIJKLMNOPQ' }, /video_id_at_id_idx/],
  ['a user', { userId: '0b7c6f1e-2f0a-4c8e-9a57-3c1d2e4f5a6b' }, /user_id_at_id_idx/],
  ['a session', { sessionId: 'sessABCDEFGHIJKLMNOPQR' }, /session_id_at_id_idx/],
  ['refusals', { outcome: 'denied' }, /_at_id_idx1 /],
];

async function partitionCount(pool: Pick<pg.Pool, 'query'>): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'access_logs'::regclass`,
  );
  return rows[0]!.n;
}

/** The definitions of every index on the trail and its partitions. */
async function indexDefinitions(pool: Pick<pg.Pool, 'query'>): Promise<string[]> {
  const { rows } = await pool.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'access_logs'
        OR tablename IN (SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                          WHERE i.inhparent = 'access_logs'::regclass)
      ORDER BY indexname`,
  );
  return rows.map((r) => r.def);
}

describe('the indexes of the audit trail', () => {
  it('are ascending on the table and on every partition', async () => {
    const t = await trail();
    await write(t, 20);
    const defs = await indexDefinitions(t.audit.pool);
    // Five on the table plus the primary key, the same six on each partition.
    const partitions = await partitionCount(t.audit.pool);
    expect(partitions).toBeGreaterThan(0);
    expect(defs).toHaveLength(6 * (1 + partitions));
    for (const def of defs) expect(def).not.toMatch(/DESC/);
    expect(
      defs.filter((d) => / ON (ONLY )?public\.access_logs USING /.test(d)).map((d) => d.replace(/^.*USING btree /, '')),
    ).toEqual([
      '(at, id)',
      "(at, id) WHERE (outcome = 'denied'::text)",
      '(id, at)',
      '(session_id, at, id) WHERE (session_id IS NOT NULL)',
      '(user_id, at, id) WHERE (user_id IS NOT NULL)',
      '(video_id, at, id) WHERE (video_id IS NOT NULL)',
    ]);
  });

  it.each(INDEXED_FILTERS)(
    "serve an auditor's page for %s, first or later, newest first, by one backward index scan",
    async (_name, filter, index) => {
      const t = await trail();
      await write(t, 300);
      // The SQL exactly as the queries send it.
      const sent: Array<{ text: string; params: unknown[] }> = [];
      const recording = {
        query: (text: string, params: unknown[]) => {
          sent.push({ text, params });
          return t.audit.pool.query(text, params);
        },
      } as unknown as Pick<pg.Pool, 'query'>;
      const queries = new AccessLogQueries(recording);
      const first = await queries.page(filter, 10);
      const second = await queries.page(filter, 10, first.next);
      expect(first.next).not.toBeNull();
      expect(second.items.length).toBeGreaterThan(0);
      expect(sent).toHaveLength(2);

      // The table is small: without these the planner would rightly read it whole and sort it.
      // With them it still sorts when no index gives the order, so a plan without a Sort is one
      // that reads the order off an index.
      const client = await t.audit.pool.connect();
      try {
        await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off');
        for (const { text, params } of sent) {
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
          const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
          expect(plan, plan).not.toMatch(/Sort/);
          expect(plan, plan).toMatch(new RegExp(`Index Scan Backward using \\S*${index.source}`));
        }
      } finally {
        client.release();
      }
    },
  );
});

describe('migration 0007', () => {
  it('rebuilds the indexes of a trail written before it, keeping every entry and its order, and back', async () => {
    const url = testDatabaseUrl('reelguard_audit_migration');
    await ensureDatabase(url);
    const options = dataSourceOptions(url, { poolSize: 2, logErrors: false });
    const before = MIGRATIONS.slice(
      0,
      MIGRATIONS.findIndex((m) => m.name.startsWith('AuditIndexesAscending')),
    );
    // The product's own pool: an idle connection the server drops is not an unhandled error.
    const audit = new AuditDatabase(url, { max: 2 });
    const pool = audit.pool;
    try {
      const old = new DataSource({ ...options, migrations: before });
      await old.initialize();
      await old.destroy();
      const store = new AccessLogStore(pool);
      const at = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 1000);
      await store.insert(Array.from({ length: 50 }, (_, i) => store.encode(entry(i, at(i)))));
      const partitions = await partitionCount(pool);
      expect(partitions).toBeGreaterThan(0);
      expect((await indexDefinitions(pool)).filter((d) => d.includes('DESC'))).toHaveLength(5 * (1 + partitions));
      const queries = new AccessLogQueries(pool);
      const pageBefore = await queries.page({ sessionId: 'sessABCDEFGHIJKLMNOPQR' }, 50);
      expect(pageBefore.items.map((i) => i.requestId)).toEqual(Array.from({ length: 50 }, (_, i) => `req-${49 - i}`));

      const current = new DataSource(options);
      await current.initialize();
      const defs = await indexDefinitions(pool);
      expect(defs).toHaveLength(6 * (1 + partitions));
      for (const def of defs) expect(def).not.toMatch(/DESC/);
      expect(await queries.page({ sessionId: 'sessABCDEFGHIJKLMNOPQR' }, 50)).toEqual(pageBefore);

      await current.undoLastMigration();
      expect((await indexDefinitions(pool)).filter((d) => d.includes('DESC'))).toHaveLength(5 * (1 + partitions));
      expect(await queries.page({ sessionId: 'sessABCDEFGHIJKLMNOPQR' }, 50)).toEqual(pageBefore);
      await current.destroy();
    } finally {
      await audit.close();
      await dropDatabase(url);
    }
  });
});
