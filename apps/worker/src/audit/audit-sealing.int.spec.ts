// The worker's sealing loop against a real PostgreSQL: it seals windows as they close, one
// worker at a time, and its hourly maintenance opens next months and drops expired ones.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@reelguard/config';
import { AccessLogStore, AuditDatabase, AuditWriter, DigestVerifier, type AccessLogEntry } from '@reelguard/audit';
import { createTestDatabase } from '@reelguard/testing';
import { AuditSealingService } from './audit-sealing.service.js';

const DAY = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(env: Record<string, string> = {}) {
  const db = await createTestDatabase('reelguard_seal');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    AUDIT_SEAL_WINDOW_SEC: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const audit = new AuditDatabase(db.url, { max: 2 });
  const writer = new AuditWriter(new AccessLogStore(audit.pool), { maxBuffered: 1000, flushIntervalMs: 5 });
  cleanups.push(async () => {
    await writer.close();
    await audit.close();
    await db.drop();
  });
  const service = () => {
    const s = new AuditSealingService(config);
    cleanups.push(() => s.onApplicationShutdown());
    return s;
  };
  const verifier = new DigestVerifier(audit.pool, {
    hmacKey: config.AUDIT_HMAC_KEY,
    retentionDays: config.AUDIT_RETENTION_DAYS,
  });
  return { db, config, audit, writer, service, verifier };
}

const entry = (i: number, at = new Date()): AccessLogEntry => ({
  at,
  action: 'manifest',
  outcome: 'granted',
  reason: null,
  userId: null,
  sessionId: null,
  videoId: null,
  resource: null,
  ip: null,
  userAgent: null,
  requestId: `w-${i}`,
});

describe('the audit sealing service', () => {
  it('seals closed windows in the background while entries keep arriving', async () => {
    const { writer, service, verifier, db } = await setUp();
    const sealing = service();
    sealing.onApplicationBootstrap();
    for (let i = 0; i < 200; i += 1) {
      await writer.record(entry(i));
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 150));
    }
    await writer.flush();
    await new Promise((r) => setTimeout(r, 7000));
    await sealing.onApplicationShutdown();
    const report = await verifier.verify();
    expect(report).toMatchObject({ ok: true, unsealed: 0, entries: 200 });
    expect(report.checked).toBeGreaterThanOrEqual(3);
    // Ticking faster than the window, each digest closes exactly one window, back to back.
    const digests: { start: Date; end: Date }[] = await db.dataSource.query(
      'SELECT window_start AS start, window_end AS "end" FROM audit_digests ORDER BY seq',
    );
    for (const [i, d] of digests.entries()) {
      expect(d.end.getTime() - d.start.getTime()).toBe(1000);
      if (i > 0) expect(d.start.getTime()).toBe(digests[i - 1]!.end.getTime());
    }
  }, 30_000);

  it('lets only one of two workers seal each window', async () => {
    const { writer, service, db } = await setUp();
    const a = service();
    const b = service();
    await writer.record(entry(1));
    await writer.flush();
    const now = new Date(Date.now() + 10_000);
    await Promise.all([a.tick(now), b.tick(now), a.tick(now), b.tick(now)]);
    const rows: { seq: string; window_start: Date; window_end: Date }[] = await db.dataSource.query(
      'SELECT seq, window_start, window_end FROM audit_digests ORDER BY seq',
    );
    expect(rows).toHaveLength(1);
  });

  it('opens the coming months and drops months past retention, and the rest still verifies', async () => {
    const { writer, service, verifier, db } = await setUp({ AUDIT_RETENTION_DAYS: '60' });
    const old = new Date(Date.now() - 120 * DAY);
    for (let i = 0; i < 10; i += 1) await writer.record(entry(i, old));
    for (let i = 10; i < 15; i += 1) await writer.record(entry(i));
    await writer.flush();
    const sealing = service();
    await sealing.tick(new Date(Date.now() + 10_000));
    const months = (await sealing.partitions.list()).map((p) => p.month);
    const oldMonth = old.toISOString().slice(0, 7);
    expect(months).not.toContain(oldMonth);
    const now = new Date();
    const inTwoMonths = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString().slice(0, 7);
    expect(months).toContain(inTwoMonths);
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM access_logs');
    expect(n).toBe(5);
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: 1, entries: 15 });
  });
});
