// A burst of 10,000 audited requests through a small buffer (so requests wait on back-pressure),
// then the shutdown that SIGTERM triggers (enableShutdownHooks calls app.close()): every entry
// is in PostgreSQL afterwards, none twice.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditSink, AuditWriter } from '@reelguard/audit';
import { startApi, type ApiHarness } from '../../test/harness.js';

const REQUESTS = 10_000;
const CONCURRENCY = 32;

describe('audit entries survive a burst followed by shutdown', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES: '1', AUDIT_BUFFER_MAX: '100' });
    await api.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => api.close());

  it('loses none of 10,000 logged requests nor the entries still queued at shutdown', async () => {
    const base = await api.app.getUrl();
    const email = `burst-${Date.now()}@reelguard.test`;
    let next = 0;
    const statuses = new Map<number, number>();
    const client = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const res = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': `burst-${String(i).padStart(5, '0')}` },
          body: JSON.stringify({ email, password: 'not-the-password' }),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    const elapsed = Date.now() - started;
    expect([...statuses.keys()].every((s) => s === 401 || s === 429)).toBe(true);

    // Entries recorded right before shutdown, not awaited: most of them are still waiting for room.
    const sink = api.app.get(AuditSink);
    const writer = api.app.get(AuditWriter);
    for (let i = 0; i < 500; i += 1) {
      void sink.record({
        at: new Date(),
        action: 'segment',
        outcome: 'granted',
        reason: null,
        userId: null,
        sessionId: null,
        videoId: null,
        resource: null,
        ip: null,
        userAgent: null,
        requestId: `tail-${i}`,
      });
    }
    const backlog = writer.stats();
    expect(backlog.queued + backlog.waiting).toBeGreaterThanOrEqual(400);

    await api.app.close();

    const db = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<{ total: number; distinct: number; tail: number }>(
        `SELECT count(*) FILTER (WHERE request_id LIKE 'burst-%')::int AS total,
                count(DISTINCT request_id) FILTER (WHERE request_id LIKE 'burst-%')::int AS distinct,
                count(*) FILTER (WHERE request_id LIKE 'tail-%')::int AS tail
           FROM access_logs`,
      );
      expect(rows[0]).toEqual({ total: REQUESTS, distinct: REQUESTS, tail: 500 });
      const {
        rows: [login],
      } = await db.query(`SELECT count(*)::int AS n FROM access_logs WHERE action = 'login' AND resource = $1`, [
        email,
      ]);
      expect(login.n).toBe(REQUESTS);
    } finally {
      await db.end();
    }
    expect(writer.stats().lost).toBe(0);
    process.stdout.write(
      `audit burst: ${REQUESTS} requests in ${elapsed} ms (${Math.round(REQUESTS / (elapsed / 1000))}/s), backlog at shutdown ${backlog.queued} queued + ${backlog.waiting} waiting\n`,
    );
  }, 180_000);
});
