// A fresh audit trail on its own PostgreSQL database for each test: writer, sealer, verifier,
// and a superuser session with triggers switched off, which is what an attacker with database
// access has. Every trail opened is closed and dropped by closeTrails().
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@reelguard/testing';
import type { AccessLogEntry } from '../audit-entry.js';
import { AccessLogStore } from '../access-log-store.js';
import { AuditDatabase } from '../audit-database.js';
import { AuditWriter } from '../audit-writer.js';
import { DigestSealer } from '../digest-sealer.js';
import { DigestVerifier } from '../digest-verifier.js';

export const KEY = 'test-audit-hmac-key-that-is-long-enough';
export const MINUTE = 60_000;

export interface Trail {
  db: TestDatabase;
  audit: AuditDatabase;
  writer: AuditWriter;
  sealer: DigestSealer;
  verifier: DigestVerifier;
  /** A superuser session with triggers switched off: what an attacker with DB access has. */
  attacker(): Promise<pg.Client>;
  count(): Promise<number>;
}

const open: Trail[] = [];

export async function trail(options: { retentionDays?: number } = {}): Promise<Trail> {
  const db = await createTestDatabase('reelguard_audit');
  const audit = new AuditDatabase(db.url, { max: 4 });
  const writer = new AuditWriter(new AccessLogStore(audit.pool), { maxBuffered: 10_000, flushIntervalMs: 10 });
  const t: Trail = {
    db,
    audit,
    writer,
    sealer: new DigestSealer(audit.pool, { windowSec: 60, hmacKey: KEY, graceSec: 5 }),
    verifier: new DigestVerifier(audit.pool, { hmacKey: KEY, retentionDays: options.retentionDays ?? 400 }),
    async attacker() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`SET session_replication_role = replica`);
      return client;
    },
    async count() {
      const { rows } = await audit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM access_logs');
      return rows[0]!.n;
    },
  };
  open.push(t);
  return t;
}

export async function closeTrails(): Promise<void> {
  for (const t of open.splice(0)) {
    await t.writer.close(5000);
    await t.audit.close();
    await t.db.drop();
  }
}

export const entry = (n: number, at = new Date()): AccessLogEntry => ({
  at,
  action: n % 3 === 0 ? 'key' : 'segment',
  outcome: n % 5 === 0 ? 'denied' : 'granted',
  reason: n % 5 === 0 ? 'token_expired' : null,
  userId: '0b7c6f1e-2f0a-4c8e-9a57-3c1d2e4f5a6b',
  sessionId: 'sessABCDEFGHIJKLMNOPQR',
  videoId: 'videoABCDEFGHIJKLMNOPQ',
  resource: `720p_${String(n).padStart(5, '0')}.m4s`,
  ip: '203.0.113.7',
  userAgent: `agent ${n}`,
  requestId: `req-${n}`,
});

export async function write(t: Trail, n: number, at?: (i: number) => Date): Promise<void> {
  for (let i = 0; i < n; i += 1) await t.writer.record(entry(i, at?.(i)));
  await t.writer.flush();
}

export const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
